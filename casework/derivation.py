"""Deriving one client's state from its stream, with everything derive() needs besides the events.

`derive_client` is the one way the application derives a client: the rule book in force, the official
production calendar plus the organisation's regional days off for the regions where the client's deciding
authorities sit, today in the organisation's zone, and "now" no earlier than the last event recorded. The
projections store what it returns; the status endpoint and the dashboard call it live; the reminder scan
shares a `Context` so that a batch builds each calendar once.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import lru_cache

from django.utils import timezone

from casework import eventstore
from casework.clock import organisation_today
from casework.db import rows_where_in
from casework.domain import CaseState, ProductionCalendar, RuleBook, derive
from casework.domain.calendar import load_official_years
from casework.domain.events import RecordedEvent
from casework.models import Client, RegionalDayOff


@lru_cache(maxsize=1)
def official_rules() -> RuleBook:
    return RuleBook.official()


@lru_cache(maxsize=1)
def _official_years():
    return load_official_years()


def regional_calendar(organisation_id: int, regions: str | tuple[str, ...] | None) -> ProductionCalendar:
    """The official calendar plus the days off the organisation's admins added for these regions.

    Deadlines take them from the regions where the deciding authorities sit (`authority_region`), never from
    the client's; reminders from the client's region. Only those regions' days go in, so the calendar
    version recorded with a client changes only when a day that can affect the client does."""
    wanted = _regions(regions)
    if not wanted:
        return ProductionCalendar(_official_years(), {})
    rows = rows_where_in(
        RegionalDayOff, ["day", "region"], key="organisation_id", values=[organisation_id]
    )  # an organisation's days off are few: its regions filtered here, by a statement built once
    days: dict[str, list[date]] = {}
    for day, region in rows:
        if region in wanted:
            days.setdefault(region, []).append(day)
    return ProductionCalendar(_official_years(), days)


def _regions(regions: str | tuple[str, ...] | None) -> tuple[str, ...]:
    if not regions:
        return ()
    return (regions,) if isinstance(regions, str) else tuple(sorted(set(regions)))


@dataclass
class Context:
    """What derivations need besides the events; built once per batch (rebuild) or per append."""

    rules: RuleBook = field(default_factory=lambda: official_rules())  # looked up when called
    now: datetime = field(default_factory=timezone.now)
    calendars: dict[tuple[int, tuple[str, ...]], ProductionCalendar] = field(default_factory=dict)
    # Every organisation's regional days off, when read at once for a rebuild (preload_days_off).
    days_off: dict[tuple[int, str], list[date]] | None = None

    def preload_days_off(self) -> None:
        """Read every regional day off in one query, for a derivation of many clients of many regions."""
        self.days_off = {}
        for organisation_id, region, day in RegionalDayOff.objects.values_list(
            "organisation_id", "region", "day"
        ):
            self.days_off.setdefault((organisation_id, region), []).append(day)

    def calendar(self, organisation_id: int, regions: str | tuple[str, ...] | None) -> ProductionCalendar:
        key = (organisation_id, _regions(regions))
        if key not in self.calendars:
            if self.days_off is None or not key[1]:
                self.calendars[key] = regional_calendar(organisation_id, key[1])
            else:
                found = {region: self.days_off.get((organisation_id, region)) for region in key[1]}
                days = {region: listed for region, listed in found.items() if listed}
                self.calendars[key] = ProductionCalendar(_official_years(), days)
        return self.calendars[key]


def authority_regions(events: list[RecordedEvent]) -> tuple[str, ...]:
    """The regions where the client's deciding authorities sit (decision_issued.authority_region, as recorded
    or corrected): their regional days off are named beside the deadlines."""
    found: set[str] = set()
    for event in events:
        data = event.data.get("data") if event.type == "event_corrected" else event.data
        region = data.get("authority_region") if isinstance(data, Mapping) else None
        if isinstance(region, str) and region:
            found.add(region)
    return tuple(sorted(found))


def derive_client(
    client: Client, *, events: list[RecordedEvent] | None = None, as_of: date | None = None,
    known_at: datetime | None = None, context: Context | None = None,
) -> CaseState:  # fmt: skip
    context = context or Context()
    events = events if events is not None else eventstore.read_stream(client.id)
    if known_at is None:
        # "Now" means everything recorded so far. recorded_at comes from the database's clock, which may run
        # ahead of this process's: an event already in the stream must never be hidden as "not yet known".
        known_at = max([context.now, *(event.recorded_at for event in events)])
    return derive(
        events,
        as_of=as_of or organisation_today(client.organisation),
        known_at=known_at,
        calendar=context.calendar(client.organisation_id, authority_regions(events)),
        rules=context.rules,
        default_timezone=client.organisation.timezone,
    )
