"""The shipped calendar against the `holidays` package (test-only dependency), day by day."""

from __future__ import annotations

from datetime import date, timedelta

import holidays
import pytest

from casework.domain.calendar import ProductionCalendar


@pytest.mark.parametrize("year", [2025, 2026])
def test_it_agrees_with_the_holidays_package_every_day(calendar: ProductionCalendar, year: int) -> None:
    reference = holidays.country_holidays("RU", years=year)
    day, disagreements = date(year, 1, 1), []
    while day.year == year:
        if calendar.is_working_day(day) != reference.is_working_day(day):
            disagreements.append(day)
        day += timedelta(days=1)
    assert disagreements == []
