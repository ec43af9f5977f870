"""How dates and instants are written in explanations: DD.MM.YYYY, as Russian documents write them."""

from __future__ import annotations

from datetime import UTC, date, datetime

WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def format_date(day: date) -> str:
    return day.strftime("%d.%m.%Y")


def format_day(day: date) -> str:
    """``09.03.2025, Sunday`` — the weekday is what lets a reader check a roll-forward at a glance."""
    return f"{format_date(day)}, {WEEKDAY_NAMES[day.weekday()]}"


def format_instant(moment: datetime) -> str:
    """ISO 8601 in UTC with a ``Z``, the form the API uses for instants."""
    return moment.astimezone(UTC).isoformat().replace("+00:00", "Z")
