"""Celery tasks of the reminder ledger: thin, ids in, a service call, JSON only."""

from __future__ import annotations

import logging
from uuid import UUID

from celery import shared_task
from django.utils import timezone

from casework import tenancy
from casework.health import record_beat_heartbeat
from casework.reminders import ledger
from casework.reminders.delivery import deliver
from casework.reminders.digest import deliver_digest

logger = logging.getLogger(__name__)


@shared_task(name="casework.reminders.send_reminder", acks_late=True, ignore_result=True,
             soft_time_limit=60, time_limit=90)  # fmt: skip
def send_reminder(reminder_id: int) -> str:
    # Retries go through the ledger (pending again with a later send_at), never through a Celery countdown.
    with tenancy.organisation_scope(_organisation_of_reminder(reminder_id)):
        return deliver(reminder_id).value


@shared_task(name="casework.reminders.send_digest", acks_late=True, ignore_result=True,
             soft_time_limit=60, time_limit=90)  # fmt: skip
def send_digest(recipient_id: int) -> str:
    from casework.models import Membership

    organisation_id = Membership.objects.filter(user_id=recipient_id).values_list(
        "organisation_id", flat=True
    )
    with tenancy.organisation_scope(organisation_id.first()):
        return deliver_digest(recipient_id).value


def _organisation_of_reminder(reminder_id: int) -> int | None:
    """The one thing a send task looks up across organisations: whose reminder it is."""
    from casework.models import Reminder

    with tenancy.system_scope():
        return Reminder.objects.filter(pk=reminder_id).values_list("organisation_id", flat=True).first()


def enqueue_digests(recipient_ids: list[int], *, now) -> int:
    from casework.models import Reminder, ReminderState

    queued = 0
    for recipient_id in recipient_ids:
        try:
            send_digest.delay(recipient_id)
        except Exception as error:  # noqa: BLE001 - any broker failure: the ledger keeps the rows
            logger.warning("broker unavailable, digests wait for the next run (%s)", type(error).__name__)
            break
        Reminder.objects.filter(
            recipient_id=recipient_id, digest=True, state=ReminderState.PENDING, send_at__lte=now
        ).update(enqueued_at=timezone.now())
        queued += 1
    return queued


def enqueue(ids: list[int]) -> int:
    """Queue one send task per row; stop at the first broker error (the rows wait for the next beat run)."""
    from casework.models import Reminder

    queued = 0
    for reminder_id in ids:
        try:
            send_reminder.delay(reminder_id)
        except Exception as error:  # noqa: BLE001 - any broker failure: the ledger keeps the row
            logger.warning("broker unavailable, %d reminders wait for the next run (%s)", len(ids) - queued,
                           type(error).__name__)  # fmt: skip
            break
        Reminder.objects.filter(pk=reminder_id).update(enqueued_at=timezone.now())
        queued += 1
    return queued


@shared_task(name="casework.reminders.enqueue_due", acks_late=True, ignore_result=True, time_limit=600)
def enqueue_due() -> int:
    record_beat_heartbeat()
    now = timezone.now()
    with tenancy.system_scope():  # the ledger of every organisation: ids in, ids out
        ledger.reap_stuck(now=now)
        ledger.insert_due(now=now)
        queued = enqueue(ledger.due_ids(now=now))
        return queued + enqueue_digests(ledger.due_digest_recipients(now=now), now=now)


def enqueue_for_client(client_id: UUID) -> None:
    """Right after an event commits: send at once whatever step is already due for this client."""
    try:
        now = timezone.now()
        # After the request's transaction: its organisation setting ended with it.
        with tenancy.system_scope():
            ledger.insert_due(now=now, client_id=client_id)
            enqueue(ledger.due_ids(now=now, client_id=client_id))
    except Exception as error:  # noqa: BLE001 - the event is recorded; beat will catch up
        logger.warning("immediate reminder scheduling deferred to beat (%s)", type(error).__name__)
