"""A synthetic history being planned: events in world order, each known to the NGO on some day, then put
in recording order and validated, payload and sequence, by the domain catalogue as event_record does it."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from random import Random
from typing import Any
from uuid import UUID
from zoneinfo import ZoneInfo

from casework.domain.catalogue import CORRECTION, EVENT_TYPES, RETRACTION
from casework.domain.events import (
    PayloadInvalid,
    RecordedEvent,
    check_sequence,
    clean_payload,
    split_sensitive,
)

MAX_EVENTS = 40
# Recording happens in office hours: 09:00 plus up to ten hours, in the organisation's zone.
OFFICE_OPENS = time(9)
OFFICE_SECONDS = 10 * 3600


@dataclass(frozen=True)
class SyntheticEvent:
    """One event as it is stored: `data` goes to Event.data, `secret` (sensitive text) is encrypted."""

    id: UUID
    version: int
    type: str
    occurred_on: date
    recorded_at: datetime
    data: dict[str, Any]
    secret: dict[str, Any]
    corrects: UUID | None = None

    @property
    def schema_version(self) -> int:
        return EVENT_TYPES[self.type].schema_version

    def recorded(self, recorded_by: str | None = None) -> RecordedEvent:
        """The domain's view, as casework.eventstore.read_stream gives it back."""
        return RecordedEvent(
            id=str(self.id), version=self.version, type=self.type, data=self.data,
            occurred_on=self.occurred_on, recorded_at=self.recorded_at, recorded_by=recorded_by,
            corrects=str(self.corrects) if self.corrects else None,
            schema_version=self.schema_version,
        )  # fmt: skip


@dataclass
class Planned:
    type: str
    occurred_on: date
    data: dict[str, Any]
    known_on: date  # the day the NGO learns of it, and records it
    order: int  # ties within a day keep the order of planning
    id: UUID = field(default_factory=uuid.uuid4)


class InvalidSyntheticEvent(Exception):
    """The generator planned an event the catalogue refuses: a bug in the generator, never data to skip."""


class Plan:
    def __init__(self, rng: Random, *, intake: date, end: date) -> None:
        self.rng, self.intake, self.end = rng, intake, end
        self.events: list[Planned] = []

    def lag(self) -> int:
        """Days between an event in the world and the NGO hearing of it."""
        roll = self.rng.random()
        return 0 if roll < 0.5 else self.rng.randint(1, 3) if roll < 0.85 else self.rng.randint(4, 14)

    def add(
        self, type: str, occurred_on: date, data: dict[str, Any] | None = None, *, own: bool = False,
        lag: int | None = None, not_before: date | None = None,
    ) -> Planned | None:  # fmt: skip
        """Plan an event; None when the NGO would not know of it yet (or the stream is full).

        `own`: the NGO's own act (an appeal, a note), recorded the day it happens; else recorded `lag` days
        later (default: drawn). `not_before`: learned no earlier than this day (e.g. the decision an appeal
        is about)."""
        data = data or {}
        if occurred_on > self.end or len(self.events) >= MAX_EVENTS:
            return None
        fields = EVENT_TYPES[type].fields
        # Nothing is recorded before the day it names: a copy received tomorrow is not known today.
        named = [
            value for name, value in data.items() if isinstance(value, date) and not fields[name].allow_future
        ]
        lag = 0 if own else self.lag() if lag is None else lag
        known_on = max(occurred_on + timedelta(days=lag), self.intake, *named)
        known_on = max(known_on, not_before or known_on)
        if known_on > self.end:
            return None
        planned = Planned(type, occurred_on, data, known_on, len(self.events))
        self.events.append(planned)
        return planned

    def finish(self, zone: ZoneInfo) -> tuple[SyntheticEvent, ...]:
        ordered = sorted(self.events, key=lambda event: (event.known_on, event.order))
        moments = self._recording_moments(ordered, zone)
        types = {event.id: event.type for event in ordered}
        stream: list[RecordedEvent] = []
        stored: list[SyntheticEvent] = []
        for version, (event, recorded_at) in enumerate(zip(ordered, moments, strict=True), start=1):
            stored.append(_validated(event, version, recorded_at, stream, types))
            stream.append(stored[-1].recorded())
        return tuple(stored)

    def _recording_moments(self, ordered: list[Planned], zone: ZoneInfo) -> list[datetime]:
        by_day: dict[date, int] = {}
        for event in ordered:
            by_day[event.known_on] = by_day.get(event.known_on, 0) + 1
        moments: list[datetime] = []
        for day, count in by_day.items():
            opening = datetime.combine(day, OFFICE_OPENS, zone)
            offsets = sorted(self.rng.sample(range(OFFICE_SECONDS), count))
            moments.extend(opening + timedelta(seconds=offset) for offset in offsets)
        return moments


def _validated(
    event: Planned, version: int, recorded_at: datetime, stream: list[RecordedEvent], types: dict[UUID, str]
) -> SyntheticEvent:
    raw = _json(event.data)
    today = event.known_on
    try:
        cleaned = clean_payload(event.type, raw, occurred_on=event.occurred_on, today=today)
        check_sequence(stream, event.type, cleaned, event.occurred_on, today=today)
    except PayloadInvalid as error:
        raise InvalidSyntheticEvent(f"v{version} {event.type}: {error}") from error
    reference = cleaned.get("corrects") if event.type == CORRECTION else cleaned.get("retracts")
    target = UUID(reference) if reference and event.type in (CORRECTION, RETRACTION) else None
    plain, secret = split_sensitive(event.type, cleaned, target_type=types.get(target) if target else None)
    return SyntheticEvent(
        event.id, version, event.type, event.occurred_on, recorded_at, plain, secret, target
    )


def _json(value: Any) -> Any:
    if isinstance(value, date | datetime):
        return value.isoformat()
    if isinstance(value, dict):
        return {key: _json(item) for key, item in value.items()}
    return value
