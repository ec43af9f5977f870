"""The morning digest: one e-mail with all of a recipient's due digest rows, claimed and sent together."""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from casework.emails import make_message
from casework.models import Deadline, Reminder, ReminderState
from casework.reminders.delivery import NO_LONGER_DUE, Outcome, _error_summary, _still_true, backoff
from casework.reminders.emails import _language, context, message_domain

logger = logging.getLogger(__name__)


def _claim(recipient_id: int) -> list[int]:
    now = timezone.now()
    with transaction.atomic():
        # SKIP LOCKED: two digest tasks for one person split nothing and wait for nothing.
        ids = list(
            Reminder.objects.select_for_update(skip_locked=True)
            .filter(recipient_id=recipient_id, digest=True, state=ReminderState.PENDING, send_at__lte=now)
            .values_list("id", flat=True)
        )
        Reminder.objects.filter(id__in=ids).update(
            state=ReminderState.SENDING, claimed_at=now, attempts=F("attempts") + 1
        )
    return ids


def build_digest(items: list[tuple[Reminder, Deadline]]) -> EmailMultiAlternatives:
    first = items[0][0]
    language = _language(first)
    values = {"items": [context(reminder, deadline) for reminder, deadline in items], "count": len(items)}
    ids = sorted(reminder.pk for reminder, _ in items)
    return _message(
        first, language, values, f"<digest-{first.recipient_id}-{ids[0]}-{ids[-1]}@{message_domain()}>"
    )


def _message(first: Reminder, language: str, values: dict, message_id: str) -> EmailMultiAlternatives:
    headers = {"Message-ID": message_id}
    return make_message(
        "digest", to=first.recipient.email, language=language, context=values, headers=headers
    )


def deliver_digest(recipient_id: int) -> Outcome:
    ids = _claim(recipient_id)
    if not ids:
        return Outcome.SKIPPED
    with transaction.atomic():
        rows = list(
            Reminder.objects.filter(id__in=ids)
            .select_related("recipient__membership", "client", "organisation")
            .order_by("due_on", "id")
        )
        locked = Deadline.objects.select_for_update(no_key=True).filter(
            client_id__in={row.client_id for row in rows}, key__in={row.deadline_key for row in rows}
        )
        deadlines = {(deadline.client_id, deadline.key): deadline for deadline in locked}
        items = []
        for row in rows:
            deadline = deadlines.get((row.client_id, row.deadline_key))
            if _still_true(row, deadline):
                assert deadline is not None
                items.append((row, deadline))
            else:
                Reminder.objects.filter(pk=row.pk).update(
                    state=ReminderState.CANCELLED, last_error=NO_LONGER_DUE
                )
        if not items:
            return Outcome.CANCELLED
        sending = Reminder.objects.filter(id__in=[row.pk for row, _ in items])
        try:
            build_digest(items).send()
        # SMTP trouble is retried; so is anything unexpected (a template error, bad data), which then ends
        # as `failed` after the last attempt instead of cycling through the reaper forever.
        except Exception as error:  # noqa: BLE001 - recorded on the row; the class name only, no content
            attempts = max(row.attempts for row, _ in items)
            failed = attempts >= settings.CASEWORK_REMINDER_MAX_ATTEMPTS
            sending.update(
                state=ReminderState.FAILED if failed else ReminderState.PENDING,
                send_at=timezone.now() + backoff(attempts),
                enqueued_at=None,
                last_error=_error_summary(error),
            )
            logger.warning("digest for user %s failed (%s)", recipient_id, _error_summary(error))
            return Outcome.FAILED if failed else Outcome.RETRY
        sending.update(state=ReminderState.SENT, sent_at=timezone.now(), last_error="")
    logger.info("digest for user %s sent with %d reminders", recipient_id, len(items))
    return Outcome.SENT
