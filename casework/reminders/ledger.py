"""The reminder ledger: which rows exist, which are due, which are stale.

Beat calls `enqueue_due` every few minutes: it inserts the rows whose time has come (idempotent through the
unique constraint), then queues one send task per due pending row. Recording an event calls the same for one
client right after the commit, so a step already due goes out at once. If Redis is down at that moment, the
rows simply wait in PostgreSQL for the next beat run."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from uuid import UUID

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from casework import projections
from casework.models import (
    Client,
    Deadline,
    DeadlineStatus,
    Membership,
    Organisation,
    Reminder,
    ReminderState,
    Role,
)
from casework.reminders.schedule import PlannedStep, latest_due_step, planned_steps
from casework.services.sql_rows import rows_where_in

logger = logging.getLogger(__name__)

# Steps this many working days ahead or more can wait for the morning digest of users who chose one.
DIGEST_MIN_DAYS = 2
# A missed deadline is escalated if it was missed recently; an old history imported today is not news.
ESCALATE_WITHIN = timedelta(days=14)


@dataclass(frozen=True)
class Recipient:
    user_id: int
    escalation: bool


def _supervisors(organisation_id: int) -> list[int]:
    members = Membership.objects.filter(organisation_id=organisation_id, user__is_active=True).exclude(
        user__email=""
    )
    supervisors = list(members.filter(role=Role.SUPERVISOR).values_list("user_id", flat=True))
    # An organisation without supervisors escalates to its admins.
    return supervisors or list(members.filter(role=Role.ADMIN).values_list("user_id", flat=True))


def recipients(
    deadline: Deadline, *, last_step: bool, missed: bool, supervisors: list[int]
) -> list[Recipient]:
    status = getattr(deadline.client, "status", None)
    assignee = status.assigned_to if status is not None else None
    found: dict[int, Recipient] = {}
    if assignee is not None and assignee.is_active and assignee.email:
        found[assignee.pk] = Recipient(assignee.pk, escalation=False)
    if assignee is None or last_step or missed:
        for user_id in supervisors:
            found.setdefault(user_id, Recipient(user_id, escalation=assignee is not None))
    return list(found.values())


def _rows(
    deadline: Deadline,
    step: str,
    send_at: datetime,
    people: list[Recipient],
    digest_users: frozenset[int] = frozenset(),
) -> list[Reminder]:
    return [
        Reminder(
            organisation_id=deadline.organisation_id, client_id=deadline.client_id, deadline=deadline,
            deadline_key=deadline.key, due_on=deadline.due_on, step=step, recipient_id=person.user_id,
            escalation=person.escalation, send_at=send_at, digest=person.user_id in digest_users,
        )
        for person in people
    ]  # fmt: skip


SCAN_FIELDS = (
    "organisation_id", "client_id", "key", "due_on", "due_at", "status",
    "client__id", "client__status__client_id", "client__status__region", "client__status__assigned_to",
)  # fmt: skip


def _window_days(organisation: Organisation) -> int:
    # Far enough ahead to reach the earliest step even across the January holidays.
    return 2 * max(organisation.reminder_steps or [0]) + 14


def _reachable(organisation_id: int, supervisors: list[int]) -> Q:
    """The deadlines somebody could be told about. Without a supervisor (or admin) with an e-mail address,
    only those of an active assignee with one: the others would get no row, so the scan need not read
    them, and reading them by assignee (an index) keeps the scan proportional to who can be reminded."""
    if supervisors:
        return Q()
    reachable = Membership.objects.filter(organisation_id=organisation_id, user__is_active=True).exclude(
        user__email=""
    )
    return Q(client__status__assigned_to_id__in=list(reachable.values_list("user_id", flat=True)))


def insert_due(*, now: datetime | None = None, client_id: UUID | None = None) -> None:
    """Insert the ledger rows of every step that has come due, and of every recently missed deadline."""
    now = now or timezone.now()
    context = projections.Context()
    organisations = Organisation.objects.all()
    if client_id is not None:  # one client's check (right after its append) is about its organisation only
        organisations = organisations.filter(
            id__in=Client.objects.filter(id=client_id).values("organisation_id")
        )
    for organisation in organisations:
        supervisors = _supervisors(organisation.id)
        digest_users = frozenset(
            Membership.objects.filter(organisation=organisation, reminder_digest=True).values_list(
                "user_id", flat=True
            )
        )
        today = now.astimezone(timezone.get_fixed_timezone(0)).date()
        deadlines = (
            Deadline.objects.filter(organisation=organisation)
            .filter(_reachable(organisation.id, supervisors))
            .select_related("client__status__assigned_to")
            # What the scan reads of each row; not the explanation, texts or the client's ciphertext.
            .only(*SCAN_FIELDS)
        )
        if client_id is not None:
            deadlines = deadlines.filter(client_id=client_id)
        upcoming = deadlines.filter(
            status=DeadlineStatus.OPEN,
            due_at__gte=now,
            due_on__lte=today + timedelta(days=_window_days(organisation)),
        )
        rows: list[Reminder] = []
        # Many deadlines share a due date and a region: their schedule is worked out once.
        schedules: dict[tuple[date, str | None], list[PlannedStep]] = {}
        for deadline in upcoming:
            region = deadline.client.status.region or None if hasattr(deadline.client, "status") else None
            if (deadline.due_on, region) not in schedules:
                schedules[deadline.due_on, region] = planned_steps(
                    deadline.due_on, steps=organisation.reminder_steps, hour=organisation.reminder_hour,
                    zone=organisation.timezone, calendar=context.calendar(organisation.id, region),
                    region=region,
                )  # fmt: skip
            step = latest_due_step(schedules[deadline.due_on, region], now)
            if step is None:
                continue
            last = step.days_before == min(organisation.reminder_steps)
            people = recipients(deadline, last_step=last, missed=False, supervisors=supervisors)
            # Early steps of a scheduled run may wait for the digest; an immediate or urgent one never does.
            digestible = (
                digest_users if client_id is None and step.days_before >= DIGEST_MIN_DAYS else frozenset()
            )
            rows += _rows(deadline, step.step, now, people, digestible)
        missed = deadlines.filter(
            Q(status=DeadlineStatus.MISSED) | Q(status=DeadlineStatus.OPEN, due_at__lt=now),
            due_at__gte=now - ESCALATE_WITHIN,
        )
        for deadline in missed:
            people = recipients(deadline, last_step=True, missed=True, supervisors=supervisors)
            rows += _rows(deadline, Reminder.STEP_MISSED, now, people)
        # One statement per organisation for the rows not in the ledger yet; the unique constraint still
        # makes a second insert of a step (a concurrent scan's) a no-op.
        Reminder.objects.bulk_create(_not_in_ledger(rows), ignore_conflicts=True, batch_size=1000)


def _ledger_key(row: Reminder) -> tuple:
    return (row.client_id, row.deadline_key, row.due_on, row.step, row.recipient_id)


def _not_in_ledger(rows: list[Reminder]) -> list[Reminder]:
    """Most runs find the steps they compute already inserted by an earlier run: one read of their keys
    is much cheaper than offering them all to INSERT … ON CONFLICT again."""
    if not rows:
        return rows
    existing = set(
        Reminder.objects.filter(
            client_id__in={row.client_id for row in rows}, due_on__in={row.due_on for row in rows}
        ).values_list("client_id", "deadline_key", "due_on", "step", "recipient_id")
    )
    return [row for row in rows if _ledger_key(row) not in existing]


# A derived deadline as the reminders see it: due date, status, due instant.
DerivedDue = tuple[date, str, datetime]


def cancel_stale(client_id: UUID) -> int:
    """Cancel one client's stale pending rows, against its stored Deadline rows; returns how many."""
    deadlines = {
        key: (due_on, status, due_at)
        for key, due_on, status, due_at in Deadline.objects.filter(client_id=client_id).values_list(
            "key", "due_on", "status", "due_at"
        )
    }
    stale, _due = _stale_and_due({client_id: deadlines}, now=timezone.now())
    return _cancel(stale)


def _is_stale(step: str, due_on: date, deadline: DerivedDue | None) -> bool:
    if deadline is None or deadline[0] != due_on:
        return True  # gone, or moved: a moved deadline gets fresh rows for its new date
    if step == Reminder.STEP_MISSED:
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
        days=_window_days(organisation)
    )
    for due_on, status, due_at in deadlines:
        if status == DeadlineStatus.OPEN and due_at >= now and due_on <= last_day:
            return True
        if status in (DeadlineStatus.OPEN, DeadlineStatus.MISSED) and since <= due_at < now:
            return True
        if status == DeadlineStatus.MISSED and due_at >= now:
            return True  # as insert_due: a deadline derived missed ahead of its instant is escalated
    return False


def due_ids(*, now: datetime, client_id: UUID | None = None) -> list[int]:
    """Pending rows whose time has come and that were not queued recently (a queued task may still run)."""
    requeue_before = now - timedelta(seconds=settings.CASEWORK_REMINDER_REQUEUE_SECONDS)
    rows = Reminder.objects.filter(state=ReminderState.PENDING, send_at__lte=now).filter(
        Q(enqueued_at__isnull=True) | Q(enqueued_at__lt=requeue_before)
    )
    if client_id is not None:
        rows = rows.filter(client_id=client_id)
    rows = rows.filter(digest=False)  # digest rows go out together, per recipient
    return list(rows.order_by("send_at", "id").values_list("id", flat=True)[:5000])


def due_digest_recipients(*, now: datetime) -> list[int]:
    requeue_before = now - timedelta(seconds=settings.CASEWORK_REMINDER_REQUEUE_SECONDS)
    rows = Reminder.objects.filter(state=ReminderState.PENDING, digest=True, send_at__lte=now).filter(
        Q(enqueued_at__isnull=True) | Q(enqueued_at__lt=requeue_before)
    )
    return sorted(set(rows.values_list("recipient_id", flat=True)))


def reap_stuck(*, now: datetime | None = None) -> int:
    """Rows left in "sending" by a worker that died mid-send go back to pending, to be sent again."""
    now = now or timezone.now()
    timeout = timedelta(seconds=settings.CASEWORK_REMINDER_CLAIM_TIMEOUT_SECONDS)
    reaped = Reminder.objects.filter(state=ReminderState.SENDING, claimed_at__lt=now - timeout).update(
        state=ReminderState.PENDING, enqueued_at=None, last_error="reaped: the sending worker did not finish"
    )
    if reaped:
        logger.warning("returned %d stuck reminders to pending", reaped)
    return reaped
