"""The case file in a real browser, in Russian: a caseworker drops two scans on the client page, watches them
upload one after another, and finds the resolution's copy linked from the decision on the timeline and named
as the evidence of the appeal deadline; the document's page shows the PDF in its frame."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import translation

from casework.models import Document
from tests.browser.conftest import assert_accessible, log_in, screenshot
from tests.conftest import PASSWORD, make_client, record
from tests.documents.conftest import PNG, pdf

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def ru(text: str) -> str:
    with translation.override("ru"):
        return translation.gettext(text)


def test_a_caseworker_uploads_two_scans_and_sees_the_decision_evidenced(page, alice):
    today = datetime.now(ZoneInfo("Europe/Moscow")).date()
    client = make_client(alice)
    decision = record(
        alice, client, "decision_issued", today - timedelta(days=3),
        decision_ref="D1", kind="administrative_expulsion", copy_received_on=(today - timedelta(days=2)).isoformat(),
    )  # fmt: skip

    log_in(page, "alice", PASSWORD, label=ru)
    page.goto(f"/clients/{client.id}/")
    deadlines = page.get_by_role("region", name=ru("Deadlines"))
    deadlines.get_by_text(ru("No evidence on file for the date this deadline counts from.")).first.wait_for()

    case_file = page.get_by_role("region", name=ru("Case file"))
    case_file.get_by_label(re.compile(re.escape(ru("Files")))).set_input_files(
        [
            {"name": "postanovlenie.pdf", "mimeType": "application/pdf", "buffer": pdf()},
            {"name": "konvert.png", "mimeType": "image/png", "buffer": PNG},
        ]
    )
    case_file.get_by_label(re.compile(re.escape(ru("Kind of document")))).select_option("decision_copy")
    case_file.get_by_label(ru("Evidence for")).select_option(str(decision.id))
    assert_accessible(page)
    screenshot(page, "case-file-upload")
    with page.expect_navigation():  # the script reloads the page once every file is in
        case_file.get_by_role("button", name=ru("Upload"), exact=True).click()

    assert Document.objects.filter(client=client).count() == 2
    table = page.get_by_role("region", name=ru("Case file")).get_by_role("table")
    table.get_by_role("link", name="postanovlenie.pdf").wait_for()
    table.get_by_role("link", name="konvert.png").wait_for()

    # The decision on the timeline carries the paperclip; the deadline names its evidence.
    entry = page.locator(f"#event-{decision.id}")
    assert entry.get_by_text(ru("Evidence in the case file:")).count() == 1
    assert entry.get_by_role("link").filter(has_text=str(ru("copy of the decision"))).count() == 2
    deadlines.get_by_text(ru("Trigger date evidenced by:")).first.wait_for()
    assert (
        deadlines.get_by_text(ru("No evidence on file for the date this deadline counts from.")).count() == 0
    )
    assert_accessible(page)

    # The PDF's own page: its frame loads the content inline, under its own policy.
    table.get_by_role("link", name="postanovlenie.pdf").click()
    page.get_by_role("heading", level=1, name=re.compile("postanovlenie.pdf")).wait_for()
    frame = page.locator("iframe.document-frame")
    assert frame.count() == 1 and frame.get_attribute("src").endswith("?view=inline")
    assert page.get_by_role("link", name=ru("Download")).count() == 1
    assert_accessible(page)
    screenshot(page, "case-file-document")
