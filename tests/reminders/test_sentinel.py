"""A sentinel client name and document number never appear in any e-mail, task message or worker log line,
through a full reminder flow that includes refused sends and retries (issue 4, STYLE.md)."""

from __future__ import annotations

import json
import logging

import pytest

from casework.models import Reminder, ReminderState
from casework.reminders.tasks import enqueue_due
from tests.conftest import record_decision
from tests.reminders.conftest import assigned_client, at, queued_messages, rows, settle, wait_for

pytestmark = [pytest.mark.celery, pytest.mark.django_db(transaction=True)]

SENTINEL = "zzsentinel"


def clean(text: str | bytes) -> bool:
    if isinstance(text, bytes):
        text = text.decode("utf-8", errors="replace")
    return SENTINEL not in text.casefold()


def test_it_keeps_the_sentinel_out_of_emails_task_messages_and_logs(
    people, smtp, broker, start_worker, caplog
):
    caplog.set_level(logging.DEBUG)
    alice, _sam = people
    client = assigned_client(alice, full_name="ZZSENTINEL Name", document_number="ZZSENTINEL42")
    record_decision(alice, client, at="2025-03-06 12:00:00+03:00")  # step 3 at once
    with at("2025-03-10 09:00:00+03:00"):
        # step 0 for alice and sam, and step 3 again: still pending (no worker yet), queued long ago
        assert enqueue_due() == 3

    # Before any worker consumes them: ids only, nothing else.
    messages = queued_messages(broker)
    assert len(messages) == 4
    assert {message["args"][0] for message in messages} == {row.pk for row in rows(client)}
    for message in messages:
        assert len(message["args"]) == 1 and type(message["args"][0]) is int
        assert message["kwargs"] == {}
        assert message["headers"]["task"] == "casework.reminders.send_reminder"
        assert clean(message["raw"]) and clean(json.dumps(message["headers"], ensure_ascii=False))

    smtp.mode = "refuse"  # the failure path logs too
    worker = start_worker()
    wait_for(lambda: smtp.refused >= 3, message="three refused sends")
    smtp.mode = "accept"
    wait_for(
        lambda: enqueue_due() == 0 and len(smtp.messages()) == 3,
        timeout=15,
        interval=0.25,
        message="delivery",
    )
    settle()
    assert len(smtp.messages()) == 3
    assert {row.state for row in rows(client)} == {ReminderState.SENT}

    for message in smtp.messages():
        assert clean(message.raw)
        assert clean(message.subject) and clean(message.text) and clean(message.html)
    assert "reminder" in worker.log() and "send attempt 1 failed" in worker.log()
    assert clean(worker.log())
    assert all(clean(row.last_error) for row in Reminder.objects.all())
    assert all(clean(record.getMessage()) for record in caplog.records)
