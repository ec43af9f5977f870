"""Deadline changes a rules update made (issue 13): the notices on the client page's deadline cards and the
dashboard's rows, and the dashboard's review list of re-opened deadlines already missed. Read models only."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any, Protocol
from zoneinfo import ZoneInfo

from django.db.models import OuterRef, Q, QuerySet, Subquery

from casework import access
from casework.models import (
    SETTLED_STATUSES,
    UNSETTLED_STATUSES,
    Client,
    Deadline,
    DeadlineChange,
    DeadlineStatus,
)

REOPENED, MOVED, STATUS, ADDED = "reopened", "moved", "status", "added"
# A deadline re-opened by a rules update and already missed: a restoration petition may still save it.
# Or imported as already missed (casework/services/imports.py): the same decision waits, in the same list.
REOPENED_MISSED = Q(rules_update=True, old_status__in=SETTLED_STATUSES, new_status=DeadlineStatus.MISSED) | Q(
    imported=True, new_status=DeadlineStatus.MISSED
)


class DeadlineLike(Protocol):
    key: str
    due_on: date
    status: str


@dataclass(frozen=True)
class RulesNotice:
    """ "Re-opened by a rules update on 04.12.2026: was met, now open" / "moved by a rules update: 11.12 →
    09.12" / "changed by a rules update: was missed, now met"."""

    kind: str  # REOPENED, MOVED or STATUS
    change: DeadlineChange
    changed_on: date  # in the organisation's zone

    @property
    def moved(self) -> bool:
        return self.change.moved


def notice_for(change: DeadlineChange | None, deadline: DeadlineLike, zone: str) -> RulesNotice | None:
    """The notice a deadline carries: its latest rules-update change, while the due date that change set is
    still the deadline's (an event that moved it since made it old news) — and, for a re-open, while the
    deadline is still open or missed."""
    if change is None or change.new_due_on != deadline.due_on:
        return None
    changed_on = change.changed_at.astimezone(ZoneInfo(zone)).date()
    if change.old_due_on is None and change.old_status is None:
        return RulesNotice(ADDED, change, changed_on)  # a deadline the old rules did not know
    if change.reopened:
        if deadline.status not in UNSETTLED_STATUSES:
            return None
        return RulesNotice(REOPENED, change, changed_on)
    if change.moved:
        return RulesNotice(MOVED, change, changed_on)
    if change.old_status != change.new_status and change.old_status and change.new_status:
        return RulesNotice(STATUS, change, changed_on)
    return None


def _latest_by_key(changes: Iterable[DeadlineChange]) -> dict[str, DeadlineChange]:
    latest: dict[str, DeadlineChange] = {}
    for change in changes:  # oldest first: the latest wins
        latest[change.key] = change
    return latest


def client_rules_notices_for(
    *, actor: access.Actor, client: Client, deadlines: Iterable[Any]
) -> dict[str, RulesNotice]:
    """Deadline key -> the notice of each of these (derived) deadlines of the client that carries one."""
    access.require_case_access(actor, client.organisation_id)
    changes = DeadlineChange.objects.filter(
        organisation_id=client.organisation_id, client_id=client.id, rules_update=True
    ).order_by("changed_at", "id")
    latest = _latest_by_key(changes)
    notices = {}
    for deadline in deadlines:
        notice = notice_for(latest.get(deadline.key), deadline, client.organisation.timezone)
        if notice is not None:
            notices[deadline.key] = notice
    return notices


def latest_rules_change_id() -> Subquery:
    """For a Deadline queryset: the id of the deadline's latest rules-update change (partial index)."""
    changes = DeadlineChange.objects.filter(
        organisation_id=OuterRef("organisation_id"),
        client_id=OuterRef("client_id"),
        key=OuterRef("key"),
        rules_update=True,
    ).order_by("-changed_at", "-id")
    return Subquery(changes.values("id")[:1])


def changes_by_id(ids: Iterable[int | None]) -> dict[int, DeadlineChange]:
    wanted = sorted({change_id for change_id in ids if change_id is not None})
    if not wanted:
        return {}
    return {change.pk: change for change in DeadlineChange.objects.filter(pk__in=wanted)}


@dataclass(frozen=True)
class ReviewRow:
    """One re-opened deadline already missed, waiting for someone to decide on a restoration petition."""

    change: DeadlineChange
    kind: str
    due_on: date
    changed_on: date

    @property
    def client(self) -> Client:
        return self.change.client


def reopened_to_review(*, organisation_id: int, zone: str, clients: QuerySet | None) -> list[ReviewRow]:
    """The organisation's (or these clients') deadlines re-opened by a rules update, missed and still missed,
    not reviewed yet: one row per deadline however many rebuilds or re-openings, most recently due first."""
    still_missed = Deadline.objects.filter(
        client_id=OuterRef("client_id"), key=OuterRef("key"), status=DeadlineStatus.MISSED
    )
    reviews = DeadlineChange.objects.filter(
        REOPENED_MISSED,
        organisation_id=organisation_id,
        reviewed_at__isnull=True,
        client__status__closed=False,
    )
    if clients is not None:
        reviews = reviews.filter(client_id__in=clients)
    reviews = (
        reviews.annotate(
            deadline_kind=Subquery(still_missed.values("kind")[:1]),
            deadline_due_on=Subquery(still_missed.values("due_on")[:1]),
        )
        .filter(deadline_kind__isnull=False)
        .select_related("client")
        .order_by("client_id", "key", "-changed_at", "-id")
        .distinct("client_id", "key")
    )
    local = ZoneInfo(zone)
    rows = [
        ReviewRow(
            change, change.deadline_kind, change.deadline_due_on, change.changed_at.astimezone(local).date()
        )
        for change in reviews
    ]
    return sorted(rows, key=lambda row: (row.due_on, row.client.code, row.change.key), reverse=True)
