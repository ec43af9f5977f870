"""Appeal deadlines: against decisions, at the next level after a decision on the appeal, and against the
register inclusion — with what meets each of them (LEGAL-RULES.md §3).

A decision's appeal runs in levels. Level 1 is the period against the decision itself; a decision on the
merits of the appeal (upheld, partially overturned) opens the next level — KoAP: the next-level complaint;
KAS: the appeal against the court's first-instance decision (`kas_appeal`), after which only cassation
follows. A **returned** filing counts as not filed: the level runs on ("file again"), and challenging the
return ruling is a deadline of its own. On the KAS track only a filing in court meets a period: a complaint
to a higher official decided by that official is no court decision and opens nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta

from casework.domain import case_warnings
from casework.domain.deadline_building import (
    AppealState,
    Candidate,
    DerivationContext,
    Filing,
    Found,
    Reason,
    Status,
    Trigger,
    Zone,
    authority_zone,
    counted_deadline,
    earliest_trigger,
)
from casework.domain.decisions import REGISTER_REF, appeal_decided, appeal_filed, is_register_ref
from casework.domain.formatting import format_date, format_day
from casework.domain.periods import Step
from casework.domain.recorded import RecordedEvent
from casework.domain.rules import Rule
from casework.domain.state import (
    CANCELLED,
    MET,
    MISSED,
    OPEN,
    AppealDecided,
    AppealFiled,
    CaseWarning,
    Deadline,
    DecisionState,
)

ADMINISTRATIVE_EXPULSION = "administrative_expulsion"
ASYLUM_REFUSAL = "asylum_refusal"
COMPLAINT_DECISION = "complaint_decision"
COURT_DECISION_KAS = "court_decision_kas"
RETURN_RULING = {"koap": "return_ruling_koap", "kas": "return_ruling_kas"}
REGISTER_INCLUSION = "register_inclusion"
DEPARTURE = "departure_after_expulsion"
EXECUTION_LIMIT = "expulsion_execution_limit"
RETURNED = "returned"
ON_THE_MERITS = ("upheld", "partially_overturned")
SOURCE_WORDS = {
    "copy_received_on": "the day the copy was received",
    "learned_on": "the day the client learned of it",
    "decision_served": "service of the decision",
    "posted_on": "the posting date on the MVD website",
    "final_form_on": "the date of the decision in final form",
}
# The register grounds that a decision causes, and the decision kinds that cause them.
CAUSING_KINDS = {
    "administrative_removal": ("administrative_expulsion",),
    "decision_other": ("deportation", "stay_reduction", "entry_ban", "undesirability"),
    "permit_annulled": ("permit_annulment",),
    "asylum_refused": ("asylum_refusal",),
    "citizenship_terminated": ("citizenship_termination",),
}


# ---------------------------------------------------------------------------------------------------------
# Decisions


def decision_deadlines(
    ctx: DerivationContext, decision: DecisionState, *, retracted: bool, departures: Sequence[date] = ()
) -> Found:
    key = f"appeal:{decision.ref}"
    latest = ctx.rules.latest_for(decision.kind)
    rule = trigger = None
    if latest is not None:
        # A rule is chosen by the day its period runs from, not by the decision's date.
        trigger = _decision_trigger(latest, decision)
        rule = ctx.rules.rule_for(decision.kind, trigger.on)
        if rule is not None and rule is not latest:
            trigger = _decision_trigger(rule, decision)
    if rule is None or trigger is None:
        if retracted:
            return [], []
        if decision.kind == ASYLUM_REFUSAL:
            return [], [case_warnings.asylum_no_rule(decision.ref)]
        what = f"a decision of kind {decision.kind} ({decision.ref})"
        return [], [
            case_warnings.no_deadline_rule(
                what, decision.ref, "decision", kind=decision.kind, ref=decision.ref
            )
        ]
    zone, warnings = authority_zone(ctx, decision.authority_timezone, key, on=trigger.on)
    appeals = []
    for appeal in decision.appeals:
        if appeal.filed_on < decision.issued_on:
            # A data error (or an appeal against another act): warned of, never counted.
            warnings.append(
                case_warnings.appeal_before_decision(decision.ref, appeal.filed_on, decision.issued_on)
            )
        else:
            appeals.append(appeal)
    track = Track(
        ctx,
        key=key,
        decision_ref=decision.ref,
        zone=zone,
        region=decision.authority_region,
        retracted=Reason("decision_retracted", "the decision was retracted") if retracted else None,
    )
    deadlines, found, in_force = track.levels(rule, trigger, appeals, decision.decisions_on_appeal)
    warnings.extend(found)
    if rule.applies_to == ADMINISTRATIVE_EXPULSION and in_force is not None:
        departed_on = min((day for day in departures if day >= decision.issued_on), default=None)
        more, found = _after_entry_into_force(track, decision, in_force, departed_on)
        deadlines.extend(more)
        warnings.extend(found)
    # A retracted decision only shows its deadlines as cancelled; nothing about it needs fixing.
    return deadlines, [] if retracted else warnings


def _decision_trigger(rule: Rule, decision: DecisionState) -> Trigger:
    ref = decision.ref
    # KoAP acts are resolutions (постановление); the Russian wording reads the rule's procedure.
    about = {"act": "decision", "ref": ref}
    candidates: list[Candidate] = []
    for source in rule.trigger_sources:
        if source == "occurred_on":
            text = f"decision {ref} dated {format_day(decision.issued_on)}"
            return Trigger(decision.issued_on, decision.event_id, False, text, source, about=about)
        if source == "decision_served" and decision.served_on and decision.served_event:
            text = f"decision {ref} served on {format_day(decision.served_on)}"
            candidates.append(Candidate(decision.served_on, source, decision.served_event, text, about))
        if source == "copy_received_on" and decision.copy_received_on:
            text = f"copy of decision {ref} received on {format_day(decision.copy_received_on)}"
            candidates.append(Candidate(decision.copy_received_on, source, decision.event_id, text, about))
        if source == "learned_on" and decision.learned_on:
            text = f"the client learned of decision {ref} on {format_day(decision.learned_on)}"
            candidates.append(Candidate(decision.learned_on, source, decision.event_id, text, about))
    found = earliest_trigger(candidates)
    if found is not None:
        return found
    # Nobody can receive or learn of a decision before it exists, so its own date is the earliest plausible.
    unrecorded = [source for source in rule.trigger_sources if source in SOURCE_WORDS]
    return Trigger(
        decision.issued_on,
        decision.event_id,
        True,
        f"decision {ref} dated {format_day(decision.issued_on)}",
        "occurred_on",
        " or ".join(SOURCE_WORDS[source] for source in unrecorded),
        about={**about, "missing": ",".join(unrecorded)},
    )


@dataclass
class Track:
    """The levels of one decision's appeal (or of one register inclusion's)."""

    ctx: DerivationContext
    key: str
    decision_ref: str | None
    zone: Zone
    region: str | None
    retracted: Reason | None = None
    moot: Reason | None = None

    def levels(
        self,
        rule: Rule,
        trigger: Trigger,
        appeals: Sequence[AppealFiled],
        decided: Sequence[AppealDecided],
    ) -> tuple[list[Deadline], list[CaseWarning], date | None]:
        """-> (deadlines, warnings, the estimated day the decision entered into force, if it did)."""
        deadlines: list[Deadline] = []
        warnings: list[CaseWarning] = []
        appeals = sorted(appeals, key=lambda appeal: appeal.filed_on)
        level_key, level, filings = self.key, 1, []
        after: date | None = None  # filings after this day belong to the current level
        previous_decision: date | None = None  # the merits decision that opened the current level
        in_force: date | None = None
        for decision in decided:
            window = [
                a
                for a in appeals
                if (after is None or a.filed_on > after) and a.filed_on <= decision.decided_on
            ]
            if decision.outcome == RETURNED:
                filings += [Filing(a.filed_on, a.forum, returned_on=decision.decided_on) for a in window]
                after = decision.decided_on
                ruling, found = self._return_ruling(rule, level_key, decision, appeals)
                deadlines.extend(ruling)
                warnings.extend(found)
                continue
            if (
                rule.procedure == "kas"
                and window
                and not any(rule.is_met_by(appeal.forum) for appeal in window)
            ):
                # Decided by the official complained to: no court decision, the court period runs on.
                filings += [Filing(a.filed_on, a.forum) for a in window]
                after = decision.decided_on
                continue
            # A filing on the day of the decision belongs to the next level when this one has an earlier one.
            same_day_next = len(window) > 1 and window[-1].filed_on == decision.decided_on
            if same_day_next:
                window = window[:-1]
            filings += [Filing(a.filed_on, a.forum) for a in window]
            current, found = self._deadline(rule, trigger, level_key, level, filings)
            warnings.extend(found)
            deadlines.extend([current] if current else [])
            if decision.outcome not in ON_THE_MERITS:
                return deadlines, warnings, None  # overturned (or unknown): nothing more to appeal
            next_rule, next_trigger = self._next_level(rule, decision)
            if next_rule is None or next_trigger is None:
                if not self.retracted:
                    warnings.append(self._no_next_level(rule, level_key, decision))
                return deadlines, warnings, decision.decided_on
            rule, trigger = next_rule, next_trigger
            level_key, level, filings = f"{self.key}:{decision.level}", decision.level, []
            after = decision.decided_on - timedelta(days=1) if same_day_next else decision.decided_on
            previous_decision = decision.decided_on
        filings += [Filing(a.filed_on, a.forum) for a in appeals if after is None or a.filed_on > after]
        current, found = self._deadline(rule, trigger, level_key, level, filings)
        warnings.extend(found)
        if current is not None:
            deadlines.append(current)
            in_force = _entered_into_force(current, self.ctx.as_of, previous_decision)
        return deadlines, warnings, in_force

    def _deadline(
        self, rule: Rule, trigger: Trigger, key: str, level: int, filings: list[Filing]
    ) -> tuple[Deadline | None, list[CaseWarning]]:
        deadline, warnings = counted_deadline(
            self.ctx,
            key=key,
            rule=rule,
            trigger=trigger,
            zone=self.zone,
            decision_ref=self.decision_ref,
            appeal=AppealState(tuple(filings), retracted=self.retracted, moot=self.moot),
            level=level,
            authority_region=self.region,
        )
        if deadline is not None and deadline.status in (OPEN, MISSED) and not self.retracted:
            pending = [f for f in filings if f.returned_on is None and not rule.is_met_by(f.forum)]
            if pending:
                warnings.append(case_warnings.complaint_pending(key, pending[0].filed_on))
            returned = [f.returned_on for f in filings if f.returned_on is not None]
            if returned:
                warnings.append(case_warnings.appeal_returned(key, max(returned)))
        return deadline, warnings

    def _no_next_level(self, rule: Rule, level_key: str, decision: AppealDecided) -> CaseWarning:
        if rule.procedure == "koap":  # the rule book lacks the next-level rule for that date: say so
            what = f"the decision on the appeal against {self.decision_ref}"
            ref = str(self.decision_ref)
            return case_warnings.no_deadline_rule(what, level_key, "complaint_decision", ref=ref)
        return case_warnings.cassation_only(level_key, decision.decided_on)

    def _about(self, act: str) -> dict[str, str]:
        """What a later level's trigger names: the act, and the decision (none for a register inclusion)."""
        return {"act": act, **({"ref": self.decision_ref} if self.decision_ref else {})}

    def _next_level(self, rule: Rule, decision: AppealDecided) -> tuple[Rule | None, Trigger | None]:
        what = f"decision on the appeal against {self.decision_ref or 'the register inclusion'}"
        about = self._about("complaint_decision")
        if rule.procedure == "koap":
            trigger = _counted_from(
                decision, decision.copy_received_on, "copy_received_on",
                f"copy of the {what} received on {{day}}", f"the {what}, dated {{day}}", about,
            )  # fmt: skip
            next_rule = self.ctx.rules.rule_for(COMPLAINT_DECISION, trigger.on)
        elif rule.procedure == "kas" and rule.applies_to != COURT_DECISION_KAS:
            # Without the final form, the hearing date: the final form can only come later.
            trigger = _counted_from(
                decision, decision.final_form_on, "final_form_on",
                f"the court's {what} in final form on {{day}}", f"the court's {what}, hearing of {{day}}",
                about, {"moment": "hearing"},
            )  # fmt: skip
            next_rule = self.ctx.rules.rule_for(COURT_DECISION_KAS, trigger.on)
        else:
            return None, None
        return next_rule, trigger

    def _return_ruling(
        self, rule: Rule, level_key: str, decision: AppealDecided, appeals: Sequence[AppealFiled]
    ) -> Found:
        applies_to = RETURN_RULING.get(rule.procedure)
        if applies_to is None:
            return [], []
        what = f"ruling returning the filing against {self.decision_ref or 'the register inclusion'}"
        about = self._about("return_ruling")
        if rule.procedure == "koap":  # from receipt of the ruling's copy
            trigger = _counted_from(
                decision, decision.copy_received_on, "copy_received_on",
                f"copy of the {what} received on {{day}}", f"the {what}, dated {{day}}", about,
            )  # fmt: skip
        else:  # KAS 314: from the ruling itself
            trigger = _counted_from(
                decision, decision.decided_on, "occurred_on", f"the {what}, dated {{day}}", "", about
            )
        ruling_rule = self.ctx.rules.rule_for(applies_to, trigger.on)
        if ruling_rule is None:
            return [], []
        # Filing again, or challenging the return, after the ruling: either way someone acted on it.
        later = tuple(Filing(a.filed_on, a.forum) for a in appeals if a.filed_on > decision.decided_on)
        deadline, warnings = counted_deadline(
            self.ctx,
            key=f"{level_key}:return:{decision.level}",
            rule=ruling_rule,
            trigger=trigger,
            zone=self.zone,
            decision_ref=self.decision_ref,
            appeal=AppealState(later, retracted=self.retracted, moot=self.moot),
            level=decision.level,
            authority_region=self.region,
        )
        return ([deadline] if deadline else []), warnings


def _counted_from(
    decision: AppealDecided,
    day: date | None,
    source: str,
    known: str,
    estimated: str,
    about: Mapping[str, str],
    estimated_about: Mapping[str, str] | None = None,
) -> Trigger:
    """From a recorded date of the decision on the appeal (``known``, "{day}" in it); without it, from the
    decision's own date, which can only be earlier — estimated (``estimated``). ``about``: what both name."""
    if day is not None:
        text = known.format(day=format_day(day))
        return Trigger(day, decision.event_id, False, text, source, about=about)
    fallback = decision.decided_on
    text = estimated.format(day=format_day(fallback))
    about = {**about, **(estimated_about or {}), "missing": source}
    return Trigger(fallback, decision.event_id, True, text, "occurred_on", SOURCE_WORDS[source], about=about)


def _entered_into_force(level: Deadline, as_of: date, previous_decision: date | None) -> date | None:
    """The earliest day the decision can have entered into force, once it has (KoAP 31.1): not appealed in
    time, the day after the period; appealed at a later level, the decision that closed the level before."""
    if level.status == MET or level.status == CANCELLED:
        return None  # appealed in time and pending, or no longer standing
    if previous_decision is not None:
        return previous_decision
    if level.status == MISSED or as_of > level.due_on:
        return level.due_on + timedelta(days=1)
    return None


def _after_entry_into_force(
    track: Track, decision: DecisionState, in_force: date, departed_on: date | None
) -> Found:
    """The 5 days of controlled independent departure (KoAP 32.10 ч.6) and the 2-year limit on executing
    the resolution (KoAP 31.9), both from its estimated entry into force."""
    deadlines: list[Deadline] = []
    warnings: list[CaseWarning] = []
    for applies_to, key in ((DEPARTURE, "departure"), (EXECUTION_LIMIT, "execution_limit")):
        rule = track.ctx.rules.rule_for(applies_to, in_force)
        if rule is None:
            continue
        trigger = Trigger(
            in_force,
            decision.event_id,
            True,
            f"entry into force of decision {decision.ref}, estimated as {format_day(in_force)}",
            "entry_into_force",
            "the date the resolution entered into force",
            about={"act": "decision", "ref": decision.ref, "missing": "entry_into_force"},
        )
        if applies_to == DEPARTURE:
            status_of = _departure_status(track, departed_on)
        else:
            status_of = _review_status(track, departed_on)
        deadline, found = counted_deadline(
            track.ctx,
            key=f"{key}:{decision.ref}",
            rule=rule,
            trigger=trigger,
            zone=track.zone,
            decision_ref=decision.ref,
            status_of=status_of,
        )
        deadlines.extend([deadline] if deadline else [])
        warnings.extend(warning for warning in found if warning.code != case_warnings.TRIGGER_UNKNOWN)
    return deadlines, warnings


def _departure_status(track: Track, departed: date | None) -> Callable[[date], Status]:
    def status_of(due_on: date) -> Status:
        ctx = track.ctx
        as_of = {"as_of": ctx.as_of.isoformat()}
        if track.retracted:
            cancelled = Step("status_cancelled", track.retracted.params, f"Cancelled: {track.retracted}")
            return Status(CANCELLED, (cancelled,))
        if departed is not None and departed <= due_on:
            text = f"Met: the client left Russia on {format_date(departed)}"
            return Status(MET, (Step("status_met", {"departed_on": departed.isoformat()}, text),))
        if ctx.as_of > due_on:
            next_step = "The departure period has passed: the client risks forced expulsion and detention."
            return Status(
                MISSED,
                (
                    Step(
                        "status_missed",
                        {**as_of, "reason": "departure_passed"},
                        f"Missed as of {format_day(ctx.as_of)}. {next_step}",
                    ),
                ),
                next_step,
            )
        return Status(OPEN, (Step("status_open", as_of, f"Open as of {format_day(ctx.as_of)}"),))

    return status_of


def _review_status(track: Track, departed: date | None) -> Callable[[date], Status]:
    def status_of(due_on: date) -> Status:
        ctx = track.ctx
        as_of = {"as_of": ctx.as_of.isoformat()}
        if track.retracted:
            cancelled = Step("status_cancelled", track.retracted.params, f"Cancelled: {track.retracted}")
            return Status(CANCELLED, (cancelled,))
        if departed is not None and departed <= due_on:
            # The client left: the expulsion is executed, nothing is left to lapse.
            left = Reason("departed", f"the client left Russia on {format_date(departed)}", departed)
            return Status(CANCELLED, (Step("status_cancelled", left.params, f"Cancelled: {left}"),))
        if ctx.as_of > due_on:
            next_step = (
                "Two years have passed since the resolution entered into force: check whether it can still "
                "be executed (KoAP RF art. 31.9)."
            )
            return Status(
                MISSED,
                (
                    Step(
                        "status_missed",
                        {**as_of, "reason": "execution_limit_reached"},
                        f"Reached as of {format_day(ctx.as_of)}. {next_step}",
                    ),
                ),
                next_step,
            )
        return Status(OPEN, (Step("status_open", as_of, f"Open as of {format_day(ctx.as_of)}"),))

    return status_of


# ---------------------------------------------------------------------------------------------------------
# The register inclusion


def register_deadlines(
    ctx: DerivationContext,
    events: Sequence[RecordedEvent],
    retracted: Sequence[RecordedEvent],
    provisional: RecordedEvent | None = None,
) -> Found:
    """One appeal track per inclusion; ``provisional``: a check that showed the entry with no inclusion
    recorded, counted as the inclusion until one is (LEGAL-RULES.md §3, register row)."""
    inclusions = [event for event in events if event.type == REGISTER_INCLUSION]
    deadlines: list[Deadline] = []
    warnings: list[CaseWarning] = []
    withdrawn = [
        event for event in retracted if event.type == REGISTER_INCLUSION and event.occurred_on <= ctx.as_of
    ]
    entries = [*inclusions, *withdrawn, *([provisional] if provisional is not None else [])]
    for inclusion in entries:
        is_withdrawn = inclusion in withdrawn
        key = f"register:{inclusion.id}"
        latest = ctx.rules.latest_for(REGISTER_INCLUSION)
        trigger = _inclusion_trigger(latest, events, inclusion) if latest else None
        rule = ctx.rules.rule_for(REGISTER_INCLUSION, trigger.on) if trigger else None
        if rule is None or trigger is None:
            if not is_withdrawn:
                what = f"an inclusion in the register dated {format_date(inclusion.occurred_on)}"
                warnings.append(
                    case_warnings.no_deadline_rule(
                        what, key, "register_inclusion", occurred_on=inclusion.occurred_on.isoformat()
                    )
                )
            continue
        zone, found = authority_zone(ctx, None, key, on=trigger.on, recordable=False)
        track = Track(
            ctx,
            key=key,
            decision_ref=None,
            zone=zone,
            region=None,
            retracted=Reason("inclusion_retracted", "the inclusion was retracted") if is_withdrawn else None,
            moot=_exclusion_reason(events, inclusion),
        )
        appeals, decided = _register_appeals(events, inclusions, inclusion)
        more, level_warnings, _ = track.levels(rule, trigger, appeals, decided)
        deadlines.extend(more)
        warnings.extend([] if is_withdrawn else [*found, *level_warnings])
    return deadlines, warnings


def _previous_exclusion(events: Sequence[RecordedEvent], inclusion: RecordedEvent) -> date | None:
    return max(
        (
            event.occurred_on
            for event in events
            if event.type == "register_exclusion" and event.occurred_on < inclusion.occurred_on
        ),
        default=None,
    )


def _inclusion_trigger(rule: Rule, events: Sequence[RecordedEvent], inclusion: RecordedEvent) -> Trigger:
    previous_exclusion = _previous_exclusion(events, inclusion)

    def since_exclusion(event: RecordedEvent) -> bool:
        return previous_exclusion is None or event.occurred_on > previous_exclusion

    listed_checks = [
        Candidate(
            event.occurred_on,
            "register_check",
            event.id,
            f"register check of {format_day(event.occurred_on)} that showed the entry",
        )
        for event in events
        if event.type == "register_check" and event.data.get("listed") is True and since_exclusion(event)
    ]
    posted_on = inclusion.data.get("posted_on")
    missing = SOURCE_WORDS["posted_on"]
    if posted_on:
        day = date.fromisoformat(posted_on)
        posting = Candidate(
            day,
            "posted_on",
            inclusion.id,
            f"entry posted on the MVD website on {format_day(day)} (deemed notice)",
        )
        found = earliest_trigger([posting, *(check for check in listed_checks if check.on < day)])
        assert found is not None
        if found.source == "posted_on":
            return found
        # The entry provably existed before the recorded posting date: that date cannot be right.
        about = {**found.about, "missing": "posted_on"}
        return replace(
            found, estimated=True, missing=missing, floor_documentary=False, later=(posting,), about=about
        )
    # No posting date: the earliest plausible one, never before the regime or the day the ground arose.
    ground = inclusion.data.get("ground")
    causing = [
        event
        for event in events
        if event.type == "decision_issued"
        and event.data.get("kind") in CAUSING_KINDS.get(str(ground), ())
        and event.occurred_on <= inclusion.occurred_on
        and since_exclusion(event)
    ]
    if inclusion.type == "register_check":  # a provisional listing: the check that showed the entry
        own = f"register check of {format_day(inclusion.occurred_on)} that showed the entry"
        candidates = [Candidate(inclusion.occurred_on, "register_check", inclusion.id, own)]
    else:
        own = f"inclusion dated {format_day(inclusion.occurred_on)}"
        candidates = [
            Candidate(inclusion.occurred_on, "occurred_on", inclusion.id, own, {"moment": "inclusion"})
        ]
    if "register_check" in rule.estimate_from:
        candidates += listed_checks
    if "bank_account_frozen" in rule.estimate_from:
        candidates += [
            Candidate(
                event.occurred_on,
                "bank_account_frozen",
                event.id,
                f"bank account frozen on {format_day(event.occurred_on)}",
            )
            for event in events
            if event.type == "bank_account_frozen" and since_exclusion(event)
        ]
    if "causing_decision" in rule.estimate_from:
        candidates += [
            Candidate(
                event.occurred_on,
                "causing_decision",
                event.id,
                f"the decision that caused the inclusion, dated {format_day(event.occurred_on)}",
            )
            for event in causing
        ]
    floor = max(
        [day for day in (rule.earliest_trigger, *(event.occurred_on for event in causing)) if day],
        default=None,
    )
    first = min(candidates, key=lambda candidate: candidate.on)
    if floor is not None and first.on < floor:
        first = Candidate(
            floor,
            "earliest_trigger",
            first.event_id,
            f"the earliest day the entry can have been posted, {format_day(floor)}",
        )
    about = {**first.about, "missing": "posted_on"}
    return Trigger(
        first.on,
        first.event_id,
        True,
        first.text,
        first.source,
        missing,
        floor_documentary=False,
        about=about,
    )


def _register_appeals(
    events: Sequence[RecordedEvent], inclusions: Sequence[RecordedEvent], inclusion: RecordedEvent
) -> tuple[list[AppealFiled], list[AppealDecided]]:
    appeals: list[AppealFiled] = []
    decided: list[AppealDecided] = []
    for event in events:
        ref = str(event.data.get("decision_ref", ""))
        if event.type not in ("appeal_filed", "appeal_decided") or not is_register_ref(ref):
            continue
        if ref == f"{REGISTER_REF}:{inclusion.id}" or (
            ref == REGISTER_REF and _appealed_inclusion(inclusions, event) is inclusion
        ):
            if event.type == "appeal_filed":
                appeals.append(appeal_filed(event))
            else:
                decided.append(appeal_decided(event, len(decided) + 2))
    return appeals, decided


def _appealed_inclusion(inclusions: Sequence[RecordedEvent], appeal: RecordedEvent) -> RecordedEvent | None:
    """A plain "register" appeal is against the latest inclusion before it, or the first if filed earlier."""
    earlier = [inclusion for inclusion in inclusions if inclusion.occurred_on <= appeal.occurred_on]
    return earlier[-1] if earlier else (inclusions[0] if inclusions else None)


def _exclusion_reason(events: Sequence[RecordedEvent], inclusion: RecordedEvent) -> Reason | None:
    for event in events:
        if event.type == "register_exclusion" and event.occurred_on >= inclusion.occurred_on:
            day = event.occurred_on
            return Reason("excluded", f"the client was excluded from the register on {format_date(day)}", day)
    return None
