"""derive(): the case as the law sees it on ``as_of``, from the events known at ``known_at``. Pure."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from casework.domain import situation
from casework.domain.appeal_deadlines import decision_deadlines, register_deadlines
from casework.domain.calendar import ProductionCalendar
from casework.domain.deadline_building import DerivationContext
from casework.domain.decisions import collect_decisions
from casework.domain.event_deadlines import detention_deadlines, order_deadlines
from casework.domain.history import case_history
from casework.domain.recorded import RecordedEvent
from casework.domain.rules import RuleBook
from casework.domain.state import OPEN, CaseState, CaseWarning, Deadline
from casework.domain.timeline import resolve

MOSCOW = "Europe/Moscow"


def derive(
    events: Sequence[RecordedEvent],
    *,
    as_of: date,
    known_at: datetime,
    calendar: ProductionCalendar,
    rules: RuleBook,
    default_timezone: str = MOSCOW,
) -> CaseState:
    if known_at.tzinfo is None or known_at.utcoffset() is None:
        raise ValueError("known_at must be timezone-aware")
    known = [event for event in events if event.recorded_at <= known_at]
    # Corrections and retractions apply whatever their own date: they fix the record, not the world.
    resolved = resolve(known)
    in_world_order = sorted(
        (event for event in resolved.live if event.occurred_on <= as_of),
        key=lambda event: (event.occurred_on, event.version),
    )
    retracted = sorted(resolved.retracted, key=lambda event: (event.occurred_on, event.version))

    facts = situation.client_facts(in_world_order)
    ctx = DerivationContext(as_of, calendar, rules, default_timezone, facts.region)
    register, warnings = situation.register_state(in_world_order)
    frozen = situation.bank_account_frozen(in_world_order)
    breaches = situation.obligation_breaches(in_world_order)
    days_in_russia = situation.visa_free_days(in_world_order, as_of)
    stay = situation.continuous_stay(in_world_order, as_of)
    warnings += situation.situation_warnings(register, frozen, breaches, days_in_russia, as_of, stay)

    decisions, withdrawn_decisions, found = collect_decisions(
        in_world_order, [event for event in retracted if event.occurred_on <= as_of]
    )
    warnings += found
    deadlines: list[Deadline] = []
    departures = [event.occurred_on for event in in_world_order if event.type == "departed_russia"]
    for decision in decisions:
        _collect(
            deadlines, warnings, decision_deadlines(ctx, decision, retracted=False, departures=departures)
        )
    for decision in withdrawn_decisions:
        _collect(deadlines, warnings, decision_deadlines(ctx, decision, retracted=True))
    provisional = situation.provisional_listing(in_world_order) if register.provisional else None
    _collect(deadlines, warnings, register_deadlines(ctx, in_world_order, retracted, provisional))
    _collect(deadlines, warnings, order_deadlines(ctx, in_world_order, retracted))
    _collect(deadlines, warnings, detention_deadlines(ctx, in_world_order))
    deadlines.sort(key=lambda deadline: (deadline.due_at, deadline.key))

    return CaseState(
        as_of=as_of,
        known_at=known_at,
        version=max((event.version for event in known), default=0),
        facts=facts,
        register=register,
        restrictions=situation.restrictions(register, in_world_order),
        bank_account_frozen=frozen,
        detention=situation.detention_state(in_world_order, as_of),
        decisions=decisions,
        deadlines=tuple(deadlines),
        warnings=tuple(_unique(warnings)),
        obligation_breaches=breaches,
        visa_free_days=days_in_russia,
        assigned_to=situation.assigned_to(in_world_order),
        closed=situation.closed(in_world_order),
        calendar_version=calendar.version,
        rules_version=rules.version,
        next_deadline=next((deadline for deadline in deadlines if deadline.status == OPEN), None),
        history=case_history(in_world_order, decisions),
    )


def _collect(
    deadlines: list[Deadline], warnings: list[CaseWarning], found: tuple[list[Deadline], list[CaseWarning]]
) -> None:
    deadlines.extend(found[0])
    warnings.extend(found[1])


def _unique(warnings: list[CaseWarning]) -> list[CaseWarning]:
    # The same unknown decision named by three events is one thing to fix, not three.
    return list(dict.fromkeys(warnings))
