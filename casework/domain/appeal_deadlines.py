"""Appeal deadlines: against decisions, at the next level after a complaint, and against the register."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from casework.domain import case_warnings
from casework.domain.choices import OUTCOMES_OPENING_NEXT_LEVEL
from casework.domain.deadline_building import (
    AppealState,
    DerivationContext,
    Found,
    Trigger,
    authority_zone,
    counted_deadline,
)
from casework.domain.decisions import REGISTER_REF, is_register_ref
from casework.domain.formatting import format_date, format_day
from casework.domain.recorded import RecordedEvent
from casework.domain.rules import Rule
from casework.domain.state import AppealDecided, CaseWarning, Deadline, DecisionState

ADMINISTRATIVE_EXPULSION = "administrative_expulsion"
COMPLAINT_DECISION = "complaint_decision"
REGISTER_INCLUSION = "register_inclusion"
SOURCE_WORDS = {
    "copy_received_on": "the day the copy was received",
    "learned_on": "the day the client learned of it",
    "decision_served": "service of the decision",
    "posted_on": "the posting date on the MVD website",
}


def decision_deadlines(ctx: DerivationContext, decision: DecisionState, *, retracted: bool) -> Found:
    key = f"appeal:{decision.ref}"
    rule = ctx.rules.rule_for(decision.kind, decision.issued_on)
    if rule is None:
        if retracted:
            return [], []
        what = f"a decision of kind {decision.kind} ({decision.ref})"
        return [], [
            case_warnings.no_deadline_rule(
                what, decision.ref, "decision", kind=decision.kind, ref=decision.ref
            )
        ]
    zone, warnings = authority_zone(ctx, decision.authority_timezone, key)
    levels = decision.decisions_on_appeal
    appeal = AppealState(
        filed_on=_filed_between(decision, None, levels[0].decided_on if levels else None),
        retracted="the decision was retracted" if retracted else None,
    )
    deadlines: list[Deadline] = []
    first, found = counted_deadline(
        ctx,
        key=key,
        rule=rule,
        trigger=_decision_trigger(rule, decision),
        zone=zone,
        decision_ref=decision.ref,
        appeal=appeal,
    )
    warnings.extend(found)
    deadlines.extend([first] if first else [])
    for index, decided in enumerate(levels):
        if decided.outcome not in OUTCOMES_OPENING_NEXT_LEVEL:
            continue
        if decision.kind != ADMINISTRATIVE_EXPULSION:
            if not retracted:
                warnings.append(
                    case_warnings.next_level_not_computed(decision.ref, decision.kind, str(decided.outcome))
                )
            continue
        next_decided = levels[index + 1].decided_on if index + 1 < len(levels) else None
        next_level, found = _next_level_deadline(
            ctx, decision, decided, next_decided, zone, retracted=retracted
        )
        warnings.extend(found)
        deadlines.extend([next_level] if next_level else [])
    # A retracted decision only shows its deadlines as cancelled; nothing about it needs fixing.
    return deadlines, [] if retracted else warnings


def _next_level_deadline(
    ctx: DerivationContext,
    decision: DecisionState,
    decided: AppealDecided,
    next_decided: date | None,
    zone: str,
    *,
    retracted: bool,
) -> tuple[Deadline | None, list[CaseWarning]]:
    key = f"appeal:{decision.ref}:{decided.level}"
    rule = ctx.rules.rule_for(COMPLAINT_DECISION, decided.decided_on)
    if rule is None:
        return None, [
            case_warnings.no_deadline_rule(
                f"the decision on the appeal against {decision.ref}",
                key,
                "complaint_decision",
                ref=decision.ref,
            )
        ]
    what = f"decision on the appeal against {decision.ref}"
    if decided.copy_received_on is not None:
        trigger = Trigger(
            decided.copy_received_on,
            decided.event_id,
            False,
            f"copy of the {what} received on {format_day(decided.copy_received_on)}",
            "copy_received_on",
        )
    else:
        trigger = Trigger(
            decided.decided_on,
            decided.event_id,
            True,
            f"the {what}, dated {format_day(decided.decided_on)}",
            "occurred_on",
            SOURCE_WORDS["copy_received_on"],
        )
    appeal = AppealState(
        filed_on=_filed_between(decision, decided.decided_on, next_decided),
        retracted="the decision was retracted" if retracted else None,
    )
    return counted_deadline(
        ctx,
        key=key,
        rule=rule,
        trigger=trigger,
        zone=zone,
        decision_ref=decision.ref,
        appeal=appeal,
        level=decided.level,
    )


def _filed_between(decision: DecisionState, after: date | None, up_to: date | None) -> tuple[date, ...]:
    """Appeals of one level: filed after the previous level's decision, up to and on this level's."""
    return tuple(
        appeal.filed_on
        for appeal in decision.appeals
        if (after is None or appeal.filed_on > after) and (up_to is None or appeal.filed_on <= up_to)
    )


def _decision_trigger(rule: Rule, decision: DecisionState) -> Trigger:
    ref = decision.ref
    for source in rule.trigger_sources:
        if source == "occurred_on":
            return Trigger(
                decision.issued_on,
                decision.event_id,
                False,
                f"decision {ref} dated {format_day(decision.issued_on)}",
                source,
            )
        if source == "decision_served" and decision.served_on and decision.served_event:
            return Trigger(
                decision.served_on,
                decision.served_event,
                False,
                f"decision {ref} served on {format_day(decision.served_on)}",
                source,
            )
        if source == "copy_received_on" and decision.copy_received_on:
            return Trigger(
                decision.copy_received_on,
                decision.event_id,
                False,
                f"copy of decision {ref} received on {format_day(decision.copy_received_on)}",
                source,
            )
        if source == "learned_on" and decision.learned_on:
            return Trigger(
                decision.learned_on,
                decision.event_id,
                False,
                f"the client learned of decision {ref} on {format_day(decision.learned_on)}",
                source,
            )
    # Nobody can receive or learn of a decision before it exists, so its own date is the earliest plausible.
    missing = " or ".join(SOURCE_WORDS[source] for source in rule.trigger_sources if source in SOURCE_WORDS)
    return Trigger(
        decision.issued_on,
        decision.event_id,
        True,
        f"decision {ref} dated {format_day(decision.issued_on)}",
        "occurred_on",
        missing,
    )


def register_deadlines(
    ctx: DerivationContext, events: Sequence[RecordedEvent], retracted: Sequence[RecordedEvent]
) -> Found:
    inclusions = [event for event in events if event.type == REGISTER_INCLUSION]
    deadlines: list[Deadline] = []
    warnings: list[CaseWarning] = []
    withdrawn = [
        event for event in retracted if event.type == REGISTER_INCLUSION and event.occurred_on <= ctx.as_of
    ]
    for inclusion in [*inclusions, *withdrawn]:
        is_withdrawn = inclusion in withdrawn
        key = f"register:{inclusion.id}"
        rule = ctx.rules.rule_for(REGISTER_INCLUSION, inclusion.occurred_on)
        if rule is None:
            if not is_withdrawn:
                what = f"an inclusion in the register dated {format_date(inclusion.occurred_on)}"
                warnings.append(
                    case_warnings.no_deadline_rule(
                        what, key, "register_inclusion", occurred_on=inclusion.occurred_on.isoformat()
                    )
                )
            continue
        appeal = AppealState(
            filed_on=_register_appeals(events, inclusions, inclusion),
            retracted="the inclusion was retracted" if is_withdrawn else None,
            moot=_exclusion_reason(events, inclusion),
        )
        deadline, found = counted_deadline(
            ctx,
            key=key,
            rule=rule,
            trigger=_inclusion_trigger(events, inclusion),
            zone=ctx.default_timezone,
            decision_ref=None,
            appeal=appeal,
        )
        warnings.extend([] if is_withdrawn else found)
        deadlines.extend([deadline] if deadline else [])
    return deadlines, warnings


def _inclusion_trigger(events: Sequence[RecordedEvent], inclusion: RecordedEvent) -> Trigger:
    posted_on = inclusion.data.get("posted_on")
    if posted_on:
        day = date.fromisoformat(posted_on)
        return Trigger(
            day,
            inclusion.id,
            False,
            f"entry posted on the MVD website on {format_day(day)} (deemed notice)",
            "posted_on",
        )
    # Err early: a deadline shown too early is harmless, one shown too late can cost a person's liberty.
    previous_exclusion = max(
        (
            event.occurred_on
            for event in events
            if event.type == "register_exclusion" and event.occurred_on < inclusion.occurred_on
        ),
        default=None,
    )
    first_listed_check = next(
        (
            event
            for event in events
            if event.type == "register_check"
            and event.data.get("listed") is True
            and (previous_exclusion is None or event.occurred_on > previous_exclusion)
        ),
        None,
    )
    missing = SOURCE_WORDS["posted_on"]
    if first_listed_check is not None and first_listed_check.occurred_on < inclusion.occurred_on:
        day = first_listed_check.occurred_on
        return Trigger(
            day,
            first_listed_check.id,
            True,
            f"register check of {format_day(day)} that showed the entry",
            "register_check",
            missing,
        )
    day = inclusion.occurred_on
    return Trigger(day, inclusion.id, True, f"inclusion dated {format_day(day)}", "occurred_on", missing)


def _register_appeals(
    events: Sequence[RecordedEvent], inclusions: Sequence[RecordedEvent], inclusion: RecordedEvent
) -> tuple[date, ...]:
    filed: list[date] = []
    for event in events:
        ref = str(event.data.get("decision_ref", ""))
        if event.type != "appeal_filed" or not is_register_ref(ref):
            continue
        if ref == f"{REGISTER_REF}:{inclusion.id}" or (
            ref == REGISTER_REF and _appealed_inclusion(inclusions, event) is inclusion
        ):
            filed.append(event.occurred_on)
    return tuple(filed)


def _appealed_inclusion(inclusions: Sequence[RecordedEvent], appeal: RecordedEvent) -> RecordedEvent | None:
    """A plain "register" appeal is against the latest inclusion before it, or the first if filed earlier."""
    earlier = [inclusion for inclusion in inclusions if inclusion.occurred_on <= appeal.occurred_on]
    return earlier[-1] if earlier else (inclusions[0] if inclusions else None)


def _exclusion_reason(events: Sequence[RecordedEvent], inclusion: RecordedEvent) -> str | None:
    for event in events:
        if event.type == "register_exclusion" and event.occurred_on >= inclusion.occurred_on:
            return f"the client was excluded from the register on {format_date(event.occurred_on)}"
    return None
