"""SMTP refusing for a while: the send is retried through the ledger and delivered once SMTP is back. Refusing
for good: the row ends failed with the reason, visible in the API, and nothing was delivered (issue 4)."""

from __future__ import annotations

import pytest

from casework.models import Reminder, ReminderState
from casework.reminders.tasks import enqueue_due
from tests.conftest import record_decision
from tests.reminders.conftest import TIMINGS, assigned_client, at, rows, settle, wait_for

pytestmark = [pytest.mark.celery, pytest.mark.django_db(transaction=True)]

STEP_5 = "2025-03-03 09:00:00+03:00"
REFUSED = "SMTPDataError 451"  # the class and the code only: a server's reply text may echo addresses


def attempted(row_id: int, attempts: int):
    def check():
        row = Reminder.objects.get(pk=row_id)
        return row if row.attempts == attempts and row.state != ReminderState.SENDING else None

    return wait_for(check, message=f"attempt {attempts} to finish")


def after_backoff(row: Reminder) -> None:
    """Wait (real time) until the row's retry is due, as beat would."""
    wait_for(lambda: enqueue_due() == 1, timeout=10, interval=0.25, message=f"the retry of {row}")


def test_it_retries_a_refused_send_and_delivers_it_once_smtp_returns(people, smtp, worker):
    alice, _sam = people
    client = assigned_client(alice)
    record_decision(alice, client, at="2025-02-27 10:00:00+03:00")
    smtp.mode = "refuse"
    with at(STEP_5):
        assert enqueue_due() == 1
    (row,) = rows(client)
    row = attempted(row.pk, 1)
    assert (row.state, row.last_error, row.enqueued_at) == (ReminderState.PENDING, REFUSED, None)
    assert (smtp.refused, smtp.messages()) == (1, [])

    smtp.mode = "accept"
    after_backoff(row)
    wait_for(lambda: len(smtp.messages()) == 1, message="the e-mail")
    settle()
    assert len(smtp.messages()) == 1
    row.refresh_from_db()
    assert (row.state, row.attempts, row.last_error) == (ReminderState.SENT, 2, "")


def test_it_marks_a_send_failed_after_the_last_attempt_and_shows_it(people, smtp, worker, api):
    alice, sam = people
    client = assigned_client(alice)
    record_decision(alice, client, at="2025-02-27 10:00:00+03:00")
    smtp.mode = "refuse"
    with at(STEP_5):
        assert enqueue_due() == 1
    (row,) = rows(client)
    for attempt in range(1, TIMINGS["CASEWORK_REMINDER_MAX_ATTEMPTS"]):
        row = attempted(row.pk, attempt)
        assert row.state == ReminderState.PENDING
        after_backoff(row)
    row = attempted(row.pk, TIMINGS["CASEWORK_REMINDER_MAX_ATTEMPTS"])
    assert (row.state, row.last_error) == (ReminderState.FAILED, REFUSED)
    assert smtp.refused == 3

    # Failed is final: SMTP coming back does not resend it behind the supervisors' back.
    smtp.mode = "accept"
    assert enqueue_due() == 0
    settle()
    assert smtp.messages() == []

    (shown,) = api(alice).get(f"/api/clients/{client.id}/reminders/").json()
    assert (shown["step"], shown["state"]) == ("5", "failed")
    assert api(sam).get("/api/reminders/failures/").json()["count"] == 1
