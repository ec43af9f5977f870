"""An appeal filed meets the deadline: its remaining reminders are cancelled, and a reminder already claimed by
a worker when the appeal is recorded is not sent either (issue 4)."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection, transaction

from casework.models import Deadline, DeadlineStatus, Reminder, ReminderState
from casework.reminders import ledger
from casework.reminders.delivery import NO_LONGER_DUE
from casework.reminders.tasks import enqueue_due, send_reminder
from tests.conftest import record, record_decision
from tests.reminders.conftest import assigned_client, at, rows, settle, wait_for

pytestmark = [pytest.mark.celery, pytest.mark.django_db(transaction=True)]

STEP_5 = "2025-03-03 09:00:00+03:00"
LATER_STEPS = ["2025-03-05 09:00:00+03:00", "2025-03-07 09:00:00+03:00", "2025-03-10 09:00:00+03:00"]
APPEAL = {"decision_ref": "D1", "forum": "court"}


def lock_waiters() -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'"
        )
        return cursor.fetchone()[0]


def file_appeal(alice, client):
    record(alice, client, "appeal_filed", date(2025, 3, 4), **APPEAL)


def test_it_sends_nothing_more_once_an_appeal_is_filed(people, smtp, worker):
    alice, _sam = people
    client = assigned_client(alice)
    record_decision(alice, client, at="2025-02-27 10:00:00+03:00")
    with at(STEP_5):
        assert enqueue_due() == 1
    wait_for(lambda: len(smtp.messages()) == 1, message="step 5")

    with at("2025-03-04 10:00:00+03:00"):
        file_appeal(alice, client)
    assert Deadline.objects.get(client=client, key="appeal:D1").status == DeadlineStatus.MET
    for moment in [*LATER_STEPS, "2025-03-11 09:00:00+03:00"]:  # the last one: no "missed" escalation either
        with at(moment):
            assert enqueue_due() == 0
    settle()
    assert len(smtp.messages()) == 1
    assert [(row.step, row.state) for row in rows(client)] == [("5", ReminderState.SENT)]


def test_it_cancels_a_pending_reminder_in_the_appeals_transaction(people, smtp, broker, start_worker):
    alice, _sam = people
    client = assigned_client(alice)
    record_decision(alice, client, at="2025-03-06 12:00:00+03:00")  # step 3 collapsed: due at once, queued
    (row,) = rows(client)
    assert (row.step, row.state) == ("3", ReminderState.PENDING)
    assert broker.llen("celery") == 1  # no worker yet: the task waits in the queue

    with at("2025-03-06 12:05:00+03:00"):
        file_appeal(alice, client)
    row.refresh_from_db()
    assert (row.state, row.attempts) == (ReminderState.CANCELLED, 0)

    worker = start_worker()
    wait_for(lambda: "succeeded" in worker.log(), message="the queued task to run")
    settle()
    assert smtp.messages() == []
    assert "'skipped'" in worker.log()
    row.refresh_from_db()
    assert (row.state, row.attempts) == (ReminderState.CANCELLED, 0)


def test_it_does_not_send_a_reminder_claimed_while_the_appeal_is_being_recorded(people, smtp, worker):
    alice, _sam = people
    client = assigned_client(alice)
    record_decision(alice, client, at="2025-02-27 10:00:00+03:00")
    with at(STEP_5):
        ledger.insert_due(client_id=client.id)
    (row,) = rows(client)

    # The appeal's transaction takes the deadline row first, so the worker is sure to claim the reminder and
    # then wait on that row: the window between a claim and the send, made wide.
    with at("2025-03-04 10:00:00+03:00"), transaction.atomic():
        Deadline.objects.select_for_update().get(client=client, key="appeal:D1")
        send_reminder.delay(row.pk)
        wait_for(lambda: Reminder.objects.get(pk=row.pk).state == ReminderState.SENDING, message="the claim")
        wait_for(lambda: lock_waiters() == 1, message="the worker to wait on the deadline row")
        file_appeal(alice, client)

    wait_for(lambda: Reminder.objects.get(pk=row.pk).state != ReminderState.SENDING, message="the worker")
    settle()
    assert smtp.messages() == []
    row.refresh_from_db()
    assert (row.state, row.attempts, row.last_error) == (ReminderState.CANCELLED, 1, NO_LONGER_DUE)
    assert "'cancelled'" in worker.log()
