"""Readers for the dashboard and the clients list: read models only (ClientStatus, Deadline, Reminder), never
a replay, each with select_related so that the number of queries does not grow with the number of clients."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from casework import access, derivation
from casework.clock import organisation_today
from casework.domain import CalendarDataMissing, ProductionCalendar
from casework.models import (
    CASE_ROLES,
    Client,
    ClientStatus,
    Deadline,
    DeadlineStatus,
    Membership,
    Reminder,
    Role,
)
from casework.selectors.clients import client_list_for
from casework.selectors.deadline_changes import (
    ReviewRow,
    RulesNotice,
    changes_by_id,
    latest_rules_change_id,
    notice_for,
    reopened_to_review,
)
from casework.selectors.reminders import delivery_failures_for
from casework.wording.dates import wall_clock

MISSED, TODAY, SOON, LATER = "missed", "today", "soon", "later"
URGENCIES = (MISSED, TODAY, SOON, LATER)
SOON_WORKING_DAYS = 3
NEWLY_LISTED_DAYS = 14
UNASSIGNED = "none"  # the caseworker filter's value for "nobody is assigned"
MOSCOW = ZoneInfo("Europe/Moscow")
# Beyond this many days a countdown is told in calendar days: counting a year of working days buys nothing.
WORKING_DAY_HORIZON = 400
FAILURES_SHOWN = 20


def _active_membership(actor: access.Actor) -> Membership:
    membership = access.membership_of(actor)
    access.require_case_access(actor, membership.organisation_id)
    return membership


def case_staff_for(*, actor: access.Actor) -> list:
    """The organisation's users who can be assigned clients, for the caseworker filters."""
    membership = _active_membership(actor)
    return list(
        get_user_model()
        .objects.filter(
            membership__organisation_id=membership.organisation_id, membership__role__in=CASE_ROLES
        )
        .order_by("username")
    )


def caseworker_from(*, actor: access.Actor, value: str | None, staff: list):
    """The filter value as a user, UNASSIGNED or None (no filter); a user of another organisation is a 404."""
    if not value:
        return None
    if value == UNASSIGNED:
        return UNASSIGNED
    chosen = next((user for user in staff if str(user.pk) == value), None)
    if chosen is None:
        raise Http404(access.NOT_FOUND)
    return chosen


def _assignee_filter(prefix: str, caseworker) -> Q:
    if caseworker is None:
        return Q()
    if caseworker == UNASSIGNED:
        return Q(**{f"{prefix}assigned_to__isnull": True})
    return Q(**{f"{prefix}assigned_to": caseworker})


def _scope(prefix: str, actor: access.Actor, membership: Membership, caseworker) -> Q:
    """A caseworker sees their own clients and the unassigned ones; supervisors and admins the organisation's,
    optionally one caseworker's."""
    if membership.role == Role.CASEWORKER:
        return Q(**{f"{prefix}assigned_to": actor}) | Q(**{f"{prefix}assigned_to__isnull": True})
    return _assignee_filter(prefix, caseworker)


@dataclass(frozen=True)
class Cutoff:
    day: date
    time: str
    zone: str


class WorkingDayCounter:
    """Working days after `today` up to and including a day, by the official production calendar. Where the
    calendar for a year is not published yet, Monday to Friday stands in and the count is marked approximate.
    Counts are kept as running totals, so a long list of deadlines walks the calendar once."""

    def __init__(self, calendar: ProductionCalendar | None, today: date) -> None:
        self.calendar = calendar
        self.today = today
        self._totals: list[tuple[int, bool]] = [(0, True)]  # index n: days today+1 … today+n

    def _is_working_day(self, day: date) -> tuple[bool, bool]:
        if self.calendar is not None:
            try:
                return self.calendar.is_working_day(day), True
            except CalendarDataMissing:
                pass
        return day.weekday() < 5, False

    def count(self, until: date) -> tuple[int | None, bool]:
        """(working days, exact); None when `until` lies beyond the horizon."""
        days = (until - self.today).days
        if days > WORKING_DAY_HORIZON:
            return None, True
        while len(self._totals) <= days:
            total, exact = self._totals[-1]
            working, known = self._is_working_day(self.today + timedelta(days=len(self._totals)))
            self._totals.append((total + working, exact and known))
        return self._totals[max(days, 0)]


@dataclass(frozen=True)
class DeadlineRow:
    deadline: Deadline
    urgency: str
    days_left: int  # calendar days from today to the due date; negative once past
    working_days_left: int | None
    working_days_exact: bool
    local_cutoff: Cutoff
    moscow_cutoff: Cutoff
    assigned_to: object | None
    rules_notice: RulesNotice | None = None  # moved or re-opened by a rules update

    @property
    def client(self) -> Client:
        return self.deadline.client

    @property
    def days_overdue(self) -> int:
        return max(0, -self.days_left)

    @property
    def verify(self) -> bool:
        return self.deadline.estimated or self.deadline.confidence != "high"


@dataclass(frozen=True)
class StatusRow:
    status: ClientStatus
    days: int | None  # days in detention, or days since listing

    @property
    def client(self) -> Client:
        return self.status.client


@dataclass
class Dashboard:
    today: date
    organisation_wide: bool
    caseworker: object | None
    buckets: dict[str, list[DeadlineRow]] = field(default_factory=dict)
    detained: list[StatusRow] = field(default_factory=list)
    newly_listed: list[StatusRow] = field(default_factory=list)
    failures: list[Reminder] = field(default_factory=list)
    failure_count: int = 0
    # Re-opened by a rules update and already missed, not reviewed yet: decide on a restoration petition.
    reopened: list[ReviewRow] = field(default_factory=list)


def _official_calendar(organisation_id: int) -> ProductionCalendar | None:
    try:
        return derivation.regional_calendar(organisation_id, None)
    except CalendarDataMissing:
        return None


def _deadline_row(
    deadline: Deadline, *, now: datetime, today: date, counter: WorkingDayCounter,
    notice: RulesNotice | None = None,
) -> DeadlineRow:  # fmt: skip
    days_left = (deadline.due_on - today).days
    working_days, exact = (None, True) if days_left <= 0 else counter.count(deadline.due_on)
    if deadline.status == DeadlineStatus.MISSED or deadline.due_at < now:
        urgency = MISSED
    elif days_left <= 0:
        urgency = TODAY
    elif working_days is not None and working_days <= SOON_WORKING_DAYS:
        urgency = SOON
    else:
        urgency = LATER
    local_day, local_time = wall_clock(deadline.local_cutoff, ZoneInfo(deadline.authority_timezone))
    moscow_day, moscow_time = wall_clock(deadline.due_at, MOSCOW)
    return DeadlineRow(
        deadline=deadline,
        urgency=urgency,
        days_left=days_left,
        working_days_left=working_days,
        working_days_exact=exact,
        local_cutoff=Cutoff(local_day, local_time, deadline.authority_timezone),
        moscow_cutoff=Cutoff(moscow_day, moscow_time, "Europe/Moscow"),
        assigned_to=deadline.client.status.assigned_to,
        rules_notice=notice,
    )


def dashboard_for(*, actor: access.Actor, caseworker=None) -> Dashboard:
    """The actor's dashboard: deadlines by urgency, detention, new listings and failed reminders.

    `caseworker` (a user or UNASSIGNED, from caseworker_from) narrows a supervisor's or admin's view; a
    caseworker always sees their own clients plus the unassigned ones."""
    membership = _active_membership(actor)
    organisation_id = membership.organisation_id
    if membership.role == Role.CASEWORKER:
        caseworker = None
    now = timezone.now()
    today = organisation_today(membership.organisation)
    counter = WorkingDayCounter(_official_calendar(organisation_id), today)
    board = Dashboard(
        today=today, organisation_wide=membership.role != Role.CASEWORKER, caseworker=caseworker
    )

    # Open deadlines, and missed ones while the case is not closed: beat's refresh turns an open deadline
    # whose cut-off has passed into a stored "missed" one, and it must not drop off the dashboard then.
    deadlines = Deadline.objects.filter(organisation_id=organisation_id).filter(
        Q(status=DeadlineStatus.OPEN) | Q(status=DeadlineStatus.MISSED, client__status__closed=False)
    )
    scope = _scope("", actor, membership, caseworker)
    in_scope = None
    if scope:
        # The scope's clients first (an indexed lookup on the status rows), then their deadlines: filtered
        # through the join instead, the OR with "unassigned" made PostgreSQL scan every client.
        in_scope = ClientStatus.objects.filter(scope, organisation_id=organisation_id).values("client_id")
        deadlines = deadlines.filter(client_id__in=in_scope)
    deadlines = (
        deadlines.select_related("client", "client__status", "client__status__assigned_to")
        .annotate(rules_change_id=latest_rules_change_id())
        .order_by("due_at", "client__code", "key")
    )
    found = list(deadlines)
    zone = membership.organisation.timezone
    changes = changes_by_id(deadline.rules_change_id for deadline in found)
    board.buckets = {urgency: [] for urgency in URGENCIES}
    for deadline in found:
        notice = notice_for(changes.get(deadline.rules_change_id), deadline, zone)
        row = _deadline_row(deadline, now=now, today=today, counter=counter, notice=notice)
        board.buckets[row.urgency].append(row)
    # The most recently missed first: those are the ones a restoration request can still save.
    board.buckets[MISSED].reverse()

    statuses = (
        ClientStatus.objects.filter(organisation_id=organisation_id)
        .filter(_scope("", actor, membership, caseworker))
        .select_related("client", "assigned_to")
    )
    board.detained = [
        StatusRow(status, (today - status.detained_since).days if status.detained_since else None)
        for status in statuses.filter(detained=True).order_by("detained_since", "client__code")
    ]
    since = today - timedelta(days=NEWLY_LISTED_DAYS)
    board.newly_listed = [
        StatusRow(status, (today - status.listed_since).days if status.listed_since else None)
        for status in statuses.filter(listed=True, listed_since__gte=since).order_by(
            "-listed_since", "client__code"
        )
    ]

    failures = delivery_failures_for(actor=actor)
    if membership.role != Role.CASEWORKER:
        failures = failures.filter(_assignee_filter("client__status__", caseworker))
    board.reopened = reopened_to_review(organisation_id=organisation_id, zone=zone, clients=in_scope)
    board.failures = list(failures[:FAILURES_SHOWN])
    board.failure_count = len(board.failures) if len(board.failures) < FAILURES_SHOWN else failures.count()
    return board


def client_table_for(
    *,
    actor: access.Actor,
    search: str | None = None,
    listed: bool | None = None,
    detained: bool | None = None,
    has_open_deadline: bool | None = None,
    caseworker=None,
) -> QuerySet[Client]:
    """The clients list: exact-match search (blind index) and filters on the read model, newest first."""
    clients = (
        client_list_for(actor=actor, search=search)
        .prefetch_related(None)  # citizenship and region come from the status row, not the first event
        .select_related("status", "status__assigned_to")
    )
    if listed is not None:
        clients = clients.filter(status__listed=listed)
    if detained is not None:
        clients = clients.filter(status__detained=detained)
    if has_open_deadline is not None:
        open_deadline = Deadline.objects.filter(
            client_id=OuterRef("pk"), status=DeadlineStatus.OPEN, due_at__gte=timezone.now()
        )
        clients = clients.filter(Exists(open_deadline) if has_open_deadline else ~Exists(open_deadline))
    return clients.filter(_assignee_filter("status__", caseworker))
