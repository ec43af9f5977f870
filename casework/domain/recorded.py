"""An event as stored, and the error a refused event raises."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

NON_FIELD_ERRORS = "non_field_errors"


@dataclass(frozen=True)
class RecordedEvent:
    id: str  # UUID string
    version: int  # per-stream, 1-based
    type: str
    data: Mapping[
        str, Any
    ]  # JSON-compatible, dates as ISO strings, already upcast; sensitive fields may be None
    occurred_on: date  # when it happened in the world
    recorded_at: datetime  # when the NGO learned it (timezone-aware)
    recorded_by: str | None = None
    corrects: str | None = None  # the event this one corrects or retracts
    schema_version: int = 1


class PayloadInvalid(Exception):
    """A payload or sequence the catalogue refuses; ``errors`` maps a field name to its messages."""

    def __init__(self, errors: Mapping[str, list[str]]) -> None:
        self.errors: dict[str, list[str]] = {field: list(messages) for field, messages in errors.items()}
        super().__init__(
            "; ".join(f"{field}: {' '.join(messages)}" for field, messages in self.errors.items())
        )
