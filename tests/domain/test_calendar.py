from __future__ import annotations

from datetime import date, timedelta

import pytest

from casework.domain.calendar import (
    CalendarDataInvalid,
    CalendarDataMissing,
    ProductionCalendar,
    YearCalendar,
    load_official_years,
)

# LEGAL-RULES.md §4, copied by hand: the data file must agree with the spec.
NON_WORKING_WEEKDAYS = {
    2024: "01.01 02.01 03.01 04.01 05.01 08.01 23.02 08.03 29.04 30.04 01.05 09.05 10.05 12.06 04.11 30.12 31.12",
    2025: "01.01 02.01 03.01 06.01 07.01 08.01 01.05 02.05 08.05 09.05 12.06 13.06 03.11 04.11 31.12",
    2026: "01.01 02.01 05.01 06.01 07.01 08.01 09.01 23.02 09.03 01.05 11.05 12.06 04.11 31.12",
    2027: "01.01 04.01 05.01 06.01 07.01 08.01 22.02 23.02 08.03 03.05 10.05 14.06 04.11 05.11 31.12",
}
WORKING_WEEKEND_DAYS = {2024: "27.04 02.11 28.12", 2025: "01.11", 2026: "", 2027: "20.02"}
WORKING_DAYS_TOTAL = {2024: 248, 2025: 247, 2026: 247, 2027: 247}


def _days(year: int, listed: str) -> set[date]:
    return {date(year, int(day[3:5]), int(day[0:2])) for day in listed.split()}


def _all_days(year: int) -> list[date]:
    return [
        date(year, 1, 1) + timedelta(days=offset)
        for offset in range((date(year + 1, 1, 1) - date(year, 1, 1)).days)
    ]


@pytest.mark.parametrize("year", [2024, 2025, 2026, 2027])
def test_it_marks_exactly_the_listed_days_as_non_working(calendar: ProductionCalendar, year: int) -> None:
    holidays = _days(year, NON_WORKING_WEEKDAYS[year])
    working_weekend = _days(year, WORKING_WEEKEND_DAYS[year])
    for day in _all_days(year):
        expected = day in working_weekend or (day.weekday() < 5 and day not in holidays)
        assert calendar.is_working_day(day) is expected, day


@pytest.mark.parametrize(("year", "total"), WORKING_DAYS_TOTAL.items())
def test_it_has_the_official_number_of_working_days(
    calendar: ProductionCalendar, year: int, total: int
) -> None:
    assert sum(calendar.is_working_day(day) for day in _all_days(year)) == total


def test_it_treats_the_working_saturdays_as_working_days(calendar: ProductionCalendar) -> None:
    assert calendar.is_working_day(date(2025, 11, 1)) is True
    assert calendar.is_working_day(date(2024, 12, 28)) is True
    assert calendar.is_working_day(date(2025, 11, 8)) is False


def test_it_cites_a_resolution_for_every_year() -> None:
    years = load_official_years()
    assert years[2025].resolution == "Government Resolution No. 1335 of 04.10.2024"
    assert years[2026].resolution == "Government Resolution No. 1466 of 24.09.2025"
    assert years[2024].resolution == "Government Resolution No. 1314 of 10.08.2023"


def test_it_marks_only_2027_as_provisional(calendar: ProductionCalendar) -> None:
    assert [year for year in (2024, 2025, 2026, 2027) if calendar.is_provisional(year)] == [2027]


def test_it_refuses_to_guess_a_year_without_data(calendar: ProductionCalendar) -> None:
    assert calendar.has_year(2028) is False
    with pytest.raises(CalendarDataMissing, match="2028") as raised:
        calendar.is_working_day(date(2028, 1, 3))
    assert raised.value.year == 2028


def test_it_finds_the_next_working_day_across_the_new_year(calendar: ProductionCalendar) -> None:
    assert calendar.next_working_day(date(2025, 12, 31)) == date(2026, 1, 12)
    assert calendar.next_working_day(date(2025, 3, 10)) == date(2025, 3, 10)


def test_it_adds_working_days_after_the_given_day(calendar: ProductionCalendar) -> None:
    assert calendar.add_working_days(date(2025, 4, 28), 10) == date(2025, 5, 16)
    assert calendar.add_working_days(date(2025, 4, 30), 1) == date(2025, 5, 5)


def test_it_adds_regional_days_off_only_in_that_region() -> None:
    calendar = ProductionCalendar.official({"RU-TA": [date(2025, 3, 10)]})
    assert calendar.is_working_day(date(2025, 3, 10), "RU-TA") is False
    assert calendar.is_working_day(date(2025, 3, 10), "RU-BA") is True
    assert calendar.is_working_day(date(2025, 3, 10)) is True


def test_it_changes_version_when_regional_days_are_added(calendar: ProductionCalendar) -> None:
    regional = ProductionCalendar.official({"RU-TA": [date(2025, 3, 10)]})
    assert calendar.version == ProductionCalendar.official().version
    assert regional.version != calendar.version
    # "<official>-<regional>": the official part alone tells a release's calendar change.
    assert regional.official_version == calendar.official_version
    assert regional.version.startswith(f"{calendar.official_version}-")
    assert len(calendar.version) == 25


def test_it_refuses_a_holiday_on_a_weekend() -> None:
    with pytest.raises(CalendarDataInvalid):
        YearCalendar(2025, frozenset({date(2025, 3, 9)}))


def test_it_refuses_a_working_day_that_is_no_weekend() -> None:
    with pytest.raises(CalendarDataInvalid):
        YearCalendar(2025, frozenset(), frozenset({date(2025, 3, 10)}))
