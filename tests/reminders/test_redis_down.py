"""Redis down when an event is recorded: the event is recorded all the same, its reminder waits in the ledger,
and the next beat run after Redis returns sends it (issue 4)."""

from __future__ import annotations

import subprocess
import time

import pytest

from casework.models import Event, Reminder, ReminderState
from casework.reminders.tasks import enqueue_due
from tests.reminders.conftest import BASE_DIR, PYTHON, assigned_client, process_environment, settle, wait_for

pytestmark = [pytest.mark.celery, pytest.mark.django_db(transaction=True)]

CLOSED_PORT = "redis://127.0.0.1:1/0"
# Run in its own process, with REDIS_URL on a closed port; the clock frozen after the steps of 03.03 and 05.03,
# so step 3 is due at once and its immediate send is attempted right after the commit.
RECORD_THE_DECISION = """
from datetime import date
import time_machine
from django.contrib.auth import get_user_model
from casework.models import Client
from casework.services.events import event_record
with time_machine.travel("2025-03-06 12:00:00+03:00", tick=False):
    event_record(
        actor=get_user_model().objects.get(username="alice"), client=Client.objects.get(pk="{client_id}"),
        type="decision_issued", occurred_on=date(2025, 2, 27),
        data={{"decision_ref": "D1", "kind": "administrative_expulsion", "copy_received_on": "2025-02-27"}},
    )
"""


def test_it_records_the_event_without_redis_and_sends_the_reminder_on_the_next_beat_run(people, smtp, worker):
    alice, _sam = people
    client = assigned_client(alice)
    started = time.monotonic()
    result = subprocess.run(
        [PYTHON, "manage.py", "shell", "-c", RECORD_THE_DECISION.format(client_id=client.id)],
        cwd=BASE_DIR, env=process_environment(REDIS_URL=CLOSED_PORT), capture_output=True, text=True,
        timeout=60,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert time.monotonic() - started < 30  # publishing gives up quickly: recording does not hang
    # The immediate send was tried, and given up on, after the commit.
    assert "broker unavailable" in result.stderr or "deferred to beat" in result.stderr

    assert Event.objects.filter(client=client, type="decision_issued").count() == 1
    (row,) = Reminder.objects.filter(client=client)
    assert (row.step, row.state, row.enqueued_at, row.attempts) == ("3", ReminderState.PENDING, None, 0)
    settle()
    assert smtp.messages() == []

    assert enqueue_due() == 1  # Redis is back (the test process's real broker); the real clock
    wait_for(lambda: len(smtp.messages()) == 1, message="the e-mail")
    settle()
    assert len(smtp.messages()) == 1
    row.refresh_from_db()
    assert (row.state, row.attempts) == (ReminderState.SENT, 1)
