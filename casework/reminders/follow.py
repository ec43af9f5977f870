"""What an append (or a rebuild) does to the reminder ledger, in its own transaction.

A client's deadlines have just been derived and written: reminders that no longer announce anything true are
cancelled at once, under the stream lock; once the transaction commits, the client's due rows are enqueued.
The projections call `reminders_follow`; beat's scan (ledger.insert_due) stays the safety net.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, datetime, timedelta
from functools import partial
from uuid import UUID

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from casework.db import rows_where_in
from casework.models import DeadlineStatus, Organisation, Reminder, ReminderState
from casework.reminders import tasks
from casework.reminders.ledger import ESCALATE_WITHIN, reminder_window_days


def reminders_follow(
    deadlines_of: Mapping[UUID, Mapping[str, tuple[date, str, datetime]]],
    organisations: Mapping[UUID, Organisation], *, now: datetime, only: set[UUID] | None = None,
    reopened: set[UUID] | None = None,
) -> None:  # fmt: skip
    """Cancel reminders that stopped being true, in this transaction; send what is due once it commits.

    Only clients that may have something to send get the on-commit check: one with a deadline open or
    recently missed (a step may have come due), or with a pending row already due. For the others it
    would insert nothing and find nothing; beat's scan stays the safety net either way. A rebuild passes
    `only`, the clients whose deadlines changed: for the others no step can have come due through it. A
    client with a deadline `reopened` is always checked: a re-opened deadline missed long ago is escalated
    once (docs/reminders.md), which may_come_due does not foresee."""
    due = cancel_stale_many(deadlines_of, now=now)
    due |= reopened or set()
    for client_id, deadlines in deadlines_of.items():
        if only is not None and client_id not in only and client_id not in due:
            continue
        if client_id in due or may_come_due(deadlines.values(), organisations[client_id], now=now):
            transaction.on_commit(partial(tasks.enqueue_for_client, client_id))


# A derived deadline as the reminders see it: due date, status, due instant.
DerivedDue = tuple[date, str, datetime]


def _is_stale(step: str, due_on: date, deadline: DerivedDue | None) -> bool:
    if deadline is None or deadline[0] != due_on:
        return True  # gone, or moved: a moved deadline gets fresh rows for its new date
    if step in Reminder.ESCALATION_STEPS:
        return deadline[1] in (DeadlineStatus.MET, DeadlineStatus.CANCELLED)
    return deadline[1] != DeadlineStatus.OPEN


def cancel_stale_many(deadlines_of: Mapping[UUID, Mapping[str, DerivedDue]], *, now: datetime) -> set[UUID]:
    """Cancel pending rows that no longer announce anything true: the deadline was met, cancelled, moved
    or is gone. `deadlines_of` holds each client's deadlines as just derived (key -> due date, status, due
    instant). Called inside the append's (or the rebuild's) transaction, under the stream locks; one
    query reads the pending rows of all these clients. Returns the clients left with a row due to send."""
    stale, due = _stale_and_due(deadlines_of, now=now)
    _cancel(stale)
    return due


PENDING_NAMES = ("id", "client_id", "deadline_key", "due_on", "step", "send_at", "enqueued_at", "digest")


def _stale_and_due(
    deadlines_of: Mapping[UUID, Mapping[str, DerivedDue]], *, now: datetime
) -> tuple[list[int], set[UUID]]:
    requeue_before = now - timedelta(seconds=settings.CASEWORK_REMINDER_REQUEUE_SECONDS)
    rows = rows_where_in(
        Reminder, PENDING_NAMES, key="client_id", values=list(deadlines_of), extra=', "row"."state"'
    )
    stale, due = [], set()
    for reminder_id, client_id, key, due_on, step, send_at, enqueued_at, digest, state in rows:
        if state != ReminderState.PENDING:
            continue
        if _is_stale(step, due_on, deadlines_of[client_id].get(key)):
            stale.append(reminder_id)
        elif send_at <= now and not digest and (enqueued_at is None or enqueued_at < requeue_before):
            due.add(client_id)
    return stale, due


def _cancel(stale: list[int]) -> int:
    if not stale:
        return 0
    return Reminder.objects.filter(pk__in=stale, state=ReminderState.PENDING).update(
        state=ReminderState.CANCELLED, last_error=""
    )


def may_come_due(deadlines: Iterable[DerivedDue], organisation: Organisation, *, now: datetime) -> bool:
    """Whether insert_due could insert a row for these deadlines now; it looks at nothing else: an open
    deadline not yet due within the organisation's reminder window, or one open or missed within
    ESCALATE_WITHIN of its due instant."""
    since = now - ESCALATE_WITHIN
    last_day = now.astimezone(timezone.get_fixed_timezone(0)).date() + timedelta(
        days=reminder_window_days(organisation)
    )
    for due_on, status, due_at in deadlines:
        if status == DeadlineStatus.OPEN and due_at >= now and due_on <= last_day:
            return True
        if status in (DeadlineStatus.OPEN, DeadlineStatus.MISSED) and since <= due_at < now:
            return True
        if status == DeadlineStatus.MISSED and due_at >= now:
            return True  # as insert_due: a deadline derived missed ahead of its instant is escalated
    return False
