"""wall_clock: the one place where midnight reads as 24:00 of the day before (pages, dashboard, e-mails, steps)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from casework.wording.dates import plural, ru_date, ru_day, wall_clock

MOSCOW = ZoneInfo("Europe/Moscow")
VLADIVOSTOK = ZoneInfo("Asia/Vladivostok")


@pytest.mark.parametrize(
    ("instant", "zone", "expected"),
    [
        (datetime(2025, 3, 10, 23, 59, tzinfo=MOSCOW), MOSCOW, (date(2025, 3, 10), "23:59")),
        (datetime(2025, 3, 11, 0, 0, tzinfo=MOSCOW), MOSCOW, (date(2025, 3, 10), "24:00")),
        (datetime(2025, 3, 11, 0, 1, tzinfo=MOSCOW), MOSCOW, (date(2025, 3, 11), "00:01")),
        (datetime(2025, 1, 1, 0, 0, tzinfo=MOSCOW), MOSCOW, (date(2024, 12, 31), "24:00")),
        # Zone conversion: Vladivostok's midnight is 17:00 in Moscow the day before, 14:00 UTC.
        (datetime(2025, 3, 11, 0, 0, tzinfo=VLADIVOSTOK), MOSCOW, (date(2025, 3, 10), "17:00")),
        (datetime(2025, 3, 11, 0, 0, tzinfo=VLADIVOSTOK), VLADIVOSTOK, (date(2025, 3, 10), "24:00")),
        (datetime(2025, 3, 10, 21, 0, tzinfo=UTC), MOSCOW, (date(2025, 3, 10), "24:00")),
        (datetime(2025, 3, 10, 21, 0, tzinfo=UTC), UTC, (date(2025, 3, 10), "21:00")),
        # A fixed offset (an ISO string read back) works like the zone it came from.
        (
            datetime(2025, 3, 11, 0, 0, tzinfo=timezone(timedelta(hours=10))),
            VLADIVOSTOK,
            (date(2025, 3, 10), "24:00"),
        ),
    ],
)
def test_it_reads_midnight_as_24_00_of_the_day_before(instant, zone, expected):
    assert wall_clock(instant, zone) == expected


@pytest.mark.parametrize(
    ("n", "word"),
    [(1, "день"), (2, "дня"), (4, "дня"), (5, "дней"), (11, "дней"), (12, "дней"), (21, "день"), (22, "дня")],
)
def test_it_picks_the_russian_plural(n, word):
    assert plural(n, "день", "дня", "дней") == word


def test_it_writes_days_the_russian_way():
    assert ru_date("2025-03-09") == "09.03.2025"
    assert ru_day(date(2025, 3, 9)) == "09.03.2025, воскресенье"
