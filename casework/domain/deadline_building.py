"""Shared machinery for deadlines: counting from a trigger under a rule, and explaining the status.

The safe direction (LEGAL-RULES.md §2) is applied here, once, for every deadline: wherever two candidate dates
exist — several recorded sources of the trigger, an uncertain period, an unknown authority zone, a regional
day off that may or may not extend a federal period — the earlier date is the deadline, it is marked, and the
later candidate is named in the explanation steps. Nothing counts as met unless filed in a forum the rule
allows and not returned.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from casework.domain import case_warnings
from casework.domain.calendar import CalendarDataMissing, ProductionCalendar
from casework.domain.formatting import format_date, format_day
from casework.domain.payloads import is_valid_timezone
from casework.domain.periods import MOSCOW, PeriodResult, Step, count_period
from casework.domain.reference_data import REGION_TIMEZONES
from casework.domain.rules import RETURNED_FILED, Rule, RuleBook
from casework.domain.state import CANCELLED, MET, MISSED, OPEN, CaseWarning, Deadline

Found = tuple[list[Deadline], list[CaseWarning]]

UNIT_WORDS = {"koap_days": "days", "kas_days": "working days", "kas_months": "month(s)"}
UNIT_WORDS["calendar_days"] = "calendar days"


# The next step of a missed appeal deadline; casework/wording knows it by this template and the rule's basis.
RESTORE_NEXT_STEP = (
    "The period has passed, but it is not final: file together with a petition to restore the missed period "
    "({basis}), giving the reasons for the delay."
)


@dataclass(frozen=True)
class DerivationContext:
    as_of: date
    calendar: ProductionCalendar
    rules: RuleBook
    default_timezone: str
    region: str | None  # the client's region: its zone is a candidate when the authority's is unknown


@dataclass(frozen=True)
class Candidate:
    """A recorded date the period could run from."""

    on: date
    source: str  # copy_received_on, learned_on, decision_served, posted_on, register_check, …
    event_id: str
    text: str  # "copy of decision D1 received on 27.02.2025, Thursday"
    # What ``text`` names, for the wording: act (decision, complaint_decision, return_ruling), ref, moment.
    about: Mapping[str, str] = field(default_factory=dict, hash=False)


@dataclass(frozen=True)
class Trigger:
    on: date
    event_id: str
    estimated: bool
    text: str  # "copy of decision D1 received on 27.02.2025, Thursday"
    source: str
    missing: str | None = None  # what was not recorded, when estimated
    # Recorded sources later than the one counted from: named, never counted (the safe direction).
    later: tuple[Candidate, ...] = ()
    # An estimated trigger taken from a documented earliest date (the decision's own date) can only be
    # early; one guessed from when the NGO learned of it (a register entry) may be late.
    floor_documentary: bool = True
    # What ``text`` names (as Candidate.about) and, when estimated, "missing": the unrecorded sources' codes.
    about: Mapping[str, str] = field(default_factory=dict, hash=False)


def earliest_trigger(candidates: Sequence[Candidate]) -> Trigger | None:
    """The earliest recorded candidate, with the later ones named; None when nothing is recorded."""
    if not candidates:
        return None
    ordered = sorted(candidates, key=lambda candidate: candidate.on)
    first = ordered[0]
    later = tuple(candidate for candidate in ordered[1:] if candidate.on > first.on)
    return Trigger(first.on, first.event_id, False, first.text, first.source, later=later, about=first.about)


@dataclass(frozen=True)
class Reason:
    """Why a deadline was cancelled: a code and its date for the wording, ``text`` in English."""

    code: str  # decision_retracted, inclusion_retracted, order_retracted, excluded, released, departed
    text: str  # "the client was excluded from the register on 10.03.2025"
    on: date | None = None

    def __str__(self) -> str:
        return self.text

    @property
    def params(self) -> dict[str, str]:
        return {"reason": self.code, **({"reason_on": self.on.isoformat()} if self.on else {})}


@dataclass(frozen=True)
class Filing:
    """A complaint or claim filed against the decision, at the level being counted."""

    filed_on: date
    forum: str | None
    returned_on: date | None = None  # returned without consideration (appeal_decided outcome=returned)


@dataclass(frozen=True)
class AppealState:
    """What decides an appeal deadline's status besides its due date."""

    filings: tuple[Filing, ...] = ()
    retracted: Reason | None = None  # why the deadline no longer applies at all
    moot: Reason | None = (
        None  # why it no longer matters, unless already met (e.g. excluded from the register)
    )


@dataclass(frozen=True)
class Status:
    status: str
    steps: tuple[Step, ...]
    next_step: str | None = None
    warnings: tuple[CaseWarning, ...] = ()


@dataclass(frozen=True)
class Zone:
    name: str
    assumed: bool = False  # not recorded: the earliest of the candidates below
    candidates: tuple[str, ...] = field(default=())


def authority_zone(
    ctx: DerivationContext, zone: str | None, subject: str, *, on: date, recordable: bool = True
) -> tuple[Zone, list[CaseWarning]]:
    """The recorded zone of the authority; else the earliest midnight of the organisation's zone, the
    client's region's zone and Moscow — named in the explanation, and warned of where the event has a field
    to record it (``recordable``): never a silent Moscow."""
    if zone is not None and is_valid_timezone(zone):
        return Zone(zone), []
    candidates = tuple(
        dict.fromkeys(
            name for name in (ctx.default_timezone, REGION_TIMEZONES.get(ctx.region or ""), MOSCOW) if name
        )
    )
    noon = datetime(on.year, on.month, on.day, 12)
    # The zone furthest east reaches midnight first.
    earliest = max(
        candidates, key=lambda name: noon.replace(tzinfo=ZoneInfo(name)).utcoffset() or timedelta()
    )
    if zone is not None:
        return Zone(earliest, True, candidates), [case_warnings.invalid_timezone(zone, earliest, subject)]
    warnings = [case_warnings.authority_zone_assumed(subject, earliest, candidates)] if recordable else []
    return Zone(earliest, True, candidates), warnings


def counted_deadline(
    ctx: DerivationContext,
    *,
    key: str,
    rule: Rule,
    trigger: Trigger,
    zone: Zone,
    decision_ref: str | None,
    appeal: AppealState | None = None,
    level: int = 1,
    authority_region: str | None = None,
    status_of: Callable[[date], Status] | None = None,
) -> tuple[Deadline | None, list[CaseWarning]]:
    """Count ``rule`` from ``trigger``; None plus a warning when the calendar lacks a year (never guess)."""
    try:
        # The federal calendar: a regional day off may or may not extend a federal period (unsettled), so
        # the deadline is the federal date and the regional one is named (below).
        period = _count(ctx, rule.unit, rule.amount, trigger.on, zone.name)
    except CalendarDataMissing as missing:
        return None, [case_warnings.calendar_missing(rule.id, missing.year, key)]
    warnings = [
        case_warnings.calendar_provisional(rule.id, year, key)
        for year in period.calendar_years
        if ctx.calendar.is_provisional(year)
    ]
    if trigger.estimated and trigger.missing:
        warnings.append(
            case_warnings.trigger_unknown(key, trigger.missing, trigger.on, trigger.about.get("missing", ""))
        )
    candidates: list[Step] = []
    candidates += _later_triggers(ctx, rule, trigger, zone)
    candidates += _later_period(ctx, rule, trigger, zone, period)
    regional = _regional_candidate(ctx, rule, trigger, zone, period, authority_region, key)
    if regional is not None:
        candidates.append(regional[0])
        warnings.append(regional[1])
    if zone.assumed:
        candidates.append(zone_step(zone))
    if status_of is not None:
        status = status_of(period.due_on)
    else:
        status = appeal_status(ctx, rule, period.due_on, appeal or AppealState(), key)
    warnings.extend(status.warnings)
    steps = (
        rule_step(rule),
        trigger_step(trigger, rule.procedure),
        *period.steps[1:],
        *candidates,
        *status.steps,
    )
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
        authority_timezone=zone.name,
        steps=steps,
        level=level,
        next_step=status.next_step,
    )
    return deadline, warnings


def _count(
    ctx: DerivationContext, unit: str, amount: int, trigger: date, zone: str, region: str | None = None
):  # type: ignore[no-untyped-def]
    return count_period(unit, amount, trigger, calendar=ctx.calendar, authority_timezone=zone, region=region)


def _later_triggers(ctx: DerivationContext, rule: Rule, trigger: Trigger, zone: Zone) -> list[Step]:
    steps = []
    for candidate in trigger.later:
        params = {
            "source": candidate.source,
            "trigger_on": candidate.on.isoformat(),
            "event_id": candidate.event_id,
        }
        due = ""
        try:
            later_due = _count(ctx, rule.unit, rule.amount, candidate.on, zone.name).due_on
            params["due_on"] = later_due.isoformat()
            due = f", which would give {format_date(later_due)}"
        except CalendarDataMissing:
            pass
        steps.append(
            Step(
                "later_trigger",
                params,
                f"Not counted from the later date {candidate.text}{due}: the earliest date governs; "
                "a later one only if the court accepts it",
            )
        )
    return steps


def _later_period(
    ctx: DerivationContext, rule: Rule, trigger: Trigger, zone: Zone, period: PeriodResult
) -> list[Step]:
    if rule.later_amount is None or rule.later_unit is None:
        return []
    params = {
        "amount": str(rule.later_amount),
        "unit": rule.later_unit,
        "basis": rule.later_basis,
    }
    due = ""
    try:
        later_due = _count(ctx, rule.later_unit, rule.later_amount, trigger.on, zone.name).due_on
        params["due_on"] = later_due.isoformat()
        due = f" would end on {format_date(later_due)}"
    except CalendarDataMissing:
        pass
    words = UNIT_WORDS.get(rule.later_unit, rule.later_unit)
    return [
        Step(
            "later_period",
            params,
            f"The period is uncertain: the shorter candidate is counted; the longer one, {rule.later_amount} "
            f"{words} ({rule.later_basis}),{due} — verify with a lawyer",
        )
    ]


def _regional_candidate(
    ctx: DerivationContext,
    rule: Rule,
    trigger: Trigger,
    zone: Zone,
    federal: PeriodResult,
    region: str | None,
    key: str,
) -> tuple[Step, CaseWarning] | None:
    if not region:
        return None
    try:
        regional = _count(ctx, rule.unit, rule.amount, trigger.on, zone.name, region).due_on
    except CalendarDataMissing:
        return None
    if regional == federal.due_on:
        return None
    step = Step(
        "regional_day_off",
        {"region": region, "due_on": regional.isoformat(), "federal_due_on": federal.due_on.isoformat()},
        f"A regional non-working day in {region}, where the authority sits, would move the end to "
        f"{format_date(regional)}; whether it extends a federal period is unsettled, so the federal date "
        f"{format_date(federal.due_on)} is shown — verify",
    )
    return step, case_warnings.regional_day_off(key, region, federal.due_on, regional)


def zone_step(zone: Zone) -> Step:
    return Step(
        "zone_assumed",
        {"timezone": zone.name, "candidates": ", ".join(zone.candidates)},
        f"The authority's time zone is not recorded: the earliest midnight of {', '.join(zone.candidates)} "
        f"is used ({zone.name}). Record the zone of the court or authority.",
    )


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


def trigger_step(trigger: Trigger, procedure: str = "") -> Step:
    params = {
        "trigger_on": trigger.on.isoformat(),
        "source": trigger.source,
        "event_id": trigger.event_id,
        **trigger.about,
    }
    if procedure:
        params["procedure"] = procedure  # KoAP acts are resolutions: the wording says «постановление»
    if trigger.estimated:
        params["documentary"] = "yes" if trigger.floor_documentary else "no"
        if trigger.floor_documentary:
            tail = "the real deadline can only be later"
        else:
            tail = (
                "the real deadline may be EARLIER and may already have passed: find the posting date on the "
                "MVD service and file now, with a petition to restore the period if needed"
            )
        return Step(
            "trigger_estimated",
            params,
            f"Trigger unknown ({trigger.missing} not recorded): estimated from the earliest plausible date, "
            f"{trigger.text} — {tail}",
        )
    return Step("trigger", params, f"Trigger: {trigger.text}")


def appeal_status(
    ctx: DerivationContext, rule: Rule, due_on: date, appeal: AppealState, subject: str
) -> Status:
    if appeal.retracted:
        cancelled = Step("status_cancelled", appeal.retracted.params, f"Cancelled: {appeal.retracted}")
        return Status(CANCELLED, (cancelled,))
    notes: list[Step] = []
    counting: list[date] = []
    returned_filings: list[Filing] = []
    elsewhere: list[Filing] = []
    for filing in sorted(appeal.filings, key=lambda item: item.filed_on):
        if filing.returned_on is not None and rule.returned != RETURNED_FILED:
            returned_filings.append(filing)
            notes.append(
                Step(
                    "filing_returned",
                    {"filed_on": filing.filed_on.isoformat(), "returned_on": filing.returned_on.isoformat()},
                    f"The filing of {format_date(filing.filed_on)} was returned on "
                    f"{format_date(filing.returned_on)}: a returned filing counts as not filed",
                )
            )
        elif rule.is_met_by(filing.forum):
            counting.append(filing.filed_on)
        else:
            elsewhere.append(filing)
            notes.append(
                Step(
                    "filing_elsewhere",
                    {"filed_on": filing.filed_on.isoformat(), "forum": str(filing.forum)},
                    f"A complaint to a {str(filing.forum).replace('_', ' ')} was filed on "
                    f"{format_date(filing.filed_on)}: it does not stop this period, which still runs — "
                    "only a filing in court meets it",
                )
            )
    in_time = [day for day in counting if day <= due_on]
    if in_time:
        filed = format_date(in_time[0])
        met = Step("status_met", {"filed_on": in_time[0].isoformat()}, f"Met: appeal filed on {filed}")
        return Status(MET, (*notes, met))
    if appeal.moot:
        return Status(
            CANCELLED, (*notes, Step("status_cancelled", appeal.moot.params, f"Cancelled: {appeal.moot}"))
        )
    restore_basis = rule.restore_basis
    next_step: str | None = None
    if ctx.as_of > due_on:
        next_step = RESTORE_NEXT_STEP.format(basis=restore_basis)
        warnings = (
            (case_warnings.appeal_filed_late(subject, min(counting), due_on, restore_basis),)
            if counting
            else ()
        )
        text = f"Missed as of {format_day(ctx.as_of)}: no appeal filed by {format_date(due_on)}. {next_step}"
        params = {
            "restore_basis": restore_basis,
            "rule": rule.id,
            "due_on": due_on.isoformat(),
            "as_of": ctx.as_of.isoformat(),
            "reason": "no_appeal",
        }
        return Status(MISSED, (*notes, Step("status_missed", params, text)), next_step, warnings)
    next_step = None
    if returned_filings:
        next_step = "The filing was returned and counts as not filed: file again now, before the deadline."
    elif elsewhere:
        next_step = (
            "A complaint is pending, but the court period still runs: file the claim in court in time."
        )
    if notes:
        text = f"Open as of {format_day(ctx.as_of)}: no filing that meets it yet"
        reason = "no_filing_in_time"
    else:
        text = f"Open as of {format_day(ctx.as_of)}: no appeal recorded yet"
        reason = "no_appeal"
    params = {"rule": rule.id, "as_of": ctx.as_of.isoformat(), "reason": reason}
    return Status(OPEN, (*notes, Step("status_open", params, text)), next_step)
