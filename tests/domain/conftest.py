from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

import pytest

from casework.domain.calendar import ProductionCalendar
from casework.domain.recorded import RecordedEvent
from casework.domain.rules import RuleBook

OFFICIAL_CALENDAR = ProductionCalendar.official()
OFFICIAL_RULES = RuleBook.official()


@pytest.fixture
def calendar() -> ProductionCalendar:
    return OFFICIAL_CALENDAR


@pytest.fixture
def rules() -> RuleBook:
    return OFFICIAL_RULES


def event_id(version: int) -> str:
    return str(uuid.UUID(int=version))


class Stream:
    """Builds a client's stream the way the event store would: versions 1, 2, 3..."""

    def __init__(self, *, registered_on: date | None = date(2025, 1, 10)) -> None:
        self.events: list[RecordedEvent] = []
        if registered_on is not None:
            self.add(
                "client_registered",
                registered_on,
                citizenship="TJK",
                sex="M",
                birth_year=1990,
                region="RU-MOW",
            )

    def add(
        self,
        type: str,
        occurred_on: date,
        /,
        *,
        recorded_at: datetime | None = None,
        corrects: str | None = None,
        **data: Any,
    ) -> RecordedEvent:
        version = len(self.events) + 1
        if recorded_at is None:
            # Recorded the day it happened, one second per version so the order is strict.
            recorded_at = datetime.combine(occurred_on, time(12), tzinfo=UTC) + timedelta(seconds=version)
        target = corrects or data.get("corrects") or data.get("retracts")
        event = RecordedEvent(
            id=event_id(version),
            version=version,
            type=type,
            data=data,
            occurred_on=occurred_on,
            recorded_at=recorded_at,
            recorded_by="alice",
            corrects=target,
        )
        self.events.append(event)
        return event


KNOWN_NOW = datetime(2030, 1, 1, tzinfo=UTC)


def status_of(stream: Stream, as_of: date, *, known_at: datetime = KNOWN_NOW, calendar=None, rules=None):  # type: ignore[no-untyped-def]
    from casework.domain.derive import derive

    return derive(
        stream.events,
        as_of=as_of,
        known_at=known_at,
        calendar=calendar or OFFICIAL_CALENDAR,
        rules=rules or OFFICIAL_RULES,
    )


def deadline(state, key: str):  # type: ignore[no-untyped-def]
    matches = [item for item in state.deadlines if item.key == key]
    assert len(matches) == 1, [item.key for item in state.deadlines]
    return matches[0]


def warning_codes(state) -> list[str]:  # type: ignore[no-untyped-def]
    return [warning.code for warning in state.warnings]
