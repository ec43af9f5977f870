"""Dates, instants and numbers the Russian way: ДД.ММ.ГГГГ with the weekday, the plural, 24:00."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, tzinfo
from zoneinfo import ZoneInfo

MOSCOW = ZoneInfo("Europe/Moscow")
WEEKDAYS = ("понедельник", "вторник", "среда", "четверг", "пятница", "суббота", "воскресенье")
# The months in the prepositional case: "в феврале 2026 г."
MONTHS_IN: tuple[str, ...] = ("январе", "феврале", "марте", "апреле", "мае", "июне")
MONTHS_IN += ("июле", "августе", "сентябре", "октябре", "ноябре", "декабре")


def wall_clock(instant: datetime, zone: tzinfo) -> tuple[date, str]:
    """The day and time ``instant`` shows on a clock in ``zone``; midnight reads as 24:00 of the day before.

    A period ends "at 24:00" of its last day (KoAP 4.8, KAS 92), so a cut-off at 00:00 of 11.03 is written
    "24:00, 10.03" — by the pages, the dashboard, the e-mails and the explanation steps alike.
    """
    local = instant.astimezone(zone)
    if (local.hour, local.minute) == (0, 0):
        return local.date() - timedelta(days=1), "24:00"
    return local.date(), local.strftime("%H:%M")


def plural(n: int, one: str, few: str, many: str) -> str:
    """The Russian plural form for ``n``: 1 день, 2 дня, 5 дней, 21 день, 11 дней."""
    if n % 10 == 1 and n % 100 != 11:
        return one
    if 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14:
        return few
    return many


def ru_date(value: str | date) -> str:
    day = value if isinstance(value, date) else date.fromisoformat(value)
    return day.strftime("%d.%m.%Y")


def ru_day(value: str | date) -> str:
    """``09.03.2025, воскресенье`` — the weekday lets the reader check a roll-forward at a glance."""
    day = value if isinstance(value, date) else date.fromisoformat(value)
    return f"{ru_date(day)}, {WEEKDAYS[day.weekday()]}"


def instant(value: str) -> datetime:
    """An ISO instant as the domain writes it in params ("2025-03-10T21:00:00Z" or with an offset)."""
    return datetime.fromisoformat(value.replace("Z", "+00:00"))


def ru_utc(value: str | datetime) -> str:
    moment = value if isinstance(value, datetime) else instant(value)
    return f"{moment.astimezone(UTC):%d.%m.%Y %H:%M} UTC"


def offset(moment: datetime) -> str:
    offset = moment.strftime("%z")
    return f"UTC{offset[:3]}:{offset[3:]}"
