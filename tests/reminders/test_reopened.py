"""Reminders of deadlines re-opened by a rules update (issue 13): one still open gets its reminders from the
next step on, even where the ledger already holds that step's row, cancelled when the deadline was met; one
already missed sends one escalation to the supervisors, whatever the age of the miss, once — never a burst
of historical e-mails. Delivery here uses Django's in-memory outbox (as tests/test_digest.py); transport
through a real SMTP server and worker is covered by the other tests of this directory."""

from __future__ import annotations

from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from casework import projections
from casework.models import Deadline, Reminder, ReminderState
from casework.reminders import ledger
from casework.reminders.delivery import deliver
from casework.reminders.tasks import enqueue_due
from tests.conftest import record, record_decision
from tests.reminders.conftest import assigned_client, at, rows, settle, wait_for
from tests.rules_update import book_with, release, release_not_counting_appeals

APPEAL = {"decision_ref": "D1", "forum": "court"}
PERSONAL = ("Rustam Karimov", "AB1234567", "1990", "900 000")


def send_due() -> list[int]:
    """What beat does at this moment: insert the rows that came due, send each due one."""
    ledger.insert_due()
    sent = ledger.due_ids(now=timezone.now())
    for reminder_id in sent:
        deliver(reminder_id)
    return sent


def met_after_step_5(alice):
    """D1 due Monday 10.03.2025; step 5 sent on 03.03; step 3 inserted on 05.03 but not sent yet when the
    appeal of 04.03 is recorded: that row is cancelled."""
    client = assigned_client(alice)
    record_decision(alice, client, at="2025-02-27 10:00:00+03:00")
    with at("2025-03-03 09:00:00+03:00"):
        send_due()
    with at("2025-03-05 09:00:00+03:00"):
        ledger.insert_due()
    with at("2025-03-05 09:30:00+03:00"):
        record(alice, client, "appeal_filed", date(2025, 3, 4), **APPEAL)
    assert [(row.step, row.state) for row in rows(client)] == [
        ("5", ReminderState.SENT),
        ("3", ReminderState.CANCELLED),
    ]
    return client


def test_a_reopened_deadline_gets_the_step_whose_row_was_cancelled(monkeypatch, people, mailoutbox):
    alice, _sam = people
    client = met_after_step_5(alice)
    assert len(mailoutbox) == 1

    release_not_counting_appeals(monkeypatch)
    with at("2025-03-06 10:00:00+03:00"):
        projections.rebuild()
        assert Deadline.objects.get(client=client, key="appeal:D1").status == "open"
        send_due()
    assert [message.subject for message in mailoutbox[1:]] == [f"{client.code} — appeal deadline 10.03.2025"]
    assert "3 working days" in mailoutbox[1].body
    (step_3,) = rows(client, step="3")
    assert (step_3.state, step_3.attempts) == (ReminderState.SENT, 1)

    with at("2025-03-06 10:05:00+03:00"):  # a second rebuild, beat again: nothing more
        projections.rebuild()
        send_due()
    with at("2025-03-07 09:00:00+03:00"):  # the next step comes as scheduled
        send_due()
    assert len(mailoutbox) == 3
    assert "1 working day" in mailoutbox[2].body
    assert [(row.step, row.state) for row in rows(client)] == [
        ("5", ReminderState.SENT),
        ("3", ReminderState.SENT),
        ("1", ReminderState.SENT),
    ]


def test_a_reopened_deadline_gets_no_burst_of_the_steps_it_passed_while_met(monkeypatch, people, mailoutbox):
    alice, _sam = people
    client = assigned_client(alice)
    record_decision(alice, client, at="2025-02-27 10:00:00+03:00")
    with at("2025-02-28 10:00:00+03:00"):
        record(alice, client, "appeal_filed", date(2025, 2, 28), **APPEAL)  # met before any step
    release_not_counting_appeals(monkeypatch)
    with at("2025-03-07 10:00:00+03:00"):  # steps 5, 3 and 1 have all passed
        projections.rebuild()
        send_due()
    assert [(row.step, row.state) for row in rows(client)] == [("1", ReminderState.SENT)]
    assert len(mailoutbox) == 1


def reopened_missed(monkeypatch, alice, moment: str):
    """D1 met by the appeal of 04.03.2025; a rules update shortens the period to 03.03.2025: missed."""
    client = assigned_client(alice)
    record_decision(alice, client, at="2025-02-27 10:00:00+03:00")
    with at("2025-03-04 10:00:00+03:00"):
        record(alice, client, "appeal_filed", date(2025, 3, 4), **APPEAL)
    release(monkeypatch, book_with(amount=3))
    with at(moment):
        projections.rebuild()
    deadline = Deadline.objects.get(client=client, key="appeal:D1")
    assert (deadline.status, deadline.due_on) == ("missed", date(2025, 3, 3))
    return client


def test_a_reopened_deadline_missed_long_ago_sends_one_escalation(monkeypatch, people, mailoutbox):
    alice, sam = people
    client = reopened_missed(monkeypatch, alice, "2025-04-15 10:00:00+03:00")  # missed six weeks ago
    with at("2025-04-15 10:01:00+03:00"):
        send_due()
    (message,) = mailoutbox
    assert message.to == [sam.email]
    assert (
        message.subject
        == f"СНОВА ОТКРЫТ ПО НОВЫМ ПРАВИЛАМ, ПРОПУЩЕН: {client.code} — срок обжалования 03.03.2025"
    )
    assert "обновлением правил" in message.body
    assert "ходатайством о восстановлении пропущенного срока" in message.body
    for text in (message.body, message.alternatives[0][0], message.subject):
        assert not any(value in text for value in PERSONAL)
    (row,) = rows(client, deadline_key="appeal:D1")
    assert (row.step, row.recipient_id, row.escalation, row.state) == (
        Reminder.STEP_REOPENED,
        sam.pk,
        True,
        ReminderState.SENT,
    )

    for moment in ("2025-04-15 12:00:00+03:00", "2025-04-16 09:00:00+03:00", "2025-05-20 09:00:00+03:00"):
        with at(moment):  # repeated rebuilds and beat runs
            projections.rebuild()
            send_due()
    assert len(mailoutbox) == 1
    assert len(rows(client)) == 1
    with at("2025-05-20 09:00:00+03:00"):
        out = StringIO()
        call_command("rebuild_projections", "--verify", stdout=out)
    assert "Verified 1 clients" in out.getvalue()


def test_a_reopened_deadline_missed_recently_sends_one_escalation_not_two(monkeypatch, people, mailoutbox):
    alice, sam = people
    client = reopened_missed(monkeypatch, alice, "2025-03-12 10:00:00+03:00")  # missed nine days ago
    with at("2025-03-12 10:01:00+03:00"):
        send_due()
    with at("2025-03-13 10:00:00+03:00"):
        send_due()
    # The appeal deadline's own e-mails (the departure that its entry into force opened has its own).
    appeal = [message for message in mailoutbox if "срок обжалования" in message.subject]
    assert [message.to for message in appeal] == [[sam.email]]
    assert [row.step for row in rows(client, deadline_key="appeal:D1")] == [Reminder.STEP_REOPENED]


def test_the_rebuild_queues_the_escalation_at_once(
    monkeypatch, people, broker, django_capture_on_commit_callbacks
):
    """Not left to beat: the rebuild's commit checks the reminders of every client with a re-opened deadline,
    though a miss six weeks old is nothing may_come_due would look at."""
    alice, sam = people
    client = assigned_client(alice)
    record_decision(alice, client, at="2025-02-27 10:00:00+03:00")
    with at("2025-03-04 10:00:00+03:00"):
        record(alice, client, "appeal_filed", date(2025, 3, 4), **APPEAL)
    release(monkeypatch, book_with(amount=3))
    with at("2025-04-15 10:00:00+03:00"), django_capture_on_commit_callbacks(execute=True):
        projections.rebuild()
    (row,) = rows(client, deadline_key="appeal:D1")
    assert (row.step, row.recipient_id, row.state) == (Reminder.STEP_REOPENED, sam.pk, ReminderState.PENDING)
    assert row.enqueued_at is not None  # its send task is in the queue
    assert broker.llen("celery") == 1


@pytest.mark.celery
@pytest.mark.django_db(transaction=True)
def test_the_reopened_escalation_reaches_the_supervisor_once_through_a_real_worker_and_smtp(
    monkeypatch, people, smtp, broker, start_worker
):
    """The same path end to end: the rebuild's commit and beat queue the send, a Celery worker delivers it to
    a real SMTP server (aiosmtpd), and a second rebuild and beat run add nothing."""
    alice, sam = people
    client = reopened_missed(monkeypatch, alice, "2025-04-15 10:00:00+03:00")
    with at("2025-04-15 10:01:00+03:00"):
        enqueue_due()
    start_worker()
    wait_for(lambda: len(smtp.to(sam.email)) == 1, message="the escalation to the supervisor")
    with at("2025-04-15 12:00:00+03:00"):
        projections.rebuild()
        enqueue_due()
    settle()
    (received,) = smtp.to(sam.email)
    assert (
        received.subject
        == f"СНОВА ОТКРЫТ ПО НОВЫМ ПРАВИЛАМ, ПРОПУЩЕН: {client.code} — срок обжалования 03.03.2025"
    )
    assert not any(value in received.text for value in PERSONAL)
    assert smtp.to(alice.email) == []  # escalated to the supervisors; no historical burst to the assignee
    assert [row.state for row in rows(client, deadline_key="appeal:D1")] == [ReminderState.SENT]
