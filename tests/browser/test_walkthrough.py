"""The issue's acceptance path, in a real browser: a caseworker who has never seen the system goes from the
dashboard to a new client's expulsion decision and sees the appeal deadline with its reasoning.

The page is in Russian (the default; the caseworker's membership says so) until the caseworker switches to
English at the end. Selectors use roles and labels, translated with the same catalogue the server uses, so
the test reads the screen as a person would and survives markup changes and the Russian catalogue landing."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import translation

from casework.models import Deadline, Membership
from casework.wording.rules import deadline_words
from tests.browser.conftest import assert_accessible, log_in, screenshot
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CLIENT_URL = re.compile(r"/clients/[0-9a-f-]{36}/$")


def ru(text: str) -> str:
    """The Russian the server renders for an English msgid (the catalogue as compiled; English if absent)."""
    with translation.override("ru"):
        return translation.gettext(text)


def field(page, label: str):
    """The form control labelled exactly `label` (a required field's label ends with " *")."""
    return page.get_by_label(re.compile(rf"^\s*{re.escape(label)}(\s*\*)?\s*$"))


def record(page, event_label: str, values: dict[str, str], *, shot: str | None = None) -> None:
    """From the client page: "Record an event" → the event type → fill the form → "Record"."""
    page.get_by_role("link", name=ru("Record an event"), exact=True).click()
    page.get_by_role("link", name=ru(event_label), exact=True).click()
    for label, value in values.items():
        control = field(page, ru(label))
        if control.evaluate("element => element.tagName") == "SELECT":
            control.select_option(value)
        else:
            control.fill(value)
    if shot:
        screenshot(page, shot)
    page.get_by_role("button", name=ru("Record"), exact=True).click()
    page.wait_for_url(CLIENT_URL)
    page.get_by_role("status").get_by_text(ru(event_label)).wait_for()


# "Срок обжалования": the card says what kind of deadline it is in the wording the e-mails use.
KIND = deadline_words("appeal", "koap_expulsion_appeal", "ru").capitalize()


def deadline_article(page, decision_ref: str):
    """The appeal deadline of one decision (the register inclusion has an appeal deadline of its own)."""
    subject = ru("decision %(ref)s") % {"ref": decision_ref}
    heading = page.get_by_role("heading", name=re.compile(rf"{re.escape(KIND)}.*{re.escape(subject)}"))
    return page.get_by_role("region", name=ru("Deadlines")).get_by_role("article").filter(has=heading)


def test_a_newcomer_records_an_expulsion_decision_and_sees_the_appeal_deadline(page, alice):
    today = datetime.now(ZoneInfo("Europe/Moscow")).date()
    listed_on = today - timedelta(days=20)
    decided_on, copy_received_on = today - timedelta(days=3), today - timedelta(days=2)

    # Log in; the dashboard is the front door.
    log_in(page, "alice", PASSWORD, label=ru)
    page.get_by_role("heading", level=1, name=ru("Dashboard")).wait_for()
    assert_accessible(page)

    # Clients → New client.
    page.get_by_role("navigation", name=ru("Main")).get_by_role(
        "link", name=ru("Clients"), exact=True
    ).click()
    page.get_by_role("heading", level=1, name=ru("Clients")).wait_for()
    assert_accessible(page)
    page.get_by_role("link", name=ru("New client"), exact=True).click()

    field(page, ru("Full name")).fill("Rustam Karimov")
    field(page, ru("Date of birth")).fill("1990-05-01")
    field(page, ru("Passport or other document number (optional)")).fill("AB 1234567")
    field(page, ru("Citizenship")).select_option("TJK")
    page.get_by_role("radio", name=ru("Male"), exact=True).check()
    field(page, ru("Region where the client lives")).select_option("RU-MOW")
    page.get_by_role("button", name=ru("Register client")).click()

    # The client page.
    page.wait_for_url(CLIENT_URL)
    page.get_by_role("heading", level=1, name=re.compile(re.escape(ru("Client")))).wait_for()
    assert page.get_by_text("Rustam Karimov").count() >= 1
    assert_accessible(page)

    # Register inclusion, then the expulsion decision with the date its copy was received.
    record(
        page,
        "Included in the register of controlled persons",
        {"Date of the event": listed_on.isoformat(), "Ground": "stay_expired"},
    )
    status = page.get_by_role("region", name=ru("Status"))
    status.get_by_text(ru("Listed"), exact=True).wait_for()
    record(
        page,
        "Decision issued",
        {
            "Date of the event": decided_on.isoformat(),
            "Decision reference": "D1",
            "Kind of decision": "administrative_expulsion",
            "Copy received on": copy_received_on.isoformat(),
        },
        shot="event-form",
    )

    # The restrictions while listed, in plain words.
    restrictions = status.get_by_role("table")
    assert restrictions.get_by_role("cell", name=ru("Marriage prohibited"), exact=True).count() == 1
    assert (
        restrictions.get_by_role("cell", name=ru("No leaving the region, except to leave Russia")).count()
        == 1
    )

    # The appeal deadline: open, with its due date, and its reasoning once expanded.
    appeal = deadline_article(page, "D1")
    expected = Deadline.objects.select_related("client").get(key="appeal:D1")
    assert appeal.get_by_text(ru("open"), exact=True).count() == 1
    assert expected.due_on.strftime("%d.%m.%Y") in appeal.inner_text()
    steps = appeal.get_by_role("list")
    if not steps.is_visible():  # the page may open the most urgent explanation by itself
        appeal.get_by_text(ru("How this date was counted")).click()
    steps.wait_for()
    step_texts = steps.get_by_role("listitem").all_inner_texts()
    assert len(step_texts) >= 2
    assert any(copy_received_on.strftime("%d.%m.%Y") in text for text in step_texts)
    assert_accessible(page)
    screenshot(page, "client")

    # The dashboard now shows the deadline; the clients list shows the client.
    page.get_by_role("navigation", name=ru("Main")).get_by_role("link", name=ru("Dashboard")).click()
    page.get_by_role("link", name=expected.client.code).first.wait_for()
    assert_accessible(page)
    screenshot(page, "dashboard")
    page.get_by_role("navigation", name=ru("Main")).get_by_role(
        "link", name=ru("Clients"), exact=True
    ).click()
    assert_accessible(page)
    screenshot(page, "clients")
    page.get_by_role("link", name=expected.client.code).first.click()
    page.wait_for_url(CLIENT_URL)

    # The appeal is filed: the deadline is met.
    record(
        page,
        "Appeal filed",
        {"Date of the event": today.isoformat(), "Decision reference": "D1", "Filed with": "court"},
    )
    assert deadline_article(page, "D1").get_by_text(ru("met"), exact=True).count() == 1
    assert Deadline.objects.get(pk=expected.pk).status == "met"

    # Switch to English: the choice is kept, and the page speaks English.
    page.get_by_role("button", name="EN", exact=True).click()
    page.wait_for_url(CLIENT_URL)
    assert page.locator("html").get_attribute("lang") == "en"
    page.get_by_role("link", name="Record an event", exact=True).wait_for()
    assert page.get_by_role("region", name="Deadlines").get_by_text("met", exact=True).count() == 1
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Dashboard").click()
    page.get_by_role("heading", level=1, name="Dashboard").wait_for()
    assert Membership.objects.get(user=alice).language == "en"
