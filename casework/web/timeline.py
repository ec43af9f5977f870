"""The client's events as the pages show them: each fact with the correction in force and its retraction,
labelled and formatted in the reader's language (the client page, the correction and retraction forms)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.utils.translation import gettext

from casework.domain.catalogue import (
    CORRECTION,
    EVENT_TYPES,
    META_TYPES,
    RETRACTION,
    WRITTEN_BY_THE_APPLICATION,
    FieldSpec,
)
from casework.domain.reference_data import COUNTRY_NAMES, REGION_NAMES
from casework.domain.timeline import resolve
from casework.models import Document, Event
from casework.services.reading import OpenedEvent
from casework.wording.labels import (
    choice_label,
    event_type_label,
)


@dataclass
class FieldLine:
    label: str
    value: str
    long_text: bool = False
    erased: bool = False


@dataclass
class TimelineEntry:
    event: Event
    label: str
    lines: list[FieldLine]
    occurred_on: date  # as corrected
    meta: bool = False
    target: Event | None = None  # what a correction or retraction refers to
    target_label: str = ""
    corrected_on: date | None = None  # for a correction: the date it gives the event, if it changes it
    correction: TimelineEntry | None = None  # the correction in force
    corrected_lines: list[FieldLine] = field(default_factory=list)
    retraction: TimelineEntry | None = None
    retracted: bool = False
    unknown_then: bool = False  # recorded after the "as known at" moment
    after_as_of: bool = False  # happened after the "as of" date
    evidence: list[Document] = field(default_factory=list)  # the case file's current documents for it

    @property
    def can_act(self) -> bool:
        return not self.meta and self.event.type not in WRITTEN_BY_THE_APPLICATION and not self.retracted


def _format_value(spec: FieldSpec, value: Any) -> str:
    if spec.kind == "choice":
        return choice_label(spec, str(value))
    if spec.kind == "bool":
        return gettext("yes") if value else gettext("no")
    if spec.kind == "date":
        try:
            return date.fromisoformat(str(value)).strftime("%d.%m.%Y")
        except ValueError:
            return str(value)
    if spec.kind == "instant":
        try:
            moment = datetime.fromisoformat(str(value))
        except ValueError:
            return str(value)
        offset = moment.strftime("%z")
        return f"{moment:%d.%m.%Y %H:%M} (UTC{offset[:3]}:{offset[3:]})"
    if spec.kind == "citizenship":
        return f"{value} — {COUNTRY_NAMES.get(value, value)}"
    if spec.kind == "region":
        return f"{value} — {REGION_NAMES.get(value, value)}"
    return str(value)


def data_lines(type_name: str, data: dict[str, Any], *, erased: bool) -> list[FieldLine]:
    """An event's data in plain words, in the catalogue's field order; sensitive fields read "erased" once
    the client's key is gone."""
    event_type = EVENT_TYPES.get(type_name)
    specs = dict(event_type.fields) if event_type else {}
    lines = []
    for name, spec in specs.items():
        if spec.kind in ("event_id", "object") or name not in data:
            continue
        value = data[name]
        if value is None:
            if spec.sensitive and erased:
                lines.append(FieldLine(gettext(spec.label), gettext("erased"), erased=True))
            continue
        if name == "occurred_on" and type_name == CORRECTION:
            continue  # shown as the corrected date
        long_text = spec.kind == "text" and (spec.max_length or 0) >= 2000
        lines.append(FieldLine(gettext(spec.label), _format_value(spec, value), long_text=long_text))
    for name, value in data.items():  # fields an older schema had, shown as they are
        if name not in specs and value is not None:
            lines.append(FieldLine(name, str(value)))
    return lines


def build_timeline(
    opened: list[OpenedEvent], *, as_of: date | None = None, known_at: datetime | None = None
) -> list[TimelineEntry]:
    """Every event (as services.reading opened it), newest first, each fact with the correction in force and
    its retraction."""
    resolved = resolve([item.recorded for item in opened])
    by_id = {str(item.event.id): item.event for item in opened}
    entries: dict[str, TimelineEntry] = {}
    for item in opened:
        event, data, erased = item.event, item.data, item.erased
        entry = TimelineEntry(
            event=event,
            label=event_type_label(event.type),
            lines=data_lines(event.type, data, erased=erased),
            occurred_on=event.occurred_on,
            meta=event.type in META_TYPES,
            target=by_id.get(str(event.corrects_id)) if event.corrects_id else None,
            retracted=str(event.id) in resolved.retracted_ids,
            unknown_then=known_at is not None and event.recorded_at > known_at,
        )
        if entry.target is not None:
            entry.target_label = event_type_label(entry.target.type)
        if event.type == CORRECTION and entry.target is not None:
            nested = data["data"] if isinstance(data.get("data"), dict) else {}
            entry.corrected_lines = data_lines(entry.target.type, nested, erased=erased)
            if data.get("occurred_on"):
                entry.corrected_on = date.fromisoformat(data["occurred_on"])
        entries[str(event.id)] = entry
    for entry in entries.values():
        target = entries.get(str(entry.event.corrects_id)) if entry.event.corrects_id else None
        if target is None:
            continue
        if entry.event.type == RETRACTION:
            target.retraction = entry
        elif entry.event.type == CORRECTION and resolved.corrected_by.get(str(target.event.id)) == str(
            entry.event.id
        ):
            target.correction = entry
    for entry in entries.values():
        if entry.correction is not None and entry.correction.corrected_on is not None:
            entry.occurred_on = entry.correction.corrected_on
        entry.after_as_of = as_of is not None and not entry.meta and entry.occurred_on > as_of
    return sorted(entries.values(), key=lambda entry: entry.event.version, reverse=True)
