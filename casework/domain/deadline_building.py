"""Shared machinery for deadlines: counting from a trigger under a rule, and explaining the status."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from casework.domain import case_warnings
from casework.domain.calendar import CalendarDataMissing, ProductionCalendar
from casework.domain.formatting import format_date, format_day
from casework.domain.payloads import is_valid_timezone
from casework.domain.periods import KOAP_DAYS, Step, count_period
from casework.domain.rules import Rule, RuleBook
from casework.domain.state import CANCELLED, MET, MISSED, OPEN, CaseWarning, Deadline

Found = tuple[list[Deadline], list[CaseWarning]]

KOAP_RESTORE = "KoAP RF art. 30.3 part 2"
KAS_RESTORE = "KAS RF art. 95"


@dataclass(frozen=True)
class DerivationContext:
    as_of: date
    calendar: ProductionCalendar
    rules: RuleBook
    default_timezone: str
    region: str | None


@dataclass(frozen=True)
class Trigger:
    on: date
    event_id: str
    estimated: bool
    text: str  # "copy of decision D1 received on 27.02.2025, Thursday"
    source: str
    missing: str | None = None  # what was not recorded, when estimated


@dataclass(frozen=True)
class Status:
    status: str
    step: Step
    next_step: str | None = None
    warnings: tuple[CaseWarning, ...] = ()


@dataclass(frozen=True)
class AppealState:
    """What decides an appeal deadline's status besides its due date."""

    filed_on: tuple[date, ...] = ()  # appeals filed for this level
    retracted: str | None = None  # why the deadline no longer applies at all
    moot: str | None = None  # why it no longer matters, unless already met (e.g. excluded from the register)


def authority_zone(ctx: DerivationContext, zone: str | None, subject: str) -> tuple[str, list[CaseWarning]]:
    if zone is None:
        return ctx.default_timezone, []
    if is_valid_timezone(zone):
        return zone, []
    return ctx.default_timezone, [case_warnings.invalid_timezone(zone, ctx.default_timezone, subject)]


def counted_deadline(
    ctx: DerivationContext,
    *,
    key: str,
    rule: Rule,
    trigger: Trigger,
    zone: str,
    decision_ref: str | None,
    appeal: AppealState | None = None,
    level: int = 1,
) -> tuple[Deadline | None, list[CaseWarning]]:
    """Count ``rule`` from ``trigger``; None plus a warning when the calendar lacks a year (never guess)."""
    try:
        period = count_period(
            rule.unit,
            rule.amount,
            trigger.on,
            calendar=ctx.calendar,
            authority_timezone=zone,
            region=ctx.region,
        )
    except CalendarDataMissing as missing:
        return None, [case_warnings.calendar_missing(rule.id, missing.year, key)]
    warnings = [
        case_warnings.calendar_provisional(rule.id, year, key)
        for year in period.calendar_years
        if ctx.calendar.is_provisional(year)
    ]
    if trigger.estimated and trigger.missing:
        warnings.append(case_warnings.trigger_unknown(key, trigger.missing, trigger.on))
    status = appeal_status(ctx, rule, period.due_on, appeal or AppealState(), key)
    warnings.extend(status.warnings)
    steps = (rule_step(rule), trigger_step(trigger), *period.steps[1:], status.step)
    deadline = Deadline(
        key=key,
        kind=rule.deadline_kind,
        rule=rule.id,
        rule_version=rule.version,
        decision_ref=decision_ref,
        due_on=period.due_on,
        due_at=period.due_at,
        status=status.status,
        estimated=trigger.estimated,
        confidence=rule.confidence,
        legal_basis=rule.legal_basis,
        action=rule.action,
        trigger_event=trigger.event_id,
        trigger_on=trigger.on,
        local_cutoff=period.local_cutoff,
        moscow_cutoff=period.moscow_cutoff,
        authority_timezone=zone,
        steps=steps,
        level=level,
        next_step=status.next_step,
    )
    return deadline, warnings


def rule_step(rule: Rule) -> Step:
    return Step(
        "rule",
        {
            "rule": rule.id,
            "version": str(rule.version),
            "amount": str(rule.amount),
            "unit": rule.unit,
            "legal_basis": rule.legal_basis,
            "confidence": rule.confidence,
        },
        f"Rule {rule.id} (version {rule.version}): {rule.action}, {rule.amount} {rule.unit} "
        f"({rule.legal_basis}; confidence {rule.confidence})",
    )


def trigger_step(trigger: Trigger) -> Step:
    params = {"trigger_on": trigger.on.isoformat(), "source": trigger.source, "event_id": trigger.event_id}
    if trigger.estimated:
        return Step(
            "trigger_estimated",
            params,
            f"Trigger unknown ({trigger.missing} not recorded): estimated from the earliest plausible date, "
            f"{trigger.text} — the real deadline can only be later",
        )
    return Step("trigger", params, f"Trigger: {trigger.text}")


def appeal_status(
    ctx: DerivationContext, rule: Rule, due_on: date, appeal: AppealState, subject: str
) -> Status:
    restore_basis = KOAP_RESTORE if rule.unit == KOAP_DAYS else KAS_RESTORE
    if appeal.retracted:
        return Status(CANCELLED, Step("status_cancelled", {}, f"Cancelled: {appeal.retracted}"))
    in_time = sorted(day for day in appeal.filed_on if day <= due_on)
    if in_time:
        filed = format_date(in_time[0])
        return Status(
            MET, Step("status_met", {"filed_on": in_time[0].isoformat()}, f"Met: appeal filed on {filed}")
        )
    if appeal.moot:
        return Status(CANCELLED, Step("status_cancelled", {}, f"Cancelled: {appeal.moot}"))
    if ctx.as_of > due_on:
        late = sorted(appeal.filed_on)
        next_step = (
            "The period has passed, but it is not final: file together with a petition to restore the "
            f"missed period ({restore_basis}), giving the reasons for the delay."
        )
        warnings = (case_warnings.appeal_filed_late(subject, late[0], due_on, restore_basis),) if late else ()
        text = f"Missed as of {format_day(ctx.as_of)}: no appeal filed by {format_date(due_on)}. {next_step}"
        return Status(
            MISSED, Step("status_missed", {"restore_basis": restore_basis}, text), next_step, warnings
        )
    return Status(
        OPEN, Step("status_open", {}, f"Open as of {format_day(ctx.as_of)}: no appeal recorded yet")
    )


def earliest(days: Sequence[date | None]) -> date | None:
    known = [day for day in days if day is not None]
    return min(known) if known else None
