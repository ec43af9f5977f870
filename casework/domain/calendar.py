"""The Russian production calendar: which days are working days, year by year, as shipped data."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from types import MappingProxyType
from typing import Any

from casework.domain._data import content_version, load_toml

CALENDAR_FILE = "calendar.toml"
SATURDAY = 5


class CalendarDataMissing(Exception):
    """A deadline needs a year the calendar has no data for; guessing could put a deadline a day late."""

    def __init__(self, year: int) -> None:
        self.year = year
        super().__init__(f"No production calendar data for {year}: working days in {year} are unknown.")


class CalendarDataInvalid(ValueError):
    pass


@dataclass(frozen=True)
class YearCalendar:
    year: int
    non_working_weekdays: frozenset[date]
    working_weekend_days: frozenset[date] = frozenset()
    resolution: str = ""
    provisional: bool = False

    def __post_init__(self) -> None:
        for day in self.non_working_weekdays:
            if day.year != self.year or day.weekday() >= SATURDAY:
                raise CalendarDataInvalid(f"{day} is not a weekday of {self.year}")
        for day in self.working_weekend_days:
            if day.year != self.year or day.weekday() < SATURDAY:
                raise CalendarDataInvalid(f"{day} is not a Saturday or Sunday of {self.year}")

    def is_working_day(self, day: date) -> bool:
        if day in self.working_weekend_days:
            return True
        return day.weekday() < SATURDAY and day not in self.non_working_weekdays

    def working_days_total(self) -> int:
        day, total = date(self.year, 1, 1), 0
        while day.year == self.year:
            total += self.is_working_day(day)
            day += timedelta(days=1)
        return total


class ProductionCalendar:
    def __init__(
        self,
        years: Mapping[int, YearCalendar],
        regional_days_off: Mapping[str, Iterable[date]] | None = None,
    ) -> None:
        self._years = MappingProxyType(dict(years))
        self._regional_days_off = MappingProxyType(
            {region: frozenset(days) for region, days in (regional_days_off or {}).items()}
        )
        # "<official>-<regional>": regional additions are part of the version (the same events name other
        # dates in Kazan), and the official part alone tells which read models a new release made stale.
        self.official_version = content_version(
            {
                str(year): [
                    sorted(map(str, cal.non_working_weekdays)),
                    sorted(map(str, cal.working_weekend_days)),
                    cal.provisional,
                ]
                for year, cal in sorted(self._years.items())
            }
        )
        added = sorted(self._regional_days_off.items())
        regional = content_version({region: sorted(map(str, days)) for region, days in added if days})
        self.version = f"{self.official_version}-{regional}"

    @classmethod
    def official(cls, regional_days_off: Mapping[str, Iterable[date]] | None = None) -> ProductionCalendar:
        return cls(load_official_years(), regional_days_off)

    @property
    def years(self) -> Mapping[int, YearCalendar]:
        return self._years

    def has_year(self, year: int) -> bool:
        return year in self._years

    def is_provisional(self, year: int) -> bool:
        return self._year(year).provisional

    def is_working_day(self, day: date, region: str | None = None) -> bool:
        year = self._year(day.year)
        if region is not None and day in self._regional_days_off.get(region, frozenset()):
            return False
        return year.is_working_day(day)

    def next_working_day(self, day: date, region: str | None = None) -> date:
        while not self.is_working_day(day, region):
            day += timedelta(days=1)
        return day

    def add_working_days(self, day: date, n: int, region: str | None = None) -> date:
        if n < 0:
            raise ValueError("n must not be negative")
        for _ in range(n):
            day = self.next_working_day(day + timedelta(days=1), region)
        return day

    def _year(self, year: int) -> YearCalendar:
        try:
            return self._years[year]
        except KeyError:
            raise CalendarDataMissing(year) from None


def load_official_years() -> dict[int, YearCalendar]:
    raw = load_toml(CALENDAR_FILE)
    return {int(year): _year_from_toml(int(year), entry) for year, entry in raw["years"].items()}


def _year_from_toml(year: int, entry: Mapping[str, Any]) -> YearCalendar:
    calendar = YearCalendar(
        year=year,
        non_working_weekdays=frozenset(entry["non_working_weekdays"]),
        working_weekend_days=frozenset(entry.get("working_weekend_days", [])),
        resolution=entry["resolution"],
        provisional=entry.get("provisional", False),
    )
    # The official total is the lawyers' checksum: a mistyped date changes it.
    if calendar.working_days_total() != entry["working_days_total"]:
        raise CalendarDataInvalid(
            f"{year}: the listed dates give {calendar.working_days_total()} working days, "
            f"the official calendar says {entry['working_days_total']}"
        )
    return calendar
