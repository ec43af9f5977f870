"""Sending one ledger row: claim it, check it is still true, send it, record the outcome."""

from __future__ import annotations

import logging
from datetime import timedelta
from enum import StrEnum

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from casework.models import Deadline, DeadlineStatus, Reminder, ReminderState
from casework.reminders.emails import build_message

logger = logging.getLogger(__name__)

NO_LONGER_DUE = "cancelled before sending: the deadline was met, cancelled or moved"


class Outcome(StrEnum):
    SENT = "sent"
    SKIPPED = "skipped"  # another worker, or a retry of this task, got there first
    CANCELLED = "cancelled"
    RETRY = "retry"
    FAILED = "failed"


def _still_true(reminder: Reminder, deadline: Deadline | None) -> bool:
    if deadline is None or deadline.due_on != reminder.due_on:
        return False
    if reminder.step in Reminder.ESCALATION_STEPS:
        return deadline.status in (DeadlineStatus.OPEN, DeadlineStatus.MISSED)
    return deadline.status == DeadlineStatus.OPEN


def _error_summary(error: Exception) -> str:
    # The class and SMTP code only: server replies can echo addresses and headers.
    code = getattr(error, "smtp_code", None)
    return f"{type(error).__name__}{f' {code}' if code else ''}"[:200]


def backoff(attempts: int) -> timedelta:
    base = settings.CASEWORK_REMINDER_RETRY_BASE_SECONDS
    return timedelta(seconds=min(base * 2 ** (attempts - 1), 3600))


def deliver(reminder_id: int) -> Outcome:
    now = timezone.now()
    claimed = Reminder.objects.filter(id=reminder_id, state=ReminderState.PENDING, send_at__lte=now).update(
        state=ReminderState.SENDING, claimed_at=now, attempts=F("attempts") + 1
    )
    if claimed != 1:
        return Outcome.SKIPPED

    with transaction.atomic():
        reminder = Reminder.objects.select_related("recipient__membership", "client", "organisation").get(
            pk=reminder_id
        )
        # Lock the deadline row for the send: an appeal recorded meanwhile waits for us, or we see it.
        deadline = (
            Deadline.objects.select_for_update(no_key=True)
            .filter(client_id=reminder.client_id, key=reminder.deadline_key)
            .first()
        )
        if not _still_true(reminder, deadline):
            Reminder.objects.filter(pk=reminder_id).update(
                state=ReminderState.CANCELLED, last_error=NO_LONGER_DUE
            )
            return Outcome.CANCELLED
        assert deadline is not None
        try:
            build_message(reminder, deadline).send()
        # SMTP trouble is retried; so is anything unexpected (a template error, bad data), which then ends
        # as `failed` after the last attempt instead of cycling through the reaper forever.
        except Exception as error:  # noqa: BLE001 - recorded on the row; the class name only, no content
            failed = reminder.attempts >= settings.CASEWORK_REMINDER_MAX_ATTEMPTS
            Reminder.objects.filter(pk=reminder_id).update(
                state=ReminderState.FAILED if failed else ReminderState.PENDING,
                send_at=timezone.now() + backoff(reminder.attempts),
                enqueued_at=None,
                last_error=_error_summary(error),
            )
            logger.warning("reminder %s: send attempt %s failed (%s)", reminder_id, reminder.attempts,
                           _error_summary(error))  # fmt: skip
            return Outcome.FAILED if failed else Outcome.RETRY
        Reminder.objects.filter(pk=reminder_id).update(
            state=ReminderState.SENT, sent_at=timezone.now(), last_error=""
        )
    logger.info("reminder %s sent", reminder_id)
    return Outcome.SENT
