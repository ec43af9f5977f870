"""Deadlines set by an event itself: an order to appear, and the legal review of a long detention."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from casework.domain import case_warnings
from casework.domain.deadline_building import (
    AppealState,
    DerivationContext,
    Filing,
    Found,
    Trigger,
    authority_zone,
    counted_deadline,
    rule_step,
)
from casework.domain.decisions import EXTENSION_REF
from casework.domain.formatting import format_date, format_day, format_instant
from casework.domain.periods import MOSCOW, PeriodResult, Step, count_period
from casework.domain.recorded import RecordedEvent
from casework.domain.rules import Rule
from casework.domain.state import CANCELLED, MET, MISSED, OPEN, CaseWarning, Deadline

ORDER_TO_APPEAR = "order_to_appear"
DETENTION = "detention"
DETENTION_WITHOUT_COURT = "detention_without_court"
DETENTION_TERM = "detention_term"
DETENTION_EXTENSION = "detention_extension"
WITHOUT_COURT_BASES = ("deportation", "readmission")


def order_deadlines(
    ctx: DerivationContext, events: Sequence[RecordedEvent], retracted: Sequence[RecordedEvent]
) -> Found:
    orders = [event for event in events if event.type == "order_to_appear_served"]
    withdrawn = [
        event
        for event in retracted
        if event.type == "order_to_appear_served" and event.occurred_on <= ctx.as_of
    ]
    breaches = [event.occurred_on for event in events if event.type == "obligation_breach"]
    attended = {_instant(event.data.get("appear_by")) for event in events if event.type == "order_attended"}
    deadlines: list[Deadline] = []
    warnings: list[CaseWarning] = []
    for index, order in enumerate(orders):
        next_order = orders[index + 1].occurred_on if index + 1 < len(orders) else None
        # A breach counts against the latest order before it.
        breach = next(
            (
                day
                for day in breaches
                if day >= order.occurred_on and (next_order is None or day < next_order)
            ),
            None,
        )
        confirmed = _instant(order.data.get("appear_by")) in attended
        deadline, found = _order_deadline(ctx, order, breach, retracted=False, attended=confirmed)
        deadlines.extend([deadline] if deadline else [])
        warnings.extend(found)
    for order in withdrawn:
        deadline, found = _order_deadline(ctx, order, None, retracted=True)
        deadlines.extend([deadline] if deadline else [])
    return deadlines, warnings


def _status_step(key: str | None, status: str, text: str, params: dict[str, str]) -> Step:
    # What a plain status does not say: attended (met), passed without confirmation (missed).
    if key == "status_attended":
        return Step("status_attended", params, text)
    if key == "status_unconfirmed":
        return Step("status_unconfirmed", params, text)
    return Step(f"status_{status}", params, text)


def _instant(value: object) -> datetime | None:
    try:
        return datetime.fromisoformat(str(value)).astimezone(UTC)
    except ValueError:
        return None


def _order_deadline(
    ctx: DerivationContext,
    order: RecordedEvent,
    breach_on: date | None,
    *,
    retracted: bool,
    attended: bool = False,
) -> tuple[Deadline | None, list[CaseWarning]]:
    key = f"appear:{order.id}"
    rule = ctx.rules.rule_for(ORDER_TO_APPEAR, order.occurred_on)
    if rule is None:
        return None, [case_warnings.no_deadline_rule("an order to appear", key, "order_to_appear")]
    appear_by = datetime.fromisoformat(str(order.data["appear_by"]))
    due_on = appear_by.date()  # the day as written in the order, in its own zone
    moscow_time = appear_by.astimezone(ZoneInfo(MOSCOW))
    trigger = Step(
        "order_served",
        {"served_on": order.occurred_on.isoformat(), "appear_by": appear_by.isoformat()},
        f"Order served on {format_day(order.occurred_on)}: appear by {appear_by:%d.%m.%Y %H:%M} "
        f"(UTC{appear_by:%z}) = {moscow_time:%d.%m.%Y %H:%M} Moscow time = {format_instant(appear_by)}",
    )
    warnings: list[CaseWarning] = []
    next_step = None
    step_key = None
    params = {"as_of": ctx.as_of.isoformat()}
    if retracted:
        status, text = CANCELLED, "Cancelled: the order was retracted"
        params["reason"] = "order_retracted"
    elif attended:
        status, text = MET, "Met: the client's attendance is recorded"
        step_key = "status_attended"
    elif breach_on is not None:
        status = MISSED
        params.update(reason="obligation_breach", breach_on=breach_on.isoformat())
        text = (
            f"Missed: an obligation breach was recorded on {format_date(breach_on)}, after this order. "
            "Repeated failure leads to deportation; document any good reason for not appearing."
        )
    elif ctx.as_of <= due_on:
        status, text = OPEN, f"Open as of {format_day(ctx.as_of)}"
    else:
        # Attendance is unknown, not proven: never presumed.
        status, step_key = MISSED, "status_unconfirmed"
        next_step = "Confirm whether the client appeared: record the attendance or the breach."
        text = f"Passed — confirm attendance: neither the attendance nor a breach is recorded. {next_step}"
        warnings.append(case_warnings.order_attendance_unconfirmed(key, appear_by.isoformat()))
    deadline = _deadline(
        ctx, rule, key, status, order, due_on=due_on, due_at=appear_by.astimezone(UTC),
        # The order gives a moment with a UTC offset, not a place: show it in the organisation's zone, an IANA
        # name that e-mails and pages can convert (a bare offset such as "UTC+03:00" is not a zone).
        local_cutoff=appear_by.astimezone(ZoneInfo(ctx.default_timezone)), moscow_cutoff=moscow_time,
        steps=(rule_step(rule), trigger, _status_step(step_key, status, text, params)), next_step=next_step,
    )  # fmt: skip
    return deadline, warnings


def detention_deadlines(ctx: DerivationContext, events: Sequence[RecordedEvent]) -> Found:
    """Per placement in a special institution (LEGAL-RULES.md §3a): the legal review every 90 days, the 48
    hours without a court decision, the term set by the court, and the appeal against each extension."""
    deadlines: list[Deadline] = []
    warnings: list[CaseWarning] = []
    for index, placement in enumerate(events):
        if placement.type != "detained":
            continue
        during: list[RecordedEvent] = []
        for event in events[index + 1 :]:
            if event.type == "detained":
                break
            during.append(event)
            if event.type == "released":
                break
        released_on = next((event.occurred_on for event in during if event.type == "released"), None)
        for found in (
            _review_deadlines(ctx, placement, released_on),
            _without_court_deadline(ctx, placement, events, released_on),
            _term_deadline(ctx, placement, during, released_on),
            _extension_deadlines(ctx, during, events),
        ):
            deadlines.extend(found[0])
            warnings.extend(found[1])
    return deadlines, warnings


def _review_deadlines(ctx: DerivationContext, placement: RecordedEvent, released_on: date | None) -> Found:
    """A review every 90 days of continuous detention: each cycle's prompt, up to the one now running."""
    rule = ctx.rules.rule_for(DETENTION, placement.occurred_on)
    if rule is None:
        key = f"detention_review:{placement.id}"
        return [], [case_warnings.no_deadline_rule("a detention", key, "detention")]
    deadlines: list[Deadline] = []
    start, cycle = placement.occurred_on, 1
    while True:
        key = f"detention_review:{placement.id}" + (f":{cycle}" if cycle > 1 else "")
        deadline = _review_deadline(ctx, rule, key, placement, start, cycle, released_on)
        deadlines.append(deadline)
        ended = released_on is not None and released_on <= deadline.due_on
        if ended or ctx.as_of <= deadline.due_on or cycle >= 40:
            return deadlines, []
        start, cycle = deadline.due_on, cycle + 1


def _review_deadline(
    ctx: DerivationContext,
    rule: Rule,
    key: str,
    placement: RecordedEvent,
    start: date,
    cycle: int,
    released_on: date | None,
) -> Deadline:
    period = count_period(
        rule.unit, rule.amount, start, calendar=ctx.calendar, authority_timezone=ctx.default_timezone
    )
    params = {"as_of": ctx.as_of.isoformat()}
    if released_on is not None:
        status, text = CANCELLED, f"Cancelled: released on {format_date(released_on)}"
        params = {"reason": "released", "reason_on": released_on.isoformat()}
        next_step = None
    elif ctx.as_of > period.due_on:
        status = MISSED
        next_step = "Detention has lasted beyond 90 days: review the lawfulness of continued detention now."
        text = f"Overdue as of {format_day(ctx.as_of)}. {next_step}"
        params["reason"] = "review_overdue"
    else:
        status, text, next_step = OPEN, f"Open as of {format_day(ctx.as_of)}", None
    days = (period.due_on - placement.occurred_on).days
    trigger = Step(
        "trigger",
        {"trigger_on": placement.occurred_on.isoformat(), "source": "occurred_on", "event_id": placement.id,
         "cycle": str(cycle), "days": str(days), "moment": "placement"},
        f"Trigger: placed in a special institution on {format_day(placement.occurred_on)}"
        + (f"; review {cycle}, after {days} days of continuous detention" if cycle > 1 else ""),
    )  # fmt: skip
    return _counted(
        ctx, rule, key, status, placement, period, trigger_on=start, level=cycle, next_step=next_step,
        steps=(rule_step(rule), trigger, *period.steps[1:], Step(f"status_{status}", params, text)),
    )  # fmt: skip


def _without_court_deadline(
    ctx: DerivationContext,
    placement: RecordedEvent,
    events: Sequence[RecordedEvent],
    released_on: date | None,
) -> Found:
    """Detained for deportation or readmission: a court decision within 48 hours, or release."""
    if placement.data.get("basis") not in WITHOUT_COURT_BASES:
        return [], []
    rule = ctx.rules.rule_for(DETENTION_WITHOUT_COURT, placement.occurred_on)
    if rule is None:
        return [], []
    placed_on = placement.occurred_on
    # Only the day is recorded: counted from its first moment, so the limit is never shown late.
    zone = ZoneInfo(ctx.default_timezone)
    due_local = datetime.combine(placed_on, time(0), zone) + timedelta(hours=rule.amount)
    due_on = (due_local - timedelta(microseconds=1)).date()
    court = min(
        (
            event.occurred_on
            for event in events
            if event.type == "decision_issued"
            and event.data.get("kind") == "detention_placement"
            and event.occurred_on >= placed_on
        ),
        default=None,
    )
    warnings: list[CaseWarning] = []
    next_step = None
    params = {"as_of": ctx.as_of.isoformat()}
    if court is not None and court <= due_on:
        status, key_text = MET, f"Met: a court decision on the placement is recorded on {format_date(court)}"
        params = {"court_decision_on": court.isoformat()}
    elif released_on is not None and released_on <= due_on:
        status, key_text = CANCELLED, f"Cancelled: released on {format_date(released_on)}"
        params = {"reason": "released", "reason_on": released_on.isoformat()}
    elif ctx.as_of <= due_on and court is None:
        status, key_text = OPEN, f"Open as of {format_day(ctx.as_of)}: no court decision recorded"
        params["reason"] = "no_court_decision"
        warnings.append(case_warnings.detention_without_court(placed_on))
    else:
        status = MISSED
        next_step = (
            "No court decision within 48 hours is recorded: the detention has no lawful basis — "
            "demand release and complain to the court and the prosecutor now."
        )
        late = f" (a court decision of {format_date(court)} is recorded: check its hour)" if court else ""
        params["reason"] = "no_court_decision"
        if court:
            params["court_decision_on"] = court.isoformat()
        key_text = f"Missed as of {format_day(ctx.as_of)}{late}. {next_step}"
        if released_on is None:
            warnings.append(case_warnings.detention_without_court(placed_on))
    due_at = due_local.astimezone(UTC)
    trigger = Step(
        "trigger",
        {
            "trigger_on": placed_on.isoformat(),
            "source": "occurred_on",
            "event_id": placement.id,
            "moment": "placement_midnight",
        },
        f"Trigger: placed in a special institution on {format_day(placed_on)}, counted from 00:00 that day",
    )
    limit = Step(
        "hours_limit",
        {"hours": str(rule.amount), "due_at": format_instant(due_at), "timezone": ctx.default_timezone},
        f"{rule.amount} hours from 00:00 on {format_date(placed_on)} ({ctx.default_timezone}) = "
        f"{format_instant(due_at)}",
    )
    deadline = _deadline(
        ctx, rule, f"detention_48h:{placement.id}", status, placement, due_on=due_on, due_at=due_at,
        local_cutoff=due_local, moscow_cutoff=due_local.astimezone(ZoneInfo(MOSCOW)), estimated=True,
        steps=(rule_step(rule), trigger, limit, Step(f"status_{status}", params, key_text)),
        next_step=next_step,
    )  # fmt: skip
    return [deadline], warnings


def _term_deadline(
    ctx: DerivationContext,
    placement: RecordedEvent,
    during: Sequence[RecordedEvent],
    released_on: date | None,
) -> Found:
    """The term the court set (or its latest extension): past it, no recorded basis for detention."""
    terms = [placement.data.get("term_until")] + [
        event.data.get("term_until") for event in during if event.type == "detention_extended"
    ]
    known = [date.fromisoformat(str(term)) for term in terms if term]
    if not known:
        return [], []
    term_until = known[-1]
    rule = ctx.rules.rule_for(DETENTION_TERM, placement.occurred_on)
    if rule is None:
        return [], []
    period = count_period(
        rule.unit, rule.amount, term_until, calendar=ctx.calendar, authority_timezone=ctx.default_timezone
    )
    warnings: list[CaseWarning] = []
    next_step = None
    params = {"as_of": ctx.as_of.isoformat()}
    if released_on is not None and released_on <= term_until:
        status, text = CANCELLED, f"Cancelled: released on {format_date(released_on)}"
        params = {"reason": "released", "reason_on": released_on.isoformat()}
    elif released_on is not None:
        status, text = MISSED, f"Missed: released on {format_date(released_on)}, after the term"
        params = {"reason": "released_after_term", "released_on": released_on.isoformat()}
    elif ctx.as_of > term_until:
        status = MISSED
        next_step = "The term set by the court has passed with no extension recorded: demand release now."
        text = f"Missed as of {format_day(ctx.as_of)}. {next_step}"
        params["reason"] = "term_passed"
        warnings.append(case_warnings.detention_term_passed(term_until))
    else:
        status, text = OPEN, f"Open as of {format_day(ctx.as_of)}"
    trigger = Step(
        "detention_term",
        {"term_until": term_until.isoformat(), "event_id": placement.id, "extensions": str(len(known) - 1)},
        f"Term set by the court: until {format_day(term_until)}"
        + (f" (after {len(known) - 1} extension(s))" if len(known) > 1 else ""),
    )
    deadline = _counted(
        ctx, rule, f"detention_term:{placement.id}", status, placement, period, trigger_on=term_until,
        steps=(rule_step(rule), trigger, *period.steps[-2:], Step(f"status_{status}", params, text)),
        next_step=next_step,
    )  # fmt: skip
    return [deadline], warnings


def _extension_deadlines(
    ctx: DerivationContext, during: Sequence[RecordedEvent], events: Sequence[RecordedEvent]
) -> Found:
    """Every extension is a new court decision, appealable like the placement."""
    deadlines: list[Deadline] = []
    warnings: list[CaseWarning] = []
    for extension in during:
        if extension.type != "detention_extended":
            continue
        rule = ctx.rules.rule_for(DETENTION_EXTENSION, extension.occurred_on)
        if rule is None:
            continue
        key = f"{EXTENSION_REF}:{extension.id}"
        zone, found = authority_zone(ctx, None, key, on=extension.occurred_on, recordable=False)
        filings = tuple(
            Filing(event.occurred_on, event.data.get("forum"))
            for event in events
            if event.type == "appeal_filed" and event.data.get("decision_ref") == key
        )
        trigger = Trigger(
            extension.occurred_on,
            extension.id,
            False,
            f"court decision extending the detention, dated {format_day(extension.occurred_on)}",
            "occurred_on",
            about={"moment": "detention_extension"},
        )
        deadline, more = counted_deadline(
            ctx, key=key, rule=rule, trigger=trigger, zone=zone, decision_ref=None,
            appeal=AppealState(filings),
        )  # fmt: skip
        deadlines.extend([deadline] if deadline else [])
        warnings.extend([*found, *more])
    return deadlines, warnings


def _deadline(
    ctx: DerivationContext,
    rule: Rule,
    key: str,
    status: str,
    event: RecordedEvent,
    *,
    due_on: date,
    due_at: datetime,
    local_cutoff: datetime,
    moscow_cutoff: datetime,
    steps: tuple[Step, ...],
    trigger_on: date | None = None,
    estimated: bool = False,
    level: int = 1,
    next_step: str | None = None,
) -> Deadline:
    """A deadline set by an event (an order, a placement): the rule's fields, in the organisation's zone."""
    return Deadline(
        key=key, kind=rule.deadline_kind, rule=rule.id, rule_version=rule.version, decision_ref=None,
        due_on=due_on, due_at=due_at, status=status, estimated=estimated, confidence=rule.confidence,
        legal_basis=rule.legal_basis, action=rule.action, trigger_event=event.id,
        trigger_on=trigger_on or event.occurred_on, local_cutoff=local_cutoff, moscow_cutoff=moscow_cutoff,
        authority_timezone=ctx.default_timezone, steps=steps, level=level, next_step=next_step,
    )  # fmt: skip


def _counted(
    ctx: DerivationContext,
    rule: Rule,
    key: str,
    status: str,
    event: RecordedEvent,
    period: PeriodResult,
    *,
    trigger_on: date,
    steps: tuple[Step, ...],
    level: int = 1,
    next_step: str | None = None,
) -> Deadline:
    return _deadline(
        ctx, rule, key, status, event, due_on=period.due_on, due_at=period.due_at,
        local_cutoff=period.local_cutoff, moscow_cutoff=period.moscow_cutoff, steps=steps,
        trigger_on=trigger_on, level=level, next_step=next_step,
    )  # fmt: skip
