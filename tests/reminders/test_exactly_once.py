"""Each e-mail exactly once: however often it is queued, however many workers race for it, and when the worker
sending it is killed mid-send (issue 4)."""

from __future__ import annotations

import re

import pytest

from casework.models import Reminder, ReminderState
from casework.reminders import ledger
from casework.reminders.tasks import enqueue_due, send_reminder
from tests.conftest import record_decision
from tests.reminders.conftest import TIMINGS, assigned_client, at, queued_messages, rows, settle, wait_for

pytestmark = [pytest.mark.celery, pytest.mark.django_db(transaction=True)]

STEP_5 = "2025-03-03 09:00:00+03:00"  # D1 is due on 10.03.2025; its first step
OUTCOME = re.compile(r"Task casework\.reminders\.send_reminder\[[^\]]+\] succeeded in [^:]+: '(\w+)'")


def client_with_step_5_due(alice):
    client = assigned_client(alice)
    record_decision(alice, client, at="2025-02-27 10:00:00+03:00")
    return client


def test_it_sends_once_when_enqueue_due_runs_twice_and_tasks_are_queued_twice(
    people, smtp, broker, start_worker
):
    alice, _sam = people
    client = client_with_step_5_due(alice)
    with at(STEP_5):
        assert enqueue_due() == 1
        assert enqueue_due() == 0  # queued a moment ago: left alone
    # Past the requeue window the row, still pending (no worker yet), is queued a second time.
    with at("2025-03-03 09:00:05+03:00"):
        assert enqueue_due() == 1
    (row,) = rows(client)
    assert [message["args"] for message in queued_messages(broker)] == [[row.pk], [row.pk]]

    worker = start_worker()
    wait_for(lambda: len(smtp.messages()) == 1, message="the e-mail")
    wait_for(lambda: len(OUTCOME.findall(worker.log())) == 2, message="both tasks to run")
    settle()
    assert len(smtp.messages()) == 1
    assert sorted(OUTCOME.findall(worker.log())) == ["sent", "skipped"]
    row.refresh_from_db()
    assert (row.state, row.attempts) == (ReminderState.SENT, 1)


def test_it_sends_once_when_two_workers_take_the_same_row_at_once(people, smtp, broker, start_worker):
    alice, _sam = people
    client = client_with_step_5_due(alice)
    with at(STEP_5):
        ledger.insert_due()
    (row,) = rows(client)
    workers = [start_worker(), start_worker()]

    send_reminder.delay(row.pk)
    send_reminder.delay(row.pk)
    outcomes = lambda: [found for worker in workers for found in OUTCOME.findall(worker.log())]  # noqa: E731
    wait_for(lambda: len(outcomes()) == 2, message="both tasks to run")
    settle()
    assert len(smtp.messages()) == 1
    assert sorted(outcomes()) == ["sent", "skipped"]
    # Both were idle and waiting on the queue, each took one of the two tasks: a real race for the row.
    assert [len(OUTCOME.findall(worker.log())) for worker in workers] == [1, 1]
    row.refresh_from_db()
    assert (row.state, row.attempts) == (ReminderState.SENT, 1)


def test_it_delivers_once_through_the_reaper_when_the_worker_dies_mid_send(people, smtp, start_worker):
    alice, _sam = people
    client = client_with_step_5_due(alice)
    smtp.mode = "stall"
    first = start_worker()
    with at(STEP_5):
        assert enqueue_due() == 1
    (row,) = rows(client)
    wait_for(lambda: smtp.stalled == 1, message="the send to reach DATA")
    assert Reminder.objects.get(pk=row.pk).state == ReminderState.SENDING

    first.kill()
    smtp.mode = "accept"
    start_worker()
    # The dead worker's message stays unacknowledged in Redis (visibility timeout: an hour): nothing is resent
    # until the reaper finds the row older than the claim timeout.
    settle(TIMINGS["CASEWORK_REMINDER_CLAIM_TIMEOUT_SECONDS"] + 0.5)
    row.refresh_from_db()
    assert row.state == ReminderState.SENDING
    assert smtp.messages() == []

    assert enqueue_due() == 1  # the real clock: reaps the row, queues it again
    wait_for(lambda: len(smtp.messages()) == 1, message="the e-mail")
    settle()
    assert len(smtp.messages()) == 1
    assert smtp.messages()[0].reminder_id == row.pk
    row.refresh_from_db()
    assert (row.state, row.attempts, row.last_error) == (ReminderState.SENT, 2, "")
    assert row.sent_at is not None


def test_it_resends_with_the_same_message_id_when_the_worker_dies_after_smtp_accepted(
    people, smtp, start_worker
):
    # The one duplicate the design accepts (docs/reminders.md): SMTP took the message, the worker died before it
    # could record so. The resend carries the same Message-ID, which mail clients use to show it once.
    alice, _sam = people
    client = client_with_step_5_due(alice)
    smtp.mode = "accept_then_stall"
    first = start_worker()
    with at(STEP_5):
        assert enqueue_due() == 1
    (row,) = rows(client)
    wait_for(lambda: smtp.stalled == 1, message="the message to be accepted")
    first.kill()
    smtp.mode = "accept"
    start_worker()
    settle(TIMINGS["CASEWORK_REMINDER_CLAIM_TIMEOUT_SECONDS"] + 0.5)

    assert enqueue_due() == 1
    wait_for(lambda: len(smtp.messages()) == 2, message="the resend")
    settle()
    assert [message.message_id for message in smtp.messages()] == [f"<reminder-{row.pk}@127.0.0.1>"] * 2
    row.refresh_from_db()
    assert (row.state, row.attempts) == (ReminderState.SENT, 2)
