"""The reminder ledger: which rows exist, which are due, which are stale.

Beat calls `enqueue_due` every few minutes: it inserts the rows whose time has come (idempotent through the
unique constraint), then queues one send task per due pending row. Recording an event calls the same for one
client right after the commit, so a step already due goes out at once. If Redis is down at that moment, the
rows simply wait in PostgreSQL for the next beat run."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from uuid import UUID

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Q, QuerySet
from django.db.models.expressions import RawSQL
from django.utils import timezone

from casework.derivation import Context
from casework.models import (
    SETTLED_STATUSES,
    Deadline,
    DeadlineChange,
    DeadlineStatus,
    Membership,
    Organisation,
    Reminder,
    ReminderState,
    Role,
)
from casework.reminders.schedule import PlannedStep, latest_due_step, planned_steps

logger = logging.getLogger(__name__)

# Steps this many working days ahead or more can wait for the morning digest of users who chose one.
DIGEST_MIN_DAYS = 2
# A missed deadline is escalated if it was missed recently; an old history imported today is not news.
# A deadline re-opened by a rules update and already missed is news whatever its age (STEP_REOPENED).
ESCALATE_WITHIN = timedelta(days=14)
# Why an assignee got no reminder (a failed ledger row, so the failure list shows it); supervisors got it.
ASSIGNEE_INACTIVE = "The assignee's account is deactivated; the supervisors were reminded instead."
ASSIGNEE_NO_EMAIL = "The assignee has no e-mail address; the supervisors were reminded instead."


@dataclass(frozen=True)
class Recipient:
    user_id: int
    escalation: bool
    undeliverable: str = ""  # set: the row is written as failed with this reason, never sent


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
    reachable = False
    if assignee is not None:
        reachable = assignee.is_active and bool(assignee.email)
        why = "" if reachable else ASSIGNEE_NO_EMAIL if assignee.is_active else ASSIGNEE_INACTIVE
        found[assignee.pk] = Recipient(assignee.pk, escalation=False, undeliverable=why)
    if not reachable or last_step or missed:  # nobody reachable is assigned: the supervisors get every step
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
            state=ReminderState.FAILED if person.undeliverable else ReminderState.PENDING,
            last_error=person.undeliverable,
        )
        for person in people
    ]  # fmt: skip


SCAN_FIELDS = (
    "organisation_id", "client_id", "key", "due_on", "due_at", "status",
    "client__id", "client__status__client_id", "client__status__region", "client__status__assigned_to",
)  # fmt: skip
# The row version the scan read: its bookmark is written only if the row is still that version.
ROW_VERSION = RawSQL('"casework_deadline"."xmin"::text', ())
# The bookmark of a deadline that no scan needs to look at again unless a trigger resets it.
NEVER = datetime(9999, 1, 1, tzinfo=UTC)
# pg_advisory_*lock(BOOKMARK_LOCK, organisation id): the scan holds it shared from its read to its
# bookmark write; the reset triggers of organisation-wide changes take it exclusively (migration 0011).
BOOKMARK_LOCK = 0x52454D  # "REM"


def reminder_window_days(organisation: Organisation) -> int:
    # Far enough ahead to reach the earliest step even across the January holidays.
    return 2 * max(organisation.reminder_steps or [0]) + 14


@dataclass
class Scan:
    """What one organisation's scan found: the ledger rows to insert, and for each deadline it read
    (id, row version read, when the next scan needs to look at it again)."""

    rows: list[Reminder] = field(default_factory=list)
    bookmarks: list[tuple[int, str, datetime]] = field(default_factory=list)


def insert_due(*, now: datetime | None = None, client_id: UUID | None = None) -> int:
    """Insert the ledger rows of every step that has come due, and of every recently missed deadline.

    The scheduled run reads only the deadlines whose bookmark (`reminder_check_at`) is NULL or has come, and
    moves each bookmark to the next instant its answer can change; one client's run (after an append) reads
    all of that client's deadlines. Returns the number of deadlines read."""
    now = now or timezone.now()
    context = Context()
    organisations = Organisation.objects.all()
    if client_id is not None:
        organisations = organisations.filter(clients__id=client_id)
    read = 0
    for organisation in organisations:
        ids = None if client_id is not None else deadline_ids_to_read(organisation.id, now=now)
        if ids == []:
            continue  # nothing has come due: no transaction, no lock
        # One transaction per organisation: its rows and its bookmarks are written together.
        with transaction.atomic():
            _lock_bookmarks(organisation.id)
            scan = scan_organisation(organisation, now=now, context=context, ids=ids, client_id=client_id)
            record(scan)
        read += len(scan.bookmarks)
    return read


def _lock_bookmarks(organisation_id: int) -> None:
    """Until the commit, an organisation-wide reset (a member added, a day off declared…) waits: it would
    otherwise find the deadlines this scan reads after this still NULL, do nothing, and let stale bookmarks
    be written. (A reset before the lock is seen by the reads after it.)"""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock_shared(%s, %s)", [BOOKMARK_LOCK, organisation_id])


def _open_or_missed(organisation_id: int) -> QuerySet[Deadline]:
    return Deadline.objects.filter(
        organisation_id=organisation_id, status__in=[DeadlineStatus.OPEN, DeadlineStatus.MISSED]
    )


def deadline_ids_to_read(organisation_id: int, *, now: datetime) -> list[int]:
    """The ids alone, off the bookmark index: met and cancelled deadlines keep NULL bookmarks, so the planner
    expects thousands of rows here, and would join clients and users to them by hash."""
    due = _open_or_missed(organisation_id).filter(
        Q(reminder_check_at__isnull=True) | Q(reminder_check_at__lte=now)
    )
    return list(due.values_list("id", flat=True))


def scan_organisation(
    organisation: Organisation,
    *,
    now: datetime,
    context: Context,
    ids: list[int] | None = None,
    client_id: UUID | None = None,
) -> Scan:
    """The rows and bookmarks of these deadlines (or of every open or missed one of the client)."""
    # What the scan reads of each row; not the explanation, texts or the client's ciphertext.
    read = _open_or_missed(organisation.id).select_related("client__status__assigned_to").only(*SCAN_FIELDS)
    read = read.annotate(row_version=ROW_VERSION)
    if client_id is not None:
        found = list(read.filter(client_id=client_id))
    else:
        ids = ids or []
        found = [
            row for start in range(0, len(ids), 5000) for row in read.filter(id__in=ids[start : start + 5000])
        ]
    scan = Scan()
    if not found:
        return scan
    reopened = _reopened_missed(organisation.id, [d for d in found if d.status == DeadlineStatus.MISSED])
    imported = _imported_missed(organisation.id, [d for d in found if d.status == DeadlineStatus.MISSED])
    supervisors = _supervisors(organisation.id)
    digest_users = frozenset(
        Membership.objects.filter(organisation=organisation, reminder_digest=True).values_list(
            "user_id", flat=True
        )
    )
    today = now.astimezone(UTC).date()
    window_days = reminder_window_days(organisation)
    # Many deadlines share a due date and a region: their schedule is worked out once.
    schedules: dict[tuple[date, str | None], list[PlannedStep]] = {}
    for deadline in found:
        if (deadline.client_id, deadline.key, deadline.due_on) in reopened:
            # Re-opened by a rules update, already missed: one escalation to the supervisors, instead of
            # the "missed" one and whatever the age of the miss; nothing more can come of it after that.
            people = [Recipient(user_id, escalation=True) for user_id in supervisors]
            scan.rows += _rows(deadline, Reminder.STEP_REOPENED, now, people)
            scan.bookmarks.append((deadline.pk, deadline.row_version, NEVER))
        elif deadline.status == DeadlineStatus.OPEN and deadline.due_at >= now:
            if deadline.due_on > today + timedelta(days=window_days):
                # Not in the reminder window yet: it enters it at midnight UTC, window_days before.
                enters = datetime.combine(deadline.due_on - timedelta(days=window_days), time(0), UTC)
                scan.bookmarks.append((deadline.pk, deadline.row_version, enters))
                continue
            region = deadline.client.status.region or None if hasattr(deadline.client, "status") else None
            if (deadline.due_on, region) not in schedules:
                schedules[deadline.due_on, region] = planned_steps(
                    deadline.due_on, steps=organisation.reminder_steps, hour=organisation.reminder_hour,
                    zone=organisation.timezone, calendar=context.calendar(organisation.id, region),
                    region=region,
                )  # fmt: skip
            planned = schedules[deadline.due_on, region]
            # Next: the next step, or the moment it is past due (and becomes a missed escalation).
            following = [step.send_at for step in planned if step.send_at > now]
            scan.bookmarks.append((deadline.pk, deadline.row_version, min([*following, deadline.due_at])))
            step = latest_due_step(planned, now)
            if step is None:
                continue
            last = step.days_before == min(organisation.reminder_steps)
            people = recipients(deadline, last_step=last, missed=False, supervisors=supervisors)
            # Early steps of a scheduled run may wait for the digest; an immediate or urgent one never does.
            digestible = (
                digest_users if client_id is None and step.days_before >= DIGEST_MIN_DAYS else frozenset()
            )
            scan.rows += _rows(deadline, step.step, now, people, digestible)
        elif (deadline.client_id, deadline.key, deadline.due_on) in imported:
            # Missed before an import wrote it: on the review list, never escalated (docs/import.md).
            scan.bookmarks.append((deadline.pk, deadline.row_version, NEVER))
        elif deadline.due_at >= now - ESCALATE_WITHIN:
            # Missed, or open past due: escalated now; nothing more to do once it is older than that.
            people = recipients(deadline, last_step=True, missed=True, supervisors=supervisors)
            scan.rows += _rows(deadline, Reminder.STEP_MISSED, now, people)
            scan.bookmarks.append((deadline.pk, deadline.row_version, deadline.due_at + ESCALATE_WITHIN))
        else:
            scan.bookmarks.append((deadline.pk, deadline.row_version, NEVER))
    return scan


def _reopened_missed(organisation_id: int, missed: list[Deadline]) -> set[tuple[UUID, str, date]]:
    """(client, key, due date) of these missed deadlines that a rules update re-opened (met or cancelled
    → missed) with that due date, read off DeadlineChange's partial index of rules updates."""
    found: set[tuple[UUID, str, date]] = set()
    clients = sorted({deadline.client_id for deadline in missed})
    for start in range(0, len(clients), 5000):
        changes = DeadlineChange.objects.filter(
            organisation_id=organisation_id,
            client_id__in=clients[start : start + 5000],
            rules_update=True,
            old_status__in=SETTLED_STATUSES,
            new_status=DeadlineStatus.MISSED,
        )
        for client_id, key, due_on in changes.values_list("client_id", "key", "new_due_on"):
            if due_on is not None:
                found.add((client_id, key, due_on))
    return found


def _imported_missed(organisation_id: int, missed: list[Deadline]) -> set[tuple[UUID, str, date]]:
    """(client, key, due date) of these missed deadlines that an import wrote already missed."""
    if not missed:
        return set()
    changes = DeadlineChange.objects.filter(
        organisation_id=organisation_id,
        client_id__in=sorted({deadline.client_id for deadline in missed}),
        imported=True,
        new_status=DeadlineStatus.MISSED,
    )
    return {
        (client_id, key, due_on)
        for client_id, key, due_on in changes.values_list("client_id", "key", "new_due_on")
        if due_on is not None
    }


def record(scan: Scan) -> None:
    """The ledger rows first, then the bookmarks: a crash in between leaves the bookmarks as they were, and
    the next scan reads those deadlines again (the ledger's uniqueness makes that harmless)."""
    # Rows not in the ledger yet; the unique constraint still makes a concurrent scan's insert a no-op.
    fresh, cancelled = _not_in_ledger(scan.rows)
    Reminder.objects.bulk_create(fresh, ignore_conflicts=True, batch_size=1000)
    _pending_again(cancelled)
    if not scan.bookmarks:
        return
    ids, versions, instants = zip(*scan.bookmarks, strict=True)
    with connection.cursor() as cursor:
        # Only a row still in the version the scan read: one that an append or a reset trigger changed since
        # keeps its bookmark (NULL, or an instant already come) and is read again. A row locked by a writer
        # right now is skipped rather than waited for (no deadlock with an append), with the same result.
        cursor.execute(
            """
            UPDATE casework_deadline AS deadline SET reminder_check_at = seen.next_check_at
              FROM unnest(%s::bigint[], %s::text[], %s::timestamptz[]) AS seen(id, row_version, next_check_at)
             WHERE deadline.id = seen.id AND deadline.xmin::text = seen.row_version
               AND deadline.id IN (SELECT id FROM casework_deadline WHERE id = ANY(%s::bigint[])
                                   FOR NO KEY UPDATE SKIP LOCKED)
            """,
            [list(ids), list(versions), list(instants), list(ids)],
        )


def skip_past(*, organisation: Organisation, client_id: UUID, now: datetime) -> int:
    """For a client an import has just written: the steps that have already come due — history, a deadline
    missed before the import — go into the ledger as skipped, never sent; the later steps of an open
    deadline come as usual. In the import's transaction, so the on-commit check after it finds them there.
    Returns the rows skipped."""
    _lock_bookmarks(organisation.id)
    scan = scan_organisation(organisation, now=now, context=Context(), client_id=client_id)
    for row in scan.rows:
        row.state, row.last_error = ReminderState.SKIPPED, ""
    record(scan)
    return len(scan.rows)


def _ledger_key(row: Reminder) -> tuple:
    return (row.client_id, row.deadline_key, row.due_on, row.step, row.recipient_id)


def _not_in_ledger(rows: list[Reminder]) -> tuple[list[Reminder], list[tuple[int, Reminder]]]:
    """The rows not in the ledger yet, and (id, row) of those that are there but cancelled.

    Most runs find the steps they compute already inserted by an earlier run: one read of their keys
    is much cheaper than offering them all to INSERT … ON CONFLICT again. A computed step whose row was
    cancelled (the deadline was met, cancelled or moved away from this date before it went out) is true
    again: the deadline is open with this due date once more, re-opened by an event or a rules update."""
    if not rows:
        return rows, []
    existing = {
        (client_id, key, due_on, step, recipient_id): (reminder_id, state)
        for client_id, key, due_on, step, recipient_id, reminder_id, state in Reminder.objects.filter(
            client_id__in={row.client_id for row in rows}, due_on__in={row.due_on for row in rows}
        ).values_list("client_id", "deadline_key", "due_on", "step", "recipient_id", "id", "state")
    }
    # A step skipped by an import stays skipped, whoever would receive it now (docs/import.md).
    skipped = {key[:4] for key, (_id, state) in existing.items() if state == ReminderState.SKIPPED}
    fresh, cancelled = [], []
    for row in rows:
        found = existing.get(_ledger_key(row))
        if _ledger_key(row)[:4] in skipped:
            continue
        if found is None:
            fresh.append(row)
        elif found[1] == ReminderState.CANCELLED:
            cancelled.append((found[0], row))
    return fresh, cancelled


def _pending_again(cancelled: list[tuple[int, Reminder]]) -> None:
    """A cancelled row true again is pending again, as if inserted now: sent once (the claim makes sure),
    with its Message-ID, and only the step computed now — steps passed meanwhile are never sent."""
    for reminder_id, row in cancelled:
        Reminder.objects.filter(pk=reminder_id, state=ReminderState.CANCELLED).update(
            state=ReminderState.PENDING, send_at=row.send_at, digest=row.digest, escalation=row.escalation,
            deadline=row.deadline, attempts=0, enqueued_at=None, claimed_at=None, last_error="",
        )  # fmt: skip


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
