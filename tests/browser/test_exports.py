"""An analyst in the browser: the exports page renders its tables and charts without console errors or CSP
violations, passes axe-core, and a table downloads as CSV."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from django.utils import translation

from tests.browser.conftest import assert_accessible, log_in, screenshot
from tests.conftest import PASSWORD
from tests.exports.conftest import client_with, exported_in_2026, listing, small_rules  # noqa: F401

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("small_rules"),
]

GROUNDS = ("stay_expired",) * 6 + ("permit_annulled", "illegal_entry", "administrative_removal")
CITIZENSHIPS = ("UZB",) * 5 + ("TJK",) * 3 + ("KGZ", "AZE")
REGIONS = ("RU-MOW",) * 4 + ("RU-MOS", "RU-SPE", "RU-SVE", "RU-TA", "RU-NVS")


def ru(text: str) -> str:
    with translation.override("ru"):
        return translation.gettext(text)


@pytest.fixture
def a_year_of_clients(alice):
    for number in range(72):
        quarter = number % 4
        listed_on = date(2025, 1 + 3 * quarter, 3 + number % 20)
        steps = [listing(listed_on, GROUNDS[number % len(GROUNDS)])]
        if number % 3:
            steps.append(("bank_account_frozen", date(2025, 1 + 3 * quarter, 25), {}))
        if number % 2:
            steps.append(
                (
                    "decision_issued",
                    date(2025, 2 + 3 * quarter, 1),
                    {
                        "decision_ref": "D1",
                        "kind": "administrative_expulsion",
                        "copy_received_on": f"2025-{2 + 3 * quarter:02d}-02",
                    },
                )
            )
            if number % 4 != 3:
                steps.append(
                    ("appeal_filed", date(2025, 2 + 3 * quarter, 5), {"decision_ref": "D1", "forum": "court"})
                )
        if number % 5 == 0:
            steps.append(("detained", date(2025, 2 + 3 * quarter, 20), {"basis": "expulsion"}))
        client_with(
            alice,
            number,
            registered_on=date(2025, 1 + 3 * quarter, 2),
            citizenship=CITIZENSHIPS[number % len(CITIZENSHIPS)],
            region=REGIONS[number % len(REGIONS)],
            sex="F" if number % 4 == 0 else "M",
            born=1970 + number % 35,
            steps=steps,
        )


def test_an_analyst_reads_the_years_tables_and_downloads_one(page, bob, a_year_of_clients, exported_in_2026):  # noqa: F811
    log_in(page, "bob", PASSWORD, label=ru)

    page.get_by_role("navigation", name=ru("Main")).get_by_role("link", name=ru("Exports")).click()
    page.get_by_role("heading", level=1, name=ru("Aggregate exports")).wait_for()
    page.get_by_label(ru("Year")).select_option("2025")
    page.get_by_role("button", name=ru("Show")).click()
    page.wait_for_url("**/exports/?period=2025")

    title = ru("Register inclusions by quarter and ground")
    section = page.get_by_role("region", name=title)
    section.get_by_role("table").wait_for()
    assert section.get_by_role("img").count() == 1  # its bar chart
    assert page.get_by_role("table").count() >= 5
    assert_accessible(page)
    screenshot(page, "exports")

    with page.expect_download() as download:
        section.get_by_role("link", name="CSV").click()
    assert download.value.suggested_filename == "inclusions_by_ground-2025-organisation.csv"
    text = Path(download.value.path()).read_text(encoding="utf-8")
    assert text.startswith("# table: inclusions_by_ground\n")

    page.get_by_text(ru("Internal: what was hidden and why (do not publish)")).first.click()
    assert_accessible(page)
