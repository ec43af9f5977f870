"""When reminder steps fall due, and who receives them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from casework.domain import CalendarDataMissing, ProductionCalendar


@dataclass(frozen=True)
class PlannedStep:
    step: str  # working days before the due date, as text ("5" … "0")
    days_before: int
    send_at: datetime


def working_days_before(due_on: date, days: int, calendar: ProductionCalendar, region: str | None) -> date:
    """The day `days` working days before `due_on` (0: the due day itself)."""
    day = due_on
    try:
        for _ in range(days):
            day -= timedelta(days=1)
            while not calendar.is_working_day(day, region):
                day -= timedelta(days=1)
    except CalendarDataMissing:
        # No calendar for that year: remind early rather than late (two calendar days per working day).
        return due_on - timedelta(days=2 * days)
    return day


def planned_steps(
    due_on: date, *, steps: list[int], hour: int, zone: str, calendar: ProductionCalendar, region: str | None
) -> list[PlannedStep]:
    """Every step of the schedule, earliest first, at `hour` o'clock in the organisation's zone."""
    planned = {
        days: datetime.combine(
            working_days_before(due_on, days, calendar, region), time(hour), ZoneInfo(zone)
        )
        for days in sorted(set(steps), reverse=True)
    }
    return [PlannedStep(str(days), days, send_at) for days, send_at in planned.items()]


def latest_due_step(planned: list[PlannedStep], now: datetime) -> PlannedStep | None:
    """The most recent step whose time has come. Steps passed over before it collapse into it: a deadline
    recorded two days before its due date gets one reminder now, not three."""
    due = [step for step in planned if step.send_at <= now]
    return due[-1] if due else None
