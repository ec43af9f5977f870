"""The client page: status, deadlines with their reasoning, timeline, reminders, as of / as known at, per role."""

from __future__ import annotations

import re
from datetime import date, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from casework.models import Event, Reminder, ReminderState
from casework.services.clients import client_erase
from tests.conftest import make_client, record

INCLUSION = {"ground": "stay_expired", "posted_on": "2025-02-11", "source": "bank"}
DECISION = {"decision_ref": "D1", "kind": "administrative_expulsion", "copy_received_on": "2025-02-27"}


@pytest.fixture
def on_5_march_2025():
    with time_machine.travel("2025-03-05 10:00:00+03:00", tick=False):
        yield


@pytest.fixture
def listed(alice, on_5_march_2025, in_english):
    """LEGAL-RULES' worked example: an expulsion resolution whose copy was received on 27.02.2025."""
    client = make_client(alice)
    record(alice, client, "register_inclusion", "2025-02-10", **INCLUSION)
    record(alice, client, "decision_issued", "2025-02-27", **DECISION)
    return client


def page_url(client):
    return reverse("web:client", kwargs={"client_id": client.id})


def get_page(django_client, user, client, query=None):
    django_client.force_login(user)
    return django_client.get(page_url(client), query or {})


def deadline_block(html: str, key: str) -> str:
    match = re.search(rf'<article class="deadline[^"]*" id="deadline-{key}">(.*?)</article>', html, re.S)
    assert match, f"no deadline {key} on the page"
    return match.group(1)


def restriction_row(html: str, label: str) -> str:
    rows = re.findall(r"<tr>(.*?)</tr>", html, re.S)
    row = next((row for row in rows if label in row), None)
    assert row is not None, f"no restriction row {label!r}"
    return row


@pytest.mark.parametrize("role", ["alice", "sam", "dora"])
def test_it_shows_the_page_to_case_roles(client, request, role, listed):
    response = get_page(client, request.getfixturevalue(role), listed)

    assert response.status_code == 200
    html = response.content.decode()
    assert listed.code in html
    assert "Rustam Karimov" in html
    assert "AB1234567" in html


def test_it_refuses_the_analyst(client, bob, listed):
    assert get_page(client, bob, listed).status_code == 403


def test_it_hides_the_client_from_another_organisation(client, charlie, listed):
    assert get_page(client, charlie, listed).status_code == 404


def test_it_sends_anonymous_visitors_to_log_in(client, listed):
    response = client.get(page_url(listed))

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_it_shows_the_worked_example_due_date_with_its_explanation(client, alice, listed):
    html = get_page(client, alice, listed).content.decode()

    block = deadline_block(html, "appeald1")
    assert "10.03.2025" in block
    assert "status-open" in block
    assert "koap_expulsion_appeal" in block
    assert "version 2" in block
    assert "<details open>" in block
    assert "09.03.2025, Sunday" in block  # day 10 fell on a Sunday
    assert "Trigger" in block
    assert "24:00 on 10.03.2025 (Europe/Moscow)" in block


def test_a_cut_off_in_another_zone_is_also_given_in_moscow_time(client, alice, on_5_march_2025, in_english):
    far_east = make_client(alice)
    record(
        alice,
        far_east,
        "decision_issued",
        "2025-02-27",
        **{**DECISION, "authority_timezone": "Asia/Vladivostok"},
    )

    block = deadline_block(get_page(client, alice, far_east).content.decode(), "appeald1")

    assert "24:00 on 10.03.2025 (Asia/Vladivostok) = 10.03.2025 17:00 Moscow time" in block
    assert "24:00 on 10.03.2025 Moscow time" in block


def test_an_order_to_appear_shows_the_time_it_gives(client, alice, on_5_march_2025, in_english):
    ordered = make_client(alice)
    record(alice, ordered, "order_to_appear_served", "2025-03-03", appear_by="2025-03-12T10:00:00+03:00")

    html = get_page(client, alice, ordered).content.decode()

    assert "Order to appear" in html
    assert "10:00 on 12.03.2025" in html
    assert "24:00 on 11.03.2025" not in html


def test_it_shows_the_register_status_and_restrictions_with_verify_marks(client, alice, listed):
    html = get_page(client, alice, listed).content.decode()

    assert "Listed" in html
    assert "10.02.2025" in html  # listed since
    assert "Period of stay or permit expired" in html
    marriage = restriction_row(html, "Marriage prohibited")
    assert "115-FZ art. 31.1" in marriage
    assert "verify with a lawyer" not in marriage  # confidence high
    business = restriction_row(html, "No registration of a company or sole trader")
    assert "verify with a lawyer" in business  # confidence medium


def test_as_of_before_the_decision_hides_its_deadline(client, alice, listed):
    html = get_page(client, alice, listed, {"as_of": "2025-02-26"}).content.decode()

    assert 'id="deadline-appeald1"' not in html
    assert "Historical view" in html
    assert "26.02.2025" in html
    assert "Listed" in html  # the inclusion of 10.02 still applies


def test_as_of_after_the_due_date_shows_it_missed_with_the_next_step(client, alice, listed):
    html = get_page(client, alice, listed, {"as_of": "2025-03-11"}).content.decode()

    block = deadline_block(html, "appeald1")
    assert "status-missed" in block
    assert "next step" in block
    assert "restore" in block


def test_known_at_before_a_recording_hides_it(client, alice, listed):
    inclusion, decision = Event.objects.filter(client=listed, version__gte=2).order_by("version")
    between = inclusion.recorded_at + (decision.recorded_at - inclusion.recorded_at) / 2
    local = between.astimezone(ZoneInfo("Europe/Moscow")).replace(tzinfo=None)

    html = get_page(client, alice, listed, {"known_at": local.isoformat()}).content.decode()

    assert 'id="deadline-appeald1"' not in html
    assert "Historical view" in html
    assert "Listed" in html  # the inclusion was known by then
    assert "not yet known at the chosen moment" in html  # the decision, marked in the timeline


def test_today_shows_no_historical_banner(client, alice, listed):
    html = get_page(client, alice, listed).content.decode()

    assert "Historical view" not in html


def test_an_invalid_as_of_shows_an_error_and_today(client, alice, listed):
    response = get_page(client, alice, listed, {"as_of": "yesterday"})

    assert response.status_code == 200
    html = response.content.decode()
    assert 'class="errorlist' in html
    assert 'id="deadline-appeald1"' in html


def test_it_shows_the_timeline_with_who_recorded_what(client, alice, listed):
    html = get_page(client, alice, listed).content.decode()

    assert "Decision issued" in html
    assert "Included in the register of controlled persons" in html
    assert "Administrative expulsion" in html  # the choice in plain words
    assert "27.02.2025" in html
    assert "by alice" in html
    decision = Event.objects.get(client=listed, type="decision_issued")
    assert reverse("web:event-correct", kwargs={"client_id": listed.id, "event_id": decision.id}) in html
    assert reverse("web:event-retract", kwargs={"client_id": listed.id, "event_id": decision.id}) in html
    registration = Event.objects.get(client=listed, type="client_registered")
    assert f"/events/{registration.id}/correct/" not in html


def test_it_shows_a_detention_with_its_day_count_and_facility(client, alice, on_5_march_2025, in_english):
    detained = make_client(alice)
    record(alice, detained, "detained", "2025-03-01", basis="expulsion", facility="SUVSIG No. 1")

    html = get_page(client, alice, detained).content.decode()

    assert "Detained" in html
    assert "day 5 in detention" in html
    assert "SUVSIG No. 1" in html


def test_it_warns_of_a_frozen_account_while_not_listed(client, alice, on_5_march_2025, in_english):
    frozen = make_client(alice)
    record(alice, frozen, "bank_account_frozen", "2025-03-01")

    html = get_page(client, alice, frozen).content.decode()

    assert "observed frozen" in html
    assert "frozen while not listed" in html
    assert "frozen_while_not_listed" in html  # the warning's code, at the top of the status


def test_it_lists_reminders_and_highlights_failed_deliveries(client, alice, listed):
    Reminder.objects.create(
        organisation=listed.organisation,
        client=listed,
        deadline_key="appeal:D1",
        due_on=date(2025, 3, 10),
        step="3",
        recipient=alice,
        send_at=timezone.now() - timedelta(hours=1),
        state=ReminderState.FAILED,
        attempts=5,
        last_error="SMTP 550 mailbox unavailable",
    )

    html = get_page(client, alice, listed).content.decode()

    assert '<tr class="reminder-failed">' in html
    assert "SMTP 550 mailbox unavailable" in html
    assert "3 working days before" in html
    assert "1 reminder could not be delivered." in html


def test_an_erased_client_reads_erased_and_offers_no_recording(client, alice, dora, listed):
    record(alice, listed, "note_added", "2025-03-04", text="ZZSENTINEL met at the office")
    client_erase(actor=dora, client=listed)

    html = get_page(client, alice, listed).content.decode()

    assert "Rustam Karimov" not in html
    assert "ZZSENTINEL" not in html
    assert "erased" in html
    assert reverse("web:event-record", kwargs={"client_id": listed.id}) not in html
    assert 'id="deadline-appeald1"' in html  # the anonymous facts stay


def test_it_has_no_inline_scripts_or_styles(client, alice, listed):
    html = get_page(client, alice, listed).content.decode()

    assert "style=" not in html
    assert re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html) is None
    assert " on" + "click=" not in html


def test_the_number_of_queries_does_not_grow_with_the_organisation(
    client, alice, listed, django_assert_num_queries
):
    def add_clients(count: int, start: int) -> None:
        for number in range(start, start + count):
            other = make_client(alice, full_name=f"Person {number}", document_number=f"QC{number:05d}")
            record(alice, other, "register_inclusion", "2025-02-10", **INCLUSION)
            record(alice, other, "decision_issued", "2025-02-27", **DECISION)

    add_clients(3, 0)
    get_page(client, alice, listed)  # warm the session and caches
    with CaptureQueriesContext(connection) as with_3:
        assert get_page(client, alice, listed).status_code == 200
    add_clients(27, 3)

    with django_assert_num_queries(len(with_3)):
        assert get_page(client, alice, listed).status_code == 200
