"""Read models as caches of derive(): written in the append's own transaction, rebuildable, verifiable.

`apply(client)` re-derives one client from its whole stream (streams are short) as of today in the
organisation's zone and rewrites its ClientStatus, Deadline and CaseFact rows. A deadline whose due date
moves, that disappears, that is re-opened (met or cancelled → open or missed), or whose status a rules update
changes, leaves a DeadlineChange row saying from what, to what and why — nothing changes silently.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any
from uuid import UUID

from django.db import connection, transaction
from django.db.models import Q

from casework import eventstore
from casework.clock import organisation_today
from casework.db import copy_models, rows_where_in, update_where
from casework.derivation import Context, derive_client
from casework.domain import CaseState
from casework.domain.events import RecordedEvent
from casework.domain.state import Deadline as DerivedDeadline
from casework.models import (
    SETTLED_STATUSES,
    UNSETTLED_STATUSES,
    CaseFact,
    Client,
    ClientStatus,
    Deadline,
    DeadlineChange,
    Event,
    Membership,
    Organisation,
)
from casework.reminders import follow

REASON_EVENT = "event v{version} recorded"
REASON_RULES = "deadline rules changed ({old} → {new})"
REASON_CALENDAR = "production calendar changed ({old} → {new})"
REASON_GONE = "no longer derived: {why}"
REASON_REBUILD = "rebuild"
REASON_REFRESH = "re-derived: a day passed, or the rules or calendar changed"

STATUS_COMPARED = (
    "version", "derived_as_of", "rules_version", "calendar_version", "listed", "listed_since",
    "register_ground", "posted_on", "excluded_on", "restriction_codes", "bank_account_frozen", "detained",
    "detained_since",
    "closed", "assigned_to_id", "next_deadline_on", "next_deadline_at", "open_deadlines", "missed_deadlines",
    "obligation_breaches", "warning_codes", "citizenship", "sex", "birth_year", "region",
)  # fmt: skip
DEADLINE_COMPARED = (
    "kind", "rule", "rule_version", "decision_ref", "level", "due_on", "due_at", "local_cutoff",
    "authority_timezone", "status", "estimated", "confidence", "legal_basis", "action", "next_step",
    "trigger_event", "trigger_on", "explanation",
)  # fmt: skip


# (organisation id, username) -> user id of the organisation's members, looked up once for a bulk load.
Members = Mapping[tuple[int, str], int]


def members_of(organisation_ids: Iterable[int]) -> dict[tuple[int, str], int]:
    rows = Membership.objects.filter(organisation_id__in=list(organisation_ids)).values_list(
        "organisation_id", "user__username", "user_id"
    )
    return {(organisation_id, username): user_id for organisation_id, username, user_id in rows}


def _assignee_id(client: Client, username: str | None, members: Members | None = None) -> int | None:
    if not username:
        return None
    if members is not None:
        return members.get((client.organisation_id, username))
    membership = (
        Membership.objects.filter(organisation_id=client.organisation_id, user__username=username)
        .values_list("user_id", flat=True)
        .first()
    )
    return membership


def status_fields(client: Client, state: CaseState, *, members: Members | None = None) -> dict[str, Any]:
    """ClientStatus's values; `members` (see members_of) spares a query per client in bulk loads."""
    open_deadlines = [d for d in state.deadlines if d.status == "open"]
    next_deadline = min(open_deadlines, key=lambda d: d.due_at, default=None)
    return {
        "version": state.version,
        "derived_as_of": state.as_of,
        "rules_version": state.rules_version,
        "calendar_version": state.calendar_version,
        "listed": state.register.listed,
        "listed_since": state.register.since,
        "register_ground": state.register.ground or "",
        "posted_on": state.register.posted_on,
        "excluded_on": state.register.excluded_on,
        "restriction_codes": sorted(r.code for r in state.restrictions),
        "bank_account_frozen": state.bank_account_frozen,
        "detained": state.detention.detained,
        "detained_since": state.detention.since,
        "closed": state.closed,
        "assigned_to_id": _assignee_id(client, state.assigned_to, members),
        "next_deadline_on": next_deadline.due_on if next_deadline else None,
        "next_deadline_at": next_deadline.due_at if next_deadline else None,
        "open_deadlines": len(open_deadlines),
        "missed_deadlines": sum(1 for d in state.deadlines if d.status == "missed"),
        "obligation_breaches": state.obligation_breaches,
        "warning_codes": sorted({w.code for w in state.warnings}),
        "citizenship": state.facts.citizenship or "",
        "sex": state.facts.sex or "",
        "birth_year": state.facts.birth_year,
        "region": state.facts.region or "",
    }


def deadline_fields(deadline: DerivedDeadline) -> dict[str, Any]:
    return {
        "kind": deadline.kind,
        "rule": deadline.rule,
        "rule_version": deadline.rule_version,
        "decision_ref": deadline.decision_ref or "",
        "level": deadline.level,
        "due_on": deadline.due_on,
        "due_at": deadline.due_at,
        "local_cutoff": deadline.local_cutoff,
        "authority_timezone": deadline.authority_timezone,
        "status": deadline.status,
        "estimated": deadline.estimated,
        "confidence": deadline.confidence,
        "legal_basis": deadline.legal_basis,
        "action": deadline.action,
        "next_step": deadline.next_step or "",
        "trigger_event": UUID(deadline.trigger_event) if deadline.trigger_event else None,
        "trigger_on": deadline.trigger_on,
        "explanation": [{"key": s.key, "params": dict(s.params), "text": s.text} for s in deadline.steps],
    }


FactRow = tuple[str, date, str, str]


def fact_rows(state: CaseState) -> list[FactRow]:
    return [(fact.kind, fact.occurred_on, fact.category, fact.outcome) for fact in state.history]


def _new_facts(client: Client, state: CaseState) -> list[CaseFact]:
    return [
        CaseFact(
            organisation_id=client.organisation_id,
            client_id=client.id,
            sequence=sequence,
            kind=kind,
            occurred_on=occurred_on,
            category=category,
            outcome=outcome,
        )
        for sequence, (kind, occurred_on, category, outcome) in enumerate(fact_rows(state))
    ]


def _new_deadline(client: Client, derived: DerivedDeadline, *, now: datetime) -> Deadline:
    return Deadline(
        organisation_id=client.organisation_id, client_id=client.id, key=derived.key, derived_at=now,
        **deadline_fields(derived),
    )  # fmt: skip


def _change_reason(previous: Row | ClientStatus | None, state: CaseState, fallback: str) -> str:
    versions = []
    if previous is not None and previous.rules_version != state.rules_version:
        versions.append(REASON_RULES.format(old=previous.rules_version, new=state.rules_version))
    if previous is not None and previous.calendar_version != state.calendar_version:
        versions.append(REASON_CALENDAR.format(old=previous.calendar_version, new=state.calendar_version))
    if not versions or fallback not in (REASON_REBUILD, REASON_REFRESH):
        # A cause the caller knows ("regional day off … added in RU-TA", "event v3 recorded") is kept: a
        # pair of version hashes alone does not tell a caseworker why a date moved.
        versions.insert(0, fallback)
    return "; ".join(versions)


class Row(dict):
    """A stored read-model row as its values (cheaper than a model instance), read as attributes."""

    def __getattr__(self, name: str) -> Any:
        try:
            return self[name]
        except KeyError:
            raise AttributeError(name) from None


@dataclass
class Stored:
    """The read models of a set of clients as they stand, read with one query per table (under their
    stream locks), so that a write compares before it writes and touches only what changed."""

    statuses: dict[UUID, Row]
    deadlines: dict[UUID, dict[str, Row]]
    facts: dict[UUID, list[FactRow]]

    @classmethod
    def load(cls, client_ids: list[UUID]) -> Stored:
        status_names = [field.attname for field in ClientStatus._meta.concrete_fields]
        extra = ""
        if len(client_ids) == 1:
            # The assignee's username, if still a member, spares looking the username up on every append.
            extra = ASSIGNEE_USERNAME
        statuses = rows_where_in(ClientStatus, status_names, key="client_id", values=client_ids, extra=extra)
        if extra:
            status_names = [*status_names, "assignee_username"]
        deadline_names = [field.attname for field in Deadline._meta.concrete_fields]
        deadlines: dict[UUID, dict[str, Row]] = {client_id: {} for client_id in client_ids}
        for values in rows_where_in(Deadline, deadline_names, key="client_id", values=client_ids):
            row = Row(zip(deadline_names, values, strict=True))
            deadlines[row["client_id"]][row["key"]] = row
        facts: dict[UUID, list[FactRow]] = {client_id: [] for client_id in client_ids}
        for client_id, *fact in rows_where_in(
            CaseFact, FACT_NAMES, key="client_id", values=client_ids, order=("client_id", "sequence")
        ):
            facts[client_id].append(tuple(fact))  # type: ignore[arg-type]
        stored_statuses = {}
        for values in statuses:
            row = Row(zip(status_names, values, strict=True))
            stored_statuses[row["client_id"]] = row
        return cls(stored_statuses, deadlines, facts)


FACT_NAMES = ("client_id", "kind", "occurred_on", "category", "outcome")
# The assigned user's username while they are a member of the client's organisation (else NULL).
ASSIGNEE_USERNAME = (
    ', (SELECT "u"."username" FROM "casework_membership" AS "m" JOIN "auth_user" AS "u" ON "u"."id" = '
    '"m"."user_id" WHERE "m"."organisation_id" = "row"."organisation_id" AND "m"."user_id" = '
    '"row"."assigned_to_id" LIMIT 1)'
)


@dataclass
class Writes:
    """What a set of derivations changes, gathered first and then written with one statement per kind."""

    new_statuses: list[ClientStatus] = field(default_factory=list)
    changed_statuses: dict[UUID, dict[str, Any]] = field(default_factory=dict)
    new_deadlines: list[Deadline] = field(default_factory=list)
    changed_deadlines: list[Deadline] = field(default_factory=list)
    gone_deadlines: list[int] = field(default_factory=list)
    changes: list[DeadlineChange] = field(default_factory=list)
    facts_of: dict[UUID, list[CaseFact]] = field(default_factory=dict)
    # Every client's derived deadlines (key -> due date, status, due instant): the reminders check them.
    deadlines_of: dict[UUID, dict[str, tuple[date, str, datetime]]] = field(default_factory=dict)
    # Clients with a deadline re-opened by this write: their reminders are checked at once after the commit.
    reopened: set[UUID] = field(default_factory=set)

    def plan(self, client: Client, state: CaseState, stored: Stored, *, reason: str, now: datetime,
             members: Members | None = None) -> None:  # fmt: skip
        """Compare one client's derivation with its stored read models; note only what differs."""
        previous = stored.statuses.get(client.id)
        why = _change_reason(previous, state, reason)
        # A field, not the reason's text: the rule book the stored rows were derived with is not this one.
        rules_update = previous is not None and previous.rules_version != state.rules_version
        if members is None and previous is not None and state.assigned_to:
            known = getattr(previous, "assignee_username", None)
            if known is not None and known == state.assigned_to:
                members = {(client.organisation_id, known): previous.assigned_to_id}  # type: ignore[dict-item]
        values = status_fields(client, state, members=members)
        if previous is None:
            self.new_statuses.append(
                ClientStatus(client_id=client.id, organisation_id=client.organisation_id, **values)
            )
        else:
            changed = {name: value for name, value in values.items() if getattr(previous, name) != value}
            if previous.organisation_id != client.organisation_id:
                changed["organisation_id"] = client.organisation_id
            if changed:
                self.changed_statuses[client.id] = changed
        existing = dict(stored.deadlines.get(client.id, {}))
        for derived in state.deadlines:
            row = existing.pop(derived.key, None)
            if row is None:
                self.new_deadlines.append(_new_deadline(client, derived, now=now))
                if rules_update:  # a deadline the old rules did not know (a departure, a 48-hour limit…)
                    self.changes.append(_added(client, derived, why, now))
                continue
            if row.due_on != derived.due_on or _status_logged(row.status, derived.status, rules_update):
                self.changes.append(_change(client, derived.key, row, derived, why, now, rules_update))
                if row.status in SETTLED_STATUSES and derived.status in UNSETTLED_STATUSES:
                    self.reopened.add(client.id)
            fields = deadline_fields(derived)
            if any(row[name] != value for name, value in fields.items()):
                self.changed_deadlines.append(Deadline(**{**row, **fields, "derived_at": now}))
        for key, row in existing.items():
            self.changes.append(
                _change(client, key, row, None, REASON_GONE.format(why=why), now, rules_update)
            )
            self.gone_deadlines.append(row.id)
        facts = fact_rows(state)
        if stored.facts.get(client.id, []) != facts:  # most appends (a note, an assignment) change no fact
            self.facts_of[client.id] = _new_facts(client, state)
        self.deadlines_of[client.id] = {d.key: (d.due_on, d.status, d.due_at) for d in state.deadlines}

    def flush(self) -> None:
        for client_id, changed in self.changed_statuses.items():
            update_where(ClientStatus, key="client_id", value=client_id, changes=changed)
        ClientStatus.objects.bulk_create(self.new_statuses)
        if self.gone_deadlines:
            Deadline.objects.filter(pk__in=self.gone_deadlines).delete()
        if self.changed_deadlines:
            Deadline.objects.bulk_update(self.changed_deadlines, [*DEADLINE_COMPARED, "derived_at"])
        Deadline.objects.bulk_create(self.new_deadlines)
        DeadlineChange.objects.bulk_create(self.changes)
        if self.facts_of:
            CaseFact.objects.filter(client_id__in=list(self.facts_of)).delete()
            CaseFact.objects.bulk_create([fact for facts in self.facts_of.values() for fact in facts])


def write(
    client: Client, state: CaseState, *, reason: str, now: datetime, stored: Stored | None = None
) -> Writes:
    """Bring one client's read models to `state`, writing only what differs from what is stored."""
    writes = Writes()
    writes.plan(client, state, stored or Stored.load([client.id]), reason=reason, now=now)
    writes.flush()
    return writes


def insert_new(derived: Iterable[tuple[Client, CaseState]], *, now: datetime, members: Members) -> None:
    """Bulk-insert the read models of clients that have none yet (new streams loaded in bulk): the rows
    write() would insert for them, with COPY. No DeadlineChange: nothing moved."""
    statuses: list[ClientStatus] = []
    deadlines: list[Deadline] = []
    facts: list[CaseFact] = []
    for client, state in derived:
        fields = status_fields(client, state, members=members)
        statuses.append(ClientStatus(client_id=client.id, organisation_id=client.organisation_id, **fields))
        deadlines.extend(_new_deadline(client, deadline, now=now) for deadline in state.deadlines)
        facts.extend(_new_facts(client, state))
    for rows in (statuses, deadlines, facts):
        copy_models(rows)


def _added(client: Client, derived: DerivedDeadline, reason: str, now: datetime) -> DeadlineChange:
    return DeadlineChange(
        organisation_id=client.organisation_id, client_id=client.id, key=derived.key, old_due_on=None,
        new_due_on=derived.due_on, old_rule_version=None, new_rule_version=derived.rule_version,
        old_status=None, new_status=derived.status, rules_update=True, reason=reason[:300], changed_at=now,
    )  # fmt: skip


def _status_logged(old: str, new: str, rules_update: bool) -> bool:
    """Which status changes leave a DeadlineChange row besides a moved due date: a re-opened deadline (met
    or cancelled → open or missed), whatever the cause, and any status change a rules update brings. An
    appeal meeting a deadline, or a day passing and an open deadline becoming missed, is no news: the event
    or the date says so, and logging every one would bury the changes that are."""
    if old == new:
        return False
    return rules_update or (old in SETTLED_STATUSES and new in UNSETTLED_STATUSES)


def _change(
    client: Client, key: str, row: Row, derived: DerivedDeadline | None, reason: str, now: datetime,
    rules_update: bool,
) -> DeadlineChange:  # fmt: skip
    return DeadlineChange(
        organisation_id=client.organisation_id, client_id=client.id, key=key, old_due_on=row.due_on,
        new_due_on=derived.due_on if derived else None, old_rule_version=row.rule_version,
        new_rule_version=derived.rule_version if derived else None, old_status=row.status,
        new_status=derived.status if derived else None, rules_update=rules_update, reason=reason[:300],
        changed_at=now,
    )  # fmt: skip


def apply(
    client: Client, *, reason: str | None = None, context: Context | None = None,
    events: list[RecordedEvent] | None = None,
) -> CaseState:  # fmt: skip
    """Re-derive one client and rewrite its read models. Call inside the append's transaction, under the
    stream lock; `events` is the stream as the caller just read and appended it (spares reading it again)."""
    context = context or Context()
    state = derive_client(client, events=events, context=context)
    writes = write(
        client, state, reason=reason or REASON_EVENT.format(version=state.version), now=context.now
    )
    follow.reminders_follow(
        writes.deadlines_of, {client.id: client.organisation}, now=context.now, reopened=writes.reopened
    )
    return state


def differences(client: Client, *, context: Context | None = None) -> list[str]:
    """How the stored read models differ from a fresh derivation with the same as-of date (empty: equal)."""
    stored = Stored.load([client.id])
    status = stored.statuses.get(client.id)
    if status is None:
        return ["no ClientStatus row"]
    state = derive_client(client, as_of=status.derived_as_of, context=context)
    return _differences(client, state, stored)


def _read_streams(client_ids: list[UUID]) -> dict[UUID, list[RecordedEvent]]:
    """The streams of many clients in one query (the event table's (client, version) index)."""
    streams: dict[UUID, list[RecordedEvent]] = {client_id: [] for client_id in client_ids}
    rows = rows_where_in(
        Event, ["client_id", *eventstore.STREAM_COLUMNS[:-2]], key="client_id", values=client_ids,
        order=("client_id", "version"),
    )  # fmt: skip
    for client_id, *row in rows:
        streams[client_id].append(eventstore.recorded_event(*row))
    return streams


def _lock_streams(client_ids: list[UUID]) -> None:
    """Lock the head rows of a batch of streams, in id order (as any other batch does: no deadlock)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT id FROM casework_client WHERE id = ANY(%s) ORDER BY id FOR UPDATE", [client_ids]
        )


def _differences(
    client: Client, state: CaseState, stored: Stored, members: Members | None = None
) -> list[str]:
    status = stored.statuses.get(client.id)
    if status is None:
        return ["no ClientStatus row"]
    found = []
    expected_status = status_fields(client, state, members=members)
    for name in STATUS_COMPARED:
        if getattr(status, name) != expected_status[name]:
            found.append(
                f"status.{name}: stored {getattr(status, name)!r}, derived {expected_status[name]!r}"
            )
    rows = dict(stored.deadlines.get(client.id, {}))
    for derived in state.deadlines:
        row = rows.pop(derived.key, None)
        if row is None:
            found.append(f"deadline {derived.key}: missing")
            continue
        for name, value in deadline_fields(derived).items():
            if getattr(row, name) != value:
                found.append(
                    f"deadline {derived.key}.{name}: stored {getattr(row, name)!r}, derived {value!r}"
                )
    found.extend(f"deadline {key}: stored but not derived" for key in rows)
    stored_facts, derived_facts = stored.facts.get(client.id, []), fact_rows(state)
    if stored_facts != derived_facts:
        found.append(f"facts: stored {stored_facts!r}, derived {derived_facts!r}")
    return found


def rebuild(
    *, verify_only: bool = False, batch_size: int = 1000, limit: int | None = None,
    after: UUID | None = None, through: UUID | None = None,
) -> dict[UUID, list[str]]:  # fmt: skip
    """Replay every stream (or the first `limit` by id; or those with ids in (`after`, `through`], the share
    of one process of a parallel rebuild). With verify_only, write nothing and return the differences by
    client, each against a derivation as of the date its read models were derived.

    A batch of clients is one transaction: their stream heads locked (so an append waits and is never
    overwritten with older state), their events and read models read with one query per table, derived in
    process, and only what differs written, in bulk. An unchanged client writes nothing."""
    context = Context()
    report: dict[UUID, list[str]] = {}
    clients = Client.objects.select_related("organisation").order_by("id")
    if through is not None:
        clients = clients.filter(id__lte=through)
    members = members_of(Organisation.objects.values_list("id", flat=True))
    context.preload_days_off()
    last_id, done = after, 0
    while limit is None or done < limit:
        batch = clients.filter(id__gt=last_id) if last_id else clients
        size = batch_size if limit is None else min(batch_size, limit - done)
        chunk = list(batch[:size])
        if not chunk:
            break
        last_id, done = chunk[-1].id, done + len(chunk)
        ids = [client.id for client in chunk]
        outermost = not connection.in_atomic_block
        with transaction.atomic():
            if verify_only and outermost:
                # One snapshot for the batch's events and read models: an append committing between the
                # two reads must not show up as a difference.
                with connection.cursor() as cursor:
                    cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
            if not verify_only:
                _lock_streams(ids)
            streams, stored = _read_streams(ids), Stored.load(ids)
            writes = Writes()
            for client in chunk:
                if verify_only:
                    status = stored.statuses.get(client.id)
                    as_of = status.derived_as_of if status is not None else None
                    state = derive_client(client, events=streams[client.id], as_of=as_of, context=context)
                    found = _differences(client, state, stored, members)
                    if found:
                        report[client.id] = found
                else:
                    state = derive_client(client, events=streams[client.id], context=context)
                    writes.plan(
                        client, state, stored, reason=REASON_REBUILD, now=context.now, members=members
                    )
            if not verify_only:
                writes.flush()
                moved = {row.client_id for row in writes.new_deadlines + writes.changed_deadlines}
                moved |= {change.client_id for change in writes.changes}
                organisations = {client.id: client.organisation for client in chunk}
                follow.reminders_follow(writes.deadlines_of, organisations, now=context.now, only=moved,
                                  reopened=writes.reopened)  # fmt: skip
    return report


def refresh_stale(*, limit: int = 500) -> int:
    """Re-derive clients whose read models went stale without a new event: a day passed (in their
    organisation's zone) with an open deadline or a detention running, or the rules or calendar changed.
    Run by beat; returns how many clients it re-derived (at most `limit`)."""
    context = Context()
    refreshed = 0
    for organisation in Organisation.objects.all():
        today = organisation_today(organisation)
        statuses = ClientStatus.objects.filter(organisation=organisation)
        # A release that changed the official calendar; a regional day off re-derives its clients at once
        # (services.calendar), so only the official part of the version is compared here.
        official = context.calendar(organisation.id, None).official_version
        outdated_calendar = ~Q(calendar_version__startswith=f"{official}-")
        stale = statuses.filter(
            ~Q(rules_version=context.rules.version)
            | outdated_calendar
            | (Q(derived_as_of__lt=today) & (Q(open_deadlines__gt=0) | Q(detained=True)))
        )
        for client_id in stale.values_list("client_id", flat=True)[: limit - refreshed]:
            with transaction.atomic():
                eventstore.lock_stream(client_id)
                client = Client.objects.select_related("organisation").get(pk=client_id)
                apply(client, reason=REASON_REFRESH, context=context)
            refreshed += 1
        if refreshed >= limit:
            break
    return refreshed
