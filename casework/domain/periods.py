"""Counting a procedural period from a trigger date (LEGAL-RULES.md §2), with every step explained."""

from __future__ import annotations

import calendar as month_calendar
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from casework.domain.calendar import ProductionCalendar
from casework.domain.formatting import format_date, format_day, format_instant

MOSCOW = "Europe/Moscow"
KOAP_DAYS = "koap_days"
KAS_DAYS = "kas_days"
KAS_MONTHS = "kas_months"
CALENDAR_DAYS = "calendar_days"
UNITS = (KOAP_DAYS, KAS_DAYS, KAS_MONTHS, CALENDAR_DAYS)


@dataclass(frozen=True)
class Step:
    """One line of an explanation: a key and parameters for translation, and the English rendering."""

    key: str
    params: Mapping[str, str]
    text: str


@dataclass(frozen=True)
class PeriodResult:
    due_on: date
    due_at: datetime  # UTC: the earlier of 24:00 local and 24:00 Moscow on due_on
    local_cutoff: datetime  # 24:00 on due_on in the authority's zone
    moscow_cutoff: datetime  # 24:00 on due_on in Moscow
    steps: tuple[Step, ...]
    calendar_years: tuple[int, ...] = field(default=())  # production-calendar years the count relied on


def count_period(
    unit: str,
    amount: int,
    trigger: date,
    *,
    calendar: ProductionCalendar,
    authority_timezone: str = MOSCOW,
    region: str | None = None,
) -> PeriodResult:
    """Count ``amount`` ``unit`` from ``trigger``; raises CalendarDataMissing rather than guess a year."""
    if unit not in _COUNTERS:
        raise ValueError(f"Unknown counting unit {unit!r}; expected one of {', '.join(UNITS)}")
    if amount < 0:
        raise ValueError("amount must not be negative")
    counting = _Counting(calendar, region)
    steps = [Step("trigger", {"trigger_on": trigger.isoformat()}, f"Trigger: {format_day(trigger)}")]
    due_on = _COUNTERS[unit](counting, amount, trigger, steps)
    due_at, local_cutoff, moscow_cutoff = cutoffs(due_on, authority_timezone)
    steps.append(
        Step(
            "due_on",
            {"due_on": due_on.isoformat()},
            f"Last day of the period: {format_day(due_on)}; the filing must be made by 24:00",
        )
    )
    steps.append(cutoff_step(local_cutoff, moscow_cutoff, due_at, authority_timezone))
    return PeriodResult(
        due_on, due_at, local_cutoff, moscow_cutoff, tuple(steps), tuple(sorted(counting.years))
    )


def cutoffs(due_on: date, authority_timezone: str) -> tuple[datetime, datetime, datetime]:
    """24:00 of ``due_on`` in the authority's zone and in Moscow, and the earlier of the two in UTC."""
    midnight_after = datetime.combine(due_on + timedelta(days=1), time(0))
    local_cutoff = midnight_after.replace(tzinfo=ZoneInfo(authority_timezone))
    moscow_cutoff = midnight_after.replace(tzinfo=ZoneInfo(MOSCOW))
    # Reminders use the earlier one: an appeal sent to Vladivostok must arrive by Vladivostok's midnight.
    due_at = min(local_cutoff, moscow_cutoff).astimezone(UTC)
    return due_at, local_cutoff, moscow_cutoff


def cutoff_step(local_cutoff: datetime, moscow_cutoff: datetime, due_at: datetime, zone: str) -> Step:
    last_day = format_date(local_cutoff.date() - timedelta(days=1))
    params = {
        "timezone": zone,
        "local_cutoff": local_cutoff.isoformat(),
        "moscow_cutoff": moscow_cutoff.isoformat(),
        "due_at": format_instant(due_at),
    }
    if local_cutoff == moscow_cutoff:
        text = f"Cut-off: 24:00 on {last_day} Moscow time ({zone}) = {format_instant(due_at)}"
    else:
        local_in_moscow = local_cutoff.astimezone(ZoneInfo(MOSCOW)).strftime("%d.%m.%Y %H:%M")
        text = (
            f"Cut-off: 24:00 on {last_day} local time ({zone}) = {local_in_moscow} Moscow time "
            f"= {format_instant(local_cutoff)}; 24:00 Moscow time = {format_instant(moscow_cutoff)}; "
            f"the earlier applies: {format_instant(due_at)}"
        )
    return Step("cutoff", params, text)


class _Counting:
    """Asks the calendar and remembers which years it needed (to flag provisional data)."""

    def __init__(self, calendar: ProductionCalendar, region: str | None) -> None:
        self.calendar = calendar
        self.region = region
        self.years: set[int] = set()

    def is_working_day(self, day: date) -> bool:
        self.years.add(day.year)
        return self.calendar.is_working_day(day, self.region)

    def next_working_day(self, day: date) -> date:
        while not self.is_working_day(day):
            day += timedelta(days=1)
        return day


def _start_step(trigger: date) -> Step:
    start = trigger + timedelta(days=1)
    return Step(
        "period_start",
        {"start_on": start.isoformat()},
        f"The period starts the day after the trigger: {format_day(start)}",
    )


def _roll_forward(
    counting: _Counting, day: date, label: str, params: dict[str, str], steps: list[Step]
) -> date:
    """Shared ending of koap_days and kas_months: a non-working last day moves to the next working day."""
    if counting.is_working_day(day):
        steps.append(Step("last_day_working", params, f"{label} = {format_day(day)}, a working day"))
        return day
    next_working = counting.next_working_day(day)
    steps.append(
        Step(
            "last_day_rolled_forward",
            {**params, "next_working_day": next_working.isoformat()},
            f"{label} = {format_day(day)}, a non-working day → next working day {format_day(next_working)}",
        )
    )
    return next_working


def _koap_days(counting: _Counting, amount: int, trigger: date, steps: list[Step]) -> date:
    # KoAP 4.8: non-working days inside the period count; only the last day rolls forward.
    steps.append(_start_step(trigger))
    day_n = trigger + timedelta(days=amount)
    params = {"n": str(amount), "day": day_n.isoformat(), "unit": KOAP_DAYS}
    return _roll_forward(counting, day_n, f"Day {amount}", params, steps)


def _kas_days(counting: _Counting, amount: int, trigger: date, steps: list[Step]) -> date:
    # KAS 92 ч.2: periods in days count working days only.
    steps.append(_start_step(trigger))
    day, counted, skipped = trigger, 0, 0
    while counted < amount:
        day += timedelta(days=1)
        if counting.is_working_day(day):
            counted += 1
        else:
            skipped += 1
    steps.append(
        Step(
            "nth_working_day",
            {"n": str(amount), "day": day.isoformat(), "skipped": str(skipped)},
            f"Non-working days are not counted ({skipped} skipped): working day {amount} = {format_day(day)}",
        )
    )
    return day


def _kas_months(counting: _Counting, amount: int, trigger: date, steps: list[Step]) -> date:
    # KAS 93: same day-of-month N months later; a month without that day ends on its last day.
    month_index = trigger.month - 1 + amount
    year, month = trigger.year + month_index // 12, month_index % 12 + 1
    last_day_of_month = month_calendar.monthrange(year, month)[1]
    label = f"{amount} month(s) after {format_date(trigger)}"
    if trigger.day > last_day_of_month:
        nominal = date(year, month, last_day_of_month)
        steps.append(
            Step(
                "month_has_no_such_day",
                {"day_of_month": str(trigger.day), "month_end": nominal.isoformat()},
                f"{label}: {month:02d}.{year} has no day {trigger.day} → last day of the month",
            )
        )
    else:
        nominal = date(year, month, trigger.day)
    params = {"n": str(amount), "day": nominal.isoformat(), "unit": KAS_MONTHS, "after": trigger.isoformat()}
    return _roll_forward(counting, nominal, label, params, steps)


def _calendar_days(counting: _Counting, amount: int, trigger: date, steps: list[Step]) -> date:
    day_n = trigger + timedelta(days=amount)
    steps.append(
        Step(
            "calendar_day",
            {"n": str(amount), "day": day_n.isoformat()},
            f"Day {amount} in calendar days (no roll-forward) = {format_day(day_n)}",
        )
    )
    return day_n


_COUNTERS: Mapping[str, Callable[[_Counting, int, date, list[Step]], date]] = {
    KOAP_DAYS: _koap_days,
    KAS_DAYS: _kas_days,
    KAS_MONTHS: _kas_months,
    CALENDAR_DAYS: _calendar_days,
}
