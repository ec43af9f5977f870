"""Deadlines set by an event itself: an order to appear, and the legal review of a long detention."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from casework.domain import case_warnings
from casework.domain.calendar import CalendarDataMissing
from casework.domain.deadline_building import DerivationContext, Found, rule_step
from casework.domain.formatting import format_date, format_day, format_instant
from casework.domain.periods import MOSCOW, Step, count_period
from casework.domain.recorded import RecordedEvent
from casework.domain.state import CANCELLED, MET, MISSED, OPEN, CaseWarning, Deadline

ORDER_TO_APPEAR = "order_to_appear"
DETENTION = "detention"


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
        deadline, found = _order_deadline(ctx, order, breach, retracted=False)
        deadlines.extend([deadline] if deadline else [])
        warnings.extend(found)
    for order in withdrawn:
        deadline, found = _order_deadline(ctx, order, None, retracted=True)
        deadlines.extend([deadline] if deadline else [])
    return deadlines, warnings


def _order_deadline(
    ctx: DerivationContext, order: RecordedEvent, breach_on: date | None, *, retracted: bool
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
    if retracted:
        status, text = CANCELLED, "Cancelled: the order was retracted"
    elif ctx.as_of <= due_on:
        status, text = OPEN, f"Open as of {format_day(ctx.as_of)}"
    elif breach_on is not None:
        status = MISSED
        text = (
            f"Missed: an obligation breach was recorded on {format_date(breach_on)}, after this order. "
            "Repeated failure leads to deportation; document any good reason for not appearing."
        )
    else:
        status = MET
        text = "Met: the time has passed and no obligation breach was recorded after this order"
    deadline = Deadline(
        key=key,
        kind=rule.deadline_kind,
        rule=rule.id,
        rule_version=rule.version,
        decision_ref=None,
        due_on=due_on,
        due_at=appear_by.astimezone(UTC),
        status=status,
        estimated=False,
        confidence=rule.confidence,
        legal_basis=rule.legal_basis,
        action=rule.action,
        trigger_event=order.id,
        trigger_on=order.occurred_on,
        # The order gives a moment with a UTC offset, not a place: show it in the organisation's zone, an IANA
        # name that e-mails and pages can convert (a bare offset such as "UTC+03:00" is not a zone).
        local_cutoff=appear_by.astimezone(ZoneInfo(ctx.default_timezone)),
        moscow_cutoff=moscow_time,
        authority_timezone=ctx.default_timezone,
        steps=(rule_step(rule), trigger, Step(f"status_{status}", {}, text)),
    )
    return deadline, []


def detention_review_deadlines(ctx: DerivationContext, events: Sequence[RecordedEvent]) -> Found:
    deadlines: list[Deadline] = []
    warnings: list[CaseWarning] = []
    for index, placement in enumerate(events):
        if placement.type != "detained":
            continue
        released_on = next(
            (event.occurred_on for event in events[index + 1 :] if event.type == "released"),
            None,
        )
        deadline, found = _review_deadline(ctx, placement, released_on)
        deadlines.extend([deadline] if deadline else [])
        warnings.extend(found)
    return deadlines, warnings


def _review_deadline(
    ctx: DerivationContext, placement: RecordedEvent, released_on: date | None
) -> tuple[Deadline | None, list[CaseWarning]]:
    key = f"detention_review:{placement.id}"
    rule = ctx.rules.rule_for(DETENTION, placement.occurred_on)
    if rule is None:
        return None, [case_warnings.no_deadline_rule("a detention", key, "detention")]
    try:
        period = count_period(
            rule.unit,
            rule.amount,
            placement.occurred_on,
            calendar=ctx.calendar,
            authority_timezone=ctx.default_timezone,
        )
    except CalendarDataMissing as missing:  # calendar_days need no calendar today; kept for a future rule
        return None, [case_warnings.calendar_missing(rule.id, missing.year, key)]
    if released_on is not None:
        status, text = CANCELLED, f"Cancelled: released on {format_date(released_on)}"
        next_step = None
    elif ctx.as_of > period.due_on:
        status = MISSED
        next_step = "Detention has lasted beyond 90 days: review the lawfulness of continued detention now."
        text = f"Overdue as of {format_day(ctx.as_of)}. {next_step}"
    else:
        status, text, next_step = OPEN, f"Open as of {format_day(ctx.as_of)}", None
    trigger = Step(
        "trigger",
        {"trigger_on": placement.occurred_on.isoformat(), "source": "occurred_on", "event_id": placement.id},
        f"Trigger: placed in a special institution on {format_day(placement.occurred_on)}",
    )
    deadline = Deadline(
        key=key,
        kind=rule.deadline_kind,
        rule=rule.id,
        rule_version=rule.version,
        decision_ref=None,
        due_on=period.due_on,
        due_at=period.due_at,
        status=status,
        estimated=False,
        confidence=rule.confidence,
        legal_basis=rule.legal_basis,
        action=rule.action,
        trigger_event=placement.id,
        trigger_on=placement.occurred_on,
        local_cutoff=period.local_cutoff,
        moscow_cutoff=period.moscow_cutoff,
        authority_timezone=ctx.default_timezone,
        steps=(rule_step(rule), trigger, *period.steps[1:], Step(f"status_{status}", {}, text)),
        next_step=next_step,
    )
    return deadline, []
