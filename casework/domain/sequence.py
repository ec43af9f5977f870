"""Refusing what cannot be true given the stream so far. Deliberately short: caseworkers learn facts late
and out of order, so anything merely surprising becomes a derive() warning instead."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from casework.domain import messages
from casework.domain.catalogue import CORRECTION, REGISTRATION, RETRACTION
from casework.domain.payloads import clean_payload, parse_date
from casework.domain.recorded import NON_FIELD_ERRORS, PayloadInvalid, RecordedEvent
from casework.domain.timeline import resolve

DECISION_ISSUED = "decision_issued"


def check_sequence(
    stream: Sequence[RecordedEvent], type: str, data: Mapping[str, Any], occurred_on: date, *, today: date
) -> None:
    """Raise PayloadInvalid if an event of ``type`` cannot follow ``stream``; ``data`` is already cleaned."""
    if type == REGISTRATION and stream:
        raise PayloadInvalid({NON_FIELD_ERRORS: [messages.CLIENT_REGISTERED_NOT_FIRST]})
    if type in (CORRECTION, RETRACTION):
        _check_target(stream, type, data, today=today)
    if type == DECISION_ISSUED:
        _check_decision_ref_free(stream, str(data.get("decision_ref", "")), except_event=None)


def _check_target(
    stream: Sequence[RecordedEvent], type: str, data: Mapping[str, Any], *, today: date
) -> None:
    field = "corrects" if type == CORRECTION else "retracts"
    target_id = data.get(field)
    target = next((event for event in stream if event.id == target_id), None)
    if target is None:
        raise PayloadInvalid({field: [messages.TARGET_NOT_FOUND]})
    resolved = resolve(stream)
    if target.type == REGISTRATION:
        raise PayloadInvalid({field: [messages.TARGET_IS_REGISTRATION]})
    if target.type == RETRACTION:
        raise PayloadInvalid({field: [messages.TARGET_IS_RETRACTION]})
    # Retracting a correction is allowed (the previous version shows again); correcting one is not.
    if target.type == CORRECTION and type == CORRECTION:
        raise PayloadInvalid({field: [messages.TARGET_IS_CORRECTION]})
    if target.id in resolved.retracted_ids:
        raise PayloadInvalid({field: [messages.TARGET_ALREADY_RETRACTED]})
    if type == CORRECTION:
        _check_corrected_data(target, data, today=today)
        if target.type == DECISION_ISSUED:
            corrected_ref = str((data.get("data") or {}).get("decision_ref", ""))
            _check_decision_ref_free(stream, corrected_ref, except_event=target.id, field="data.decision_ref")


def _check_corrected_data(target: RecordedEvent, data: Mapping[str, Any], *, today: date) -> None:
    corrected_on = data.get("occurred_on")
    occurred_on = parse_date(corrected_on) if corrected_on else target.occurred_on
    try:
        clean_payload(target.type, data.get("data") or {}, occurred_on=occurred_on, today=today)
    except PayloadInvalid as invalid:
        raise PayloadInvalid({f"data.{name}": errors for name, errors in invalid.errors.items()}) from None


def _check_decision_ref_free(
    stream: Sequence[RecordedEvent],
    decision_ref: str,
    *,
    except_event: str | None,
    field: str = "decision_ref",
) -> None:
    for event in resolve(stream).live:
        if (
            event.type == DECISION_ISSUED
            and event.id != except_event
            and event.data.get("decision_ref") == decision_ref
        ):
            raise PayloadInvalid({field: [messages.DECISION_REF_IN_USE]})
