"""The dashboard: deadlines by urgency, detention, new listings and failed reminders, per role."""

from __future__ import annotations

import re
from datetime import date

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from casework.models import Deadline, Reminder, ReminderState
from casework.services.events import event_record
from tests.conftest import assigner, make_client
from tests.web.conftest import signed_in

URL = reverse("web:dashboard")
DECISION_ON = date(2025, 2, 20)


@pytest.fixture
def on_5_march_2025():
    # A Wednesday. Working days after it: Thu 06.03, Fri 07.03, Mon 10.03 (Sat 08.03 is a weekend day).
    with time_machine.travel("2025-03-05 10:00:00+03:00", tick=False):
        yield


def with_decision(actor, copy_received_on: str, *, number: int, **decision):
    client = make_client(actor, document_number=f"DB{number:07d}")
    data = {
        "decision_ref": "D1",
        "kind": "administrative_expulsion",
        "copy_received_on": copy_received_on,
        **decision,
    }
    event_record(actor=actor, client=client, type="decision_issued", data=data, occurred_on=DECISION_ON)
    return client


def assign(actor, client, username: str) -> None:
    # A caseworker does not reassign (issue 14, item 8): the organisation's supervisor records it.
    event_record(
        actor=assigner(client),
        client=client,
        type="caseworker_assigned",
        data={"user": username},
        occurred_on=date(2025, 3, 5),
    )


@pytest.fixture
def caseload(alice, sam, charlie, on_5_march_2025, in_english):
    load = {
        "missed": with_decision(alice, "2025-02-20", number=1),  # due Mon 03.03: missed two days ago
        "today": with_decision(alice, "2025-02-23", number=2),  # due Wed 05.03
        "soon_1": with_decision(alice, "2025-02-24", number=3),  # due Thu 06.03: 1 working day
        "soon_3": with_decision(alice, "2025-02-27", number=4),  # Sun 09.03 → Mon 10.03: 3 working days
        "later": with_decision(alice, "2025-03-01", number=5),  # Tue 11.03: 4 working days
        "sams": with_decision(alice, "2025-02-24", number=6),  # due 06.03, but assigned to sam
        "met": with_decision(alice, "2025-02-27", number=7),
        "other_org": with_decision(charlie, "2025-02-20", number=8),
    }
    appeal = {"decision_ref": "D1", "forum": "court"}
    event_record(
        actor=alice, client=load["met"], type="appeal_filed", data=appeal, occurred_on=date(2025, 3, 4)
    )
    assign(alice, load["today"], "alice")
    assign(alice, load["sams"], "sam")
    # Not appealed in time, the resolution entered into force on 04.03: the client left the same day, so
    # the 5-day departure is met and the two-year limit on execution cancelled; only the missed appeal shows.
    event_record(
        actor=alice, client=load["missed"], type="departed_russia", data={}, occurred_on=date(2025, 3, 4)
    )
    return load


def table_codes(html: str, attribute: str, value: str) -> list[str]:
    """The client codes in the rows of the table marked data-<attribute>="<value>", in page order."""
    match = re.search(rf'<table[^>]*data-{attribute}="{value}"[^>]*>(.*?)</table>', html, re.S)
    return re.findall(r'<tr data-client="([^"]+)"', match.group(1)) if match else []


def table_row(html: str, attribute: str, value: str, code: str) -> str:
    table = re.search(rf'<table[^>]*data-{attribute}="{value}"[^>]*>(.*?)</table>', html, re.S).group(1)
    return re.search(rf'<tr data-client="{code}">(.*?)</tr>', table, re.S).group(1)


def bucket_codes(response, urgency: str) -> list[str]:
    return table_codes(response.content.decode(), "bucket", urgency)


def codes(*clients) -> list[str]:
    return [client.code for client in clients]


def test_it_sorts_a_caseworkers_deadlines_by_urgency(client, alice, caseload):
    response = signed_in(client, alice).get(URL)

    assert response.status_code == 200
    assert bucket_codes(response, "missed") == codes(caseload["missed"])
    assert bucket_codes(response, "today") == codes(caseload["today"])
    assert bucket_codes(response, "soon") == codes(caseload["soon_1"], caseload["soon_3"])
    assert bucket_codes(response, "later") == codes(caseload["later"])


def test_a_caseworker_sees_her_clients_and_the_unassigned_ones_labelled(client, alice, caseload):
    html = signed_in(client, alice).get(URL).content.decode()

    assert caseload["sams"].code not in html
    assert caseload["met"].code not in html  # met deadlines are done
    rows = dict(re.findall(r'<tr data-client="([^"]+)">(.*?)</tr>', html, re.S))
    assert "unassigned" not in rows[caseload["today"].code]
    assert "unassigned" in rows[caseload["soon_1"].code]


def test_it_shows_countdowns_and_cut_off_times(client, alice, caseload):
    html = signed_in(client, alice).get(URL).content.decode()
    rows = dict(re.findall(r'<tr data-client="([^"]+)">(.*?)</tr>', html, re.S))

    def text(code):
        return " ".join(re.sub(r"<[^>]+>", " ", rows[code]).split())

    assert "2 days ago" in text(caseload["missed"].code)
    assert "today" in text(caseload["today"].code)
    assert "in 1 working day " in text(caseload["soon_1"].code)
    assert "in 3 working days (5 calendar days)" in text(caseload["soon_3"].code)
    assert "in 4 working days" in text(caseload["later"].code)
    soon_3 = text(caseload["soon_3"].code)
    assert "10.03.2025 24:00 Europe/Moscow" in soon_3
    assert "koap_expulsion_appeal" in soon_3
    assert f'href="{reverse("web:client", args=[caseload["soon_3"].id])}"' in rows[caseload["soon_3"].code]


def test_a_far_eastern_court_closes_earlier_by_the_moscow_clock(client, alice, on_5_march_2025, in_english):
    far_east = with_decision(alice, "2025-02-27", number=9, authority_timezone="Asia/Vladivostok")

    html = signed_in(client, alice).get(URL).content.decode()

    row = re.search(rf'<tr data-client="{far_east.code}">(.*?)</tr>', html, re.S).group(1)
    cells = [
        " ".join(re.sub(r"<[^>]+>", " ", cell).split()) for cell in re.findall(r"<td>(.*?)</td>", row, re.S)
    ]
    assert "10.03.2025 24:00 Asia/Vladivostok" in cells
    assert "10.03.2025 17:00" in cells


def test_an_open_deadline_is_missed_as_soon_as_its_cut_off_passes(client, alice, caseload):
    assert Deadline.objects.get(client=caseload["today"]).status == "open"

    with time_machine.travel("2025-03-06 00:00:01+03:00", tick=False):
        response = signed_in(client, alice).get(URL)

    assert bucket_codes(response, "missed") == codes(caseload["today"], caseload["missed"])
    assert bucket_codes(response, "today") == codes(caseload["soon_1"])
    assert "cut-off passed" not in response.content.decode()
    assert "1 day ago" in response.content.decode()


def test_a_supervisor_sees_the_whole_organisation(client, sam, caseload):
    response = signed_in(client, sam).get(URL)

    assert response.status_code == 200
    assert bucket_codes(response, "soon") == sorted(
        codes(caseload["soon_1"], caseload["sams"]), key=lambda code: code
    ) + codes(caseload["soon_3"])
    assert caseload["other_org"].code not in response.content.decode()


def test_a_supervisor_filters_by_caseworker(client, sam, alice, caseload):
    as_sam = signed_in(client, sam)

    mine = as_sam.get(URL, {"caseworker": sam.pk})
    assert [bucket_codes(mine, u) for u in ("missed", "today", "soon", "later")] == [
        [],
        [],
        codes(caseload["sams"]),
        [],
    ]
    alices = as_sam.get(URL, {"caseworker": alice.pk})
    assert bucket_codes(alices, "today") == codes(caseload["today"])
    assert bucket_codes(alices, "soon") == []
    unassigned = as_sam.get(URL, {"caseworker": "none"})
    assert bucket_codes(unassigned, "today") == []
    assert bucket_codes(unassigned, "soon") == codes(caseload["soon_1"], caseload["soon_3"])


def test_an_admin_sees_the_whole_organisation_too(client, dora, caseload):
    response = signed_in(client, dora).get(URL, {"caseworker": "none"})

    assert response.status_code == 200
    assert bucket_codes(response, "missed") == codes(caseload["missed"])


def test_a_caseworker_cannot_widen_her_view_with_the_filter(client, alice, sam, caseload):
    response = signed_in(client, alice).get(URL, {"caseworker": sam.pk})

    assert caseload["sams"].code not in response.content.decode()
    assert bucket_codes(response, "today") == codes(caseload["today"])


def test_a_caseworker_of_another_organisation_is_404_in_the_filter(client, sam, charlie, alice, caseload):
    assert signed_in(client, sam).get(URL, {"caseworker": charlie.pk}).status_code == 404
    assert signed_in(client, sam).get(URL, {"caseworker": "x"}).status_code == 404


def test_charlie_sees_only_his_organisation(client, charlie, alice, caseload):
    response = signed_in(client, charlie).get(URL)

    html = response.content.decode()
    assert response.status_code == 200
    assert bucket_codes(response, "missed") == codes(caseload["other_org"])
    for name, client_ in caseload.items():
        if name != "other_org":
            assert client_.code not in html


def test_an_analyst_is_told_her_role_sees_aggregates_only(client, bob, caseload):
    response = signed_in(client, bob).get(URL)

    html = response.content.decode()
    assert response.status_code == 200
    assert "aggregate exports only" in html
    assert "data-bucket" not in html
    assert caseload["today"].code not in html


def test_anonymous_visitors_are_sent_to_the_login_page(client, db):
    response = client.get(URL)

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


@pytest.fixture
def situations(alice, sam, on_5_march_2025, in_english):
    def listed_on(day: str, number: int, assignee: str | None = None):
        client_ = make_client(alice, document_number=f"LS{number:07d}")
        data = {"ground": "stay_expired"}
        event_record(
            actor=alice,
            client=client_,
            type="register_inclusion",
            data=data,
            occurred_on=date.fromisoformat(day),
        )
        if assignee:
            assign(alice, client_, assignee)
        return client_

    detained = make_client(alice, document_number="DT0000001")
    event_record(
        actor=alice,
        client=detained,
        type="detained",
        data={"basis": "expulsion"},
        occurred_on=date(2025, 3, 1),
    )
    return {
        "detained": detained,
        "new": listed_on("2025-02-25", 1),
        "new_of_sam": listed_on("2025-03-03", 2, "sam"),
        "old": listed_on("2025-02-10", 3),
    }


def test_it_shows_clients_in_detention_with_the_days_since(client, alice, situations):
    html = signed_in(client, alice).get(URL).content.decode()

    assert table_codes(html, "section", "detained") == codes(situations["detained"])
    row = table_row(html, "section", "detained", situations["detained"].code)
    assert "01.03.2025" in row
    assert "4 days" in row


def test_it_shows_clients_listed_in_the_last_14_days(client, alice, sam, situations):
    alices = signed_in(client, alice).get(URL).content.decode()
    sams = signed_in(client, sam).get(URL).content.decode()

    assert table_codes(alices, "section", "listed") == codes(situations["new"])
    assert table_codes(sams, "section", "listed") == codes(situations["new_of_sam"], situations["new"])


def failed_reminder(client_, recipient, *, step="3", state=ReminderState.FAILED):
    deadline = Deadline.objects.filter(client=client_).first()
    return Reminder.objects.create(
        organisation_id=client_.organisation_id,
        client=client_,
        deadline=deadline,
        deadline_key=deadline.key,
        due_on=deadline.due_on,
        step=step,
        recipient=recipient,
        send_at=timezone.now(),
        state=state,
        attempts=5,
        last_error="SMTP 550 mailbox unavailable",
    )


def test_it_counts_and_lists_reminder_delivery_failures(client, alice, sam, caseload):
    failed_reminder(caseload["soon_1"], alice)
    failed_reminder(caseload["sams"], sam, step="0")
    failed_reminder(caseload["soon_3"], alice, state=ReminderState.SENT)

    alices = signed_in(client, alice).get(URL).content.decode()
    sams = signed_in(client, sam).get(URL).content.decode()

    assert 'data-failure-count="1"' in alices
    assert "1 reminder could not be delivered." in alices
    assert table_codes(alices, "section", "failures") == codes(caseload["soon_1"])
    assert "SMTP 550 mailbox unavailable" in alices
    assert "3 working days before" in alices
    assert 'data-failure-count="2"' in sams
    assert sorted(table_codes(sams, "section", "failures")) == sorted(
        codes(caseload["soon_1"], caseload["sams"])
    )
    assert "on the due date" in sams


def queries_of(as_user, url: str) -> int:
    """The queries of one page view, after a first one has warmed the session and caches."""
    as_user.get(url)
    with CaptureQueriesContext(connection) as queries:
        assert as_user.get(url).status_code == 200
    return len(queries)


def test_the_number_of_queries_does_not_grow_with_the_caseload(
    client, alice, sam, on_5_march_2025, in_english, django_assert_max_num_queries
):
    def add_clients(count: int, start: int) -> None:
        for number in range(start, start + count):
            client_ = with_decision(alice, f"2025-02-{20 + number % 9:02d}", number=number)
            event_record(
                actor=alice,
                client=client_,
                type="register_inclusion",
                data={"ground": "stay_expired"},
                occurred_on=date(2025, 3, 1),
            )
            event_record(
                actor=alice,
                client=client_,
                type="detained",
                data={"basis": "expulsion"},
                occurred_on=date(2025, 3, 2),
            )
            assign(alice, client_, "alice" if number % 2 else "sam")
            failed_reminder(client_, alice if number % 2 else sam)

    add_clients(3, 0)
    as_sam = signed_in(client, sam)
    with_3 = queries_of(as_sam, URL)
    add_clients(12, 3)

    with django_assert_max_num_queries(with_3):
        response = as_sam.get(URL)
    html = response.content.decode()
    assert len(re.findall(r"<tr data-client=", html)) >= 15 * 3  # deadlines, detention, listing, failure rows
    assert 'data-failure-count="15"' in html


def test_a_caseworkers_number_of_queries_does_not_grow_with_the_organisation(
    client, alice, sam, on_5_march_2025, in_english, django_assert_num_queries
):
    def add_clients(count: int, start: int) -> None:
        for number in range(start, start + count):
            client_ = with_decision(alice, f"2025-02-{20 + number % 9:02d}", number=number)
            assign(alice, client_, "alice" if number % 3 else "sam")

    add_clients(3, 0)
    as_alice = signed_in(client, alice)
    with_3 = queries_of(as_alice, URL)
    add_clients(27, 3)

    with django_assert_num_queries(with_3):
        response = as_alice.get(URL)
    # Alice's own clients only: every third one went to Sam. Those whose appeal was missed (copy received
    # before 23.02) also show the departure and the two-year limit after entry into force (LEGAL-RULES §3a).
    rows = re.findall(r'<tr data-client="[^"]+"', response.content.decode())
    assert len(set(rows)) == 20
