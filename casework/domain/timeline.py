"""Reading a stream as it stands after its corrections and retractions."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date

from casework.domain.catalogue import CORRECTION, META_TYPES, RETRACTION
from casework.domain.recorded import RecordedEvent


@dataclass(frozen=True)
class ResolvedStream:
    live: tuple[RecordedEvent, ...]  # facts that count, corrections applied, in version order
    retracted: tuple[RecordedEvent, ...]  # facts a live retraction removed, as last corrected
    retracted_ids: frozenset[str]  # every retracted event, facts and corrections alike
    corrected_by: dict[str, str]  # fact id -> id of the correction in force


def target_of(event: RecordedEvent) -> str | None:
    if event.corrects:
        return event.corrects
    key = "corrects" if event.type == CORRECTION else "retracts" if event.type == RETRACTION else None
    target = event.data.get(key) if key else None
    return str(target) if target else None


def resolve(events: Iterable[RecordedEvent]) -> ResolvedStream:
    """Apply every correction and retraction among ``events``, whatever their own dates.

    A retraction removes its target; a retracted correction no longer applies, so the previous version
    shows again. Among live corrections of one fact the latest (highest version) wins, whole.
    """
    ordered = sorted(events, key=lambda event: event.version)
    by_id = {event.id: event for event in ordered}
    retracted_ids: set[str] = set()
    # From the newest down: a retraction that is itself retracted (by a later event) retracts nothing.
    for event in reversed(ordered):
        if event.type == RETRACTION and event.id not in retracted_ids:
            target = by_id.get(target_of(event) or "")
            if target is not None and target.version < event.version:
                retracted_ids.add(target.id)

    corrections: dict[str, RecordedEvent] = {}
    for event in ordered:
        if event.type != CORRECTION or event.id in retracted_ids:
            continue
        target = by_id.get(target_of(event) or "")
        # Corrections of corrections or retractions are refused on input; ignore any that slipped in.
        if target is not None and target.type not in META_TYPES and target.version < event.version:
            corrections[target.id] = event

    live: list[RecordedEvent] = []
    retracted: list[RecordedEvent] = []
    for event in ordered:
        if event.type in META_TYPES:
            continue
        effective = apply_correction(event, corrections.get(event.id))
        (retracted if event.id in retracted_ids else live).append(effective)
    return ResolvedStream(
        tuple(live),
        tuple(retracted),
        frozenset(retracted_ids),
        {target: correction.id for target, correction in corrections.items()},
    )


def apply_correction(event: RecordedEvent, correction: RecordedEvent | None) -> RecordedEvent:
    if correction is None:
        return event
    corrected_on = correction.data.get("occurred_on")
    return replace(
        event,
        data=dict(correction.data.get("data") or {}),
        occurred_on=date.fromisoformat(corrected_on) if corrected_on else event.occurred_on,
    )
