"""Append to and read client event streams.

Guarantees of `append` (tests/eventstore prove each against PostgreSQL):
- one transaction; the stream's head row is locked, so appends to one stream are serialised and appends to
  different streams never wait for each other;
- optimistic concurrency: a stale `expected_version` raises VersionConflict and writes nothing;
- idempotency: the same key returns the first event and writes nothing; a different body under a used key
  raises IdempotencyKeyReused;
- versions are gap-free 1..N per stream (UNIQUE (client, version) is the last line of defence).
Positions come from a sequence and are NOT gap-free or commit-ordered: no reader may checkpoint on them.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any
from uuid import UUID

from django.db import connection, transaction

from casework.db import insert_returning, rows_where_in, update_where
from casework.domain.events import RecordedEvent, upcast
from casework.models import Client, Event

STALE_VERSION = "The stream has changed since version {expected}; it is now at version {current}."
KEY_REUSED = "This Idempotency-Key was already used for a different request."


class VersionConflict(Exception):
    def __init__(self, *, expected: int, current: int) -> None:
        super().__init__(STALE_VERSION.format(expected=expected, current=current))
        self.expected = expected
        self.current = current


class IdempotencyKeyReused(Exception):
    def __init__(self) -> None:
        super().__init__(KEY_REUSED)


@dataclass(frozen=True)
class NewEvent:
    """What a writer asks to append. `secret` is already ciphertext (or None)."""

    type: str
    data: dict[str, Any]
    occurred_on: date
    schema_version: int = 1
    secret: bytes | None = None
    corrects: UUID | None = None
    id: UUID = field(default_factory=uuid.uuid4)


@dataclass(frozen=True)
class AppendResult:
    event: Event
    created: bool  # False when an idempotent retry returned the first event


# Builds the event to append from the stream as it stands under the lock (validation happens here).
Prepare = Callable[[Sequence[RecordedEvent]], NewEvent]
# Runs after the INSERT, in the same transaction and under the same lock, with the event and the whole
# stream including it (the read models follow it there without reading the stream again).
Then = Callable[[Event, list[RecordedEvent]], object]

STREAM_COLUMNS = (
    "id", "version", "type", "schema_version", "data", "occurred_on", "recorded_at", "recorded_by_id",
    "corrects_id", "idempotency_key", "request_fingerprint",
)  # fmt: skip


def lock_stream(client_id: UUID) -> tuple[int, datetime]:
    """Lock the stream's head row for this transaction; return its version and the database clock."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT version, clock_timestamp() FROM casework_client WHERE id = %s FOR UPDATE", [client_id]
        )
        row = cursor.fetchone()
    if row is None:
        raise Client.DoesNotExist(f"stream {client_id} does not exist")
    return row[0], row[1]


def _lock_head(client: Client) -> tuple[int, datetime]:
    """lock_stream, also refreshing what an erasure changes: one that committed meanwhile is seen."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT version, clock_timestamp(), erased_at, data_key_wrapped FROM casework_client"
            " WHERE id = %s FOR UPDATE",
            [client.id],
        )
        row = cursor.fetchone()
    if row is None:
        raise Client.DoesNotExist(f"stream {client.id} does not exist")
    client.erased_at, client.data_key_wrapped = row[2], row[3]
    return row[0], row[1]


def append(
    *,
    client: Client,
    prepare: Prepare,
    recorded_by_id: int | None,
    expected_version: int | None = None,
    idempotency_key: str | None = None,
    fingerprint: str | Callable[[], str] | None = None,
    then: Then | None = None,
) -> AppendResult:
    """`fingerprint` may be a callable: it is then called under the lock, only when a key was sent, after the
    client's erasure state and data key were refreshed (it is keyed with that data key)."""
    with transaction.atomic():
        current_version, now = _lock_head(client)
        if idempotency_key is None:
            fingerprint = None
        elif callable(fingerprint):
            fingerprint = fingerprint()
        rows = rows_where_in(Event, STREAM_COLUMNS, key="client_id", values=[client.id], order=("version",))
        if idempotency_key is not None:
            # The stream is read anyway: its keys are in it (UNIQUE (client, key) stays the last defence).
            first = next((row for row in rows if row[-2] == idempotency_key), None)
            if first is not None:
                if first[-1] != fingerprint:
                    raise IdempotencyKeyReused()
                return AppendResult(event=Event.objects.get(pk=first[0]), created=False)
        if expected_version is not None and expected_version != current_version:
            raise VersionConflict(expected=expected_version, current=current_version)

        stream = [recorded_event(*row[:-2]) for row in rows]
        new = prepare(stream)
        event = Event(
            id=new.id,
            organisation_id=client.organisation_id,
            client_id=client.id,
            version=current_version + 1,
            type=new.type,
            schema_version=new.schema_version,
            data=new.data,
            secret=new.secret,
            occurred_on=new.occurred_on,
            recorded_at=now,
            recorded_by_id=recorded_by_id,
            idempotency_key=idempotency_key,
            request_fingerprint=fingerprint,
            corrects_id=new.corrects,
        )
        insert_returning(event, "position")  # the position comes from its sequence
        update_where(Client, key="id", value=client.id, changes={"version": current_version + 1})
        client.version = current_version + 1
        if then is not None:
            # As stored: the payload goes through JSON as it does on its way to and from the database.
            data = json.loads(json.dumps(new.data))
            recorded = recorded_event(event.id, event.version, event.type, event.schema_version, data,
                                 event.occurred_on, now, recorded_by_id, new.corrects)  # fmt: skip
            then(event, [*stream, recorded])
        return AppendResult(event=event, created=True)


def recorded_event(
    id, version, type, schema_version, data, occurred_on, recorded_at, recorded_by_id, corrects_id
) -> RecordedEvent:
    """The domain's view of one stored row, in the order of STREAM_COLUMNS (without the key columns)."""
    return RecordedEvent(
        id=str(id),
        version=version,
        type=type,
        data=upcast(type, schema_version, data),
        occurred_on=occurred_on,
        recorded_at=recorded_at,
        recorded_by=str(recorded_by_id) if recorded_by_id else None,
        corrects=str(corrects_id) if corrects_id else None,
        schema_version=schema_version,
    )


def as_recorded(event: Event) -> RecordedEvent:
    """The domain's view of a stored event: upcast to the current schema, without its secret part."""
    return recorded_event(
        event.id, event.version, event.type, event.schema_version, event.data, event.occurred_on,
        event.recorded_at, event.recorded_by_id, event.corrects_id,
    )  # fmt: skip


def read_stream(client_id: UUID) -> list[RecordedEvent]:
    events = Event.objects.filter(client_id=client_id).order_by("version").defer("secret")
    return [as_recorded(event) for event in events]
