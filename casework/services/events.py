from __future__ import annotations

import json
import uuid
from collections.abc import Callable, Mapping, Sequence
from datetime import date
from typing import Any
from uuid import UUID

from casework import access, crypto, eventstore, projections
from casework.clock import organisation_today
from casework.domain.catalogue import DOCUMENT_GENERATED
from casework.domain.events import (
    EVENT_TYPES,
    PayloadInvalid,
    RecordedEvent,
    check_sequence,
    clean_payload,
    split_sensitive,
)
from casework.eventstore import AppendResult, NewEvent
from casework.models import CASE_ROLES, Client, Membership
from casework.personal import data_key_of, seal_event_secret

CREATED_BY_REGISTRATION = (
    "client_registered is written when the client is created, not through this endpoint."
)
CLIENT_ERASED = "This client's personal data was erased; no new events can be recorded."
WRITTEN_BY_DRAFTS = "document_generated is written when a draft is generated, not through this endpoint."
REFERENCE_FIELDS = ("corrects", "retracts")
UNKNOWN_ASSIGNEE = "No caseworker, supervisor or admin of this organisation has that username."


def request_fingerprint(client: Client, *, type: str, occurred_on: date | None, data: dict[str, Any]) -> str:
    """Keyed hash of what the caller sent, to tell a retry from a different request under the same key.

    Keyed with the client's data key (crypto.request_fingerprint): it dies with the erasure. An erased client
    has no key, so a retry is refused like any new event of it."""
    data_key = data_key_of(client)
    if data_key is None:
        raise PayloadInvalid({"non_field_errors": [CLIENT_ERASED]})
    canonical = json.dumps(
        {"type": type, "occurred_on": occurred_on.isoformat() if occurred_on else None, "data": data},
        sort_keys=True,
        default=str,
        ensure_ascii=False,
    )
    return crypto.request_fingerprint(data_key, canonical.encode())


def _check_assignee(client: Client, username: str) -> None:
    assignable = Membership.objects.filter(
        organisation_id=client.organisation_id,
        user__username=username,
        user__is_active=True,
        role__in=CASE_ROLES,
    )
    if not assignable.exists():
        raise PayloadInvalid({"user": [UNKNOWN_ASSIGNEE]})


def _target_type(stream: Sequence[RecordedEvent], event_id: str | None) -> str | None:
    return next((event.type for event in stream if event.id == event_id), None)


def event_record(
    *,
    actor: access.Actor,
    client: Client,
    type: str,
    data: dict[str, Any],
    occurred_on: date,
    expected_version: int | None = None,
    idempotency_key: str | None = None,
) -> AppendResult:
    """Validate and append one event, then bring the client's read models up to date, in one transaction."""
    access.require_case_access(actor, client.organisation_id)
    return _record(
        client=client, type=type, data=data, occurred_on=occurred_on, recorded_by_id=actor.pk,
        may_assign=lambda: access.require_assigning_role(actor, client.organisation_id),
        expected_version=expected_version, idempotency_key=idempotency_key,
    )  # fmt: skip


def event_record_imported(
    *, client: Client, recorded_by: access.Actor | None, type: str, data: dict[str, Any], occurred_on: date,
    idempotency_key: str,
) -> AppendResult:  # fmt: skip
    """event_record without the role checks, for casework/services/imports.py, which checked that the
    importer is a supervisor or an admin (or is the operator's command: `recorded_by` None)."""
    return _record(
        client=client, type=type, data=data, occurred_on=occurred_on,
        recorded_by_id=recorded_by.pk if recorded_by is not None else None, may_assign=lambda: None,
        expected_version=None, idempotency_key=idempotency_key,
    )  # fmt: skip


def _record(
    *, client: Client, type: str, data: dict[str, Any], occurred_on: date, recorded_by_id: int | None,
    may_assign: Callable[[], object], expected_version: int | None, idempotency_key: str | None,
) -> AppendResult:  # fmt: skip
    if type == "client_registered":
        raise PayloadInvalid({"type": [CREATED_BY_REGISTRATION]})
    if type == DOCUMENT_GENERATED:
        raise PayloadInvalid({"type": [WRITTEN_BY_DRAFTS]})
    today = organisation_today(client.organisation)

    def prepare(stream: Sequence[RecordedEvent]) -> NewEvent:
        # Under the stream lock now: append refreshed erased_at and the data key with the lock, so an
        # erasure that committed meanwhile is seen here.
        if client.erased:
            raise PayloadInvalid({"non_field_errors": [CLIENT_ERASED]})
        cleaned = clean_payload(type, data, occurred_on=occurred_on, today=today)
        reference = next((cleaned[name] for name in REFERENCE_FIELDS if cleaned.get(name)), None)
        target_type = _target_type(stream, reference)
        if "caseworker_assigned" in (type, target_type):
            # Reassigning moves every deadline's reminders: a supervisor's decision, and so is undoing one.
            may_assign()
        if type == "caseworker_assigned":
            _check_assignee(client, cleaned["user"])
        check_sequence(stream, type, cleaned, occurred_on, today=today)
        if type == "event_corrected" and target_type == "caseworker_assigned":
            _check_assignee(client, cleaned["data"]["user"])  # a correction must not assign a stranger
        plain, secret = split_sensitive(type, cleaned, target_type=target_type)
        data_key = data_key_of(client)
        assert data_key is not None  # erased clients were refused above
        event_id = uuid.uuid4()  # known before the INSERT: the ciphertext is bound to it
        return NewEvent(
            id=event_id,
            type=type,
            data=plain,
            occurred_on=occurred_on,
            schema_version=EVENT_TYPES[type].schema_version,
            corrects=UUID(reference) if reference else None,
            secret=seal_event_secret(client, data_key, event_id, secret),
        )

    # One transaction (append's): the read models follow the new event under the same stream lock.
    return eventstore.append(
        client=client,
        prepare=prepare,
        recorded_by_id=recorded_by_id,
        expected_version=expected_version,
        idempotency_key=idempotency_key,
        # Computed under the stream lock, with the data key as it stands then (an erasure may have committed).
        fingerprint=lambda: request_fingerprint(client, type=type, occurred_on=occurred_on, data=data),
        then=lambda _event, stream: projections.apply(client, events=stream),
    )


def imported_event_key(
    client: Client, event_type: str, occurred_on: date | None, data: Mapping[str, Any]
) -> str:
    """The same fact of the same client gives the same key, whichever file, row or run brings it. Keyed
    with the client's data key (as request fingerprints are): the data may hold a note's text in clear, and
    the key must not confirm a guessed one offline, nor outlive an erasure. `occurred_on` None: a fact the
    sheet does not date (dated the import day), whose key leaves the date out, so that another day's run of
    the file finds it again (casework/services/imports.py)."""
    data_key = data_key_of(client)
    if data_key is None:  # erased since the file was matched
        raise PayloadInvalid({"non_field_errors": [CLIENT_ERASED]})
    dated = occurred_on.isoformat() if occurred_on is not None else None
    canonical = json.dumps(
        {"type": event_type, "occurred_on": dated, "data": data},
        sort_keys=True,
        ensure_ascii=False,
        default=str,
    )
    return "import:" + crypto.request_fingerprint(data_key, b"import:" + canonical.encode())
