"""Which column goes where: a mapping `{"<column header>": "<target>"}` (API.md "Import").

A target is a client field of `POST /api/clients/` (full_name, date_of_birth, document_number, phone,
citizenship, sex, region) or an event's field, `<event type>.<field>` or `<event type>.occurred_on`
("Дата включения" → "register_inclusion.occurred_on"). Without a saved mapping, the headers of the
downloadable template (TEMPLATE_COLUMNS, in Russian) are recognised, whatever their case or spacing.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from casework.domain.catalogue import EVENT_TYPES, META_TYPES, REGISTRATION, FieldSpec

CLIENT_FIELDS = ("full_name", "date_of_birth", "document_number", "phone", "citizenship", "sex", "region")
REQUIRED_CLIENT_FIELDS = ("full_name", "date_of_birth", "citizenship", "sex", "region")
OCCURRED_ON = "occurred_on"
# Events an import may create: the client's own facts, never the registration (the import writes it) nor a
# correction or retraction of something that is not there yet.
IMPORTABLE_TYPES = tuple(name for name in EVENT_TYPES if name not in META_TYPES and name != REGISTRATION)

# The template spreadsheet's columns (the download, and what is recognised without a mapping).
TEMPLATE_COLUMNS: dict[str, str] = {
    "ФИО": "full_name",
    "Дата рождения": "date_of_birth",
    "Номер документа": "document_number",
    "Телефон": "phone",
    "Гражданство": "citizenship",
    "Пол": "sex",
    "Регион": "region",
    "Дата включения в реестр": "register_inclusion.occurred_on",
    "Основание включения": "register_inclusion.ground",
    "Дата размещения на сайте МВД": "register_inclusion.posted_on",
    "Дата блокировки счёта": "bank_account_frozen.occurred_on",
    "Вид решения": "decision_issued.kind",
    "Номер решения": "decision_issued.decision_ref",
    "Дата решения": "decision_issued.occurred_on",
    "Дата получения копии решения": "decision_issued.copy_received_on",
    "Дата подачи жалобы": "appeal_filed.occurred_on",
    "Жалоба подана в": "appeal_filed.forum",
    "Дата помещения в СУВСИГ": "detained.occurred_on",
    "Основание помещения": "detained.basis",
    "Куратор": "caseworker_assigned.user",
    "Заметка": "note_added.text",
}

UNKNOWN_TARGET = "«%(target)s» is not a field casework knows."
TARGET_TWICE = "Two columns are mapped to %(target)s."
UNKNOWN_COLUMN = "The file has no column «%(column)s»."


class MappingInvalid(ValueError):
    def __init__(self, errors: list[str]) -> None:
        super().__init__("; ".join(errors))
        self.errors = errors


@dataclass(frozen=True)
class Target:
    """Where one column's cells go: a client field, or (event type, field) with field OCCURRED_ON or a
    field of the catalogue."""

    client_field: str | None = None
    event_type: str | None = None
    field: str | None = None

    @property
    def spec(self) -> FieldSpec | None:
        if self.event_type is None or self.field in (None, OCCURRED_ON):
            return None
        return EVENT_TYPES[self.event_type].fields[str(self.field)]

    def __str__(self) -> str:
        return self.client_field or f"{self.event_type}.{self.field}"


def parse_target(text: str) -> Target:
    text = text.strip()
    if text in CLIENT_FIELDS:
        return Target(client_field=text)
    event_type, _, field = text.partition(".")
    if event_type in IMPORTABLE_TYPES and (field == OCCURRED_ON or field in EVENT_TYPES[event_type].fields):
        return Target(event_type=event_type, field=field)
    raise MappingInvalid([UNKNOWN_TARGET % {"target": text}])


def _key(header: str) -> str:
    return " ".join(header.replace("ё", "е").lower().split())


def recognised(headers: Iterable[str]) -> dict[str, str]:
    """The template's columns among `headers` (by name, whatever the case and spacing)."""
    template = {_key(name): target for name, target in TEMPLATE_COLUMNS.items()}
    return {header: template[_key(header)] for header in headers if _key(header) in template}


def resolve(headers: Iterable[str], mapping: Mapping[str, str] | None = None) -> dict[str, Target]:
    """{column: Target} for the file's columns; a column mapped to nothing is not read. Every problem of the
    mapping at once (MappingInvalid), never the first only."""
    headers = list(headers)
    chosen = dict(mapping) if mapping is not None else recognised(headers)
    errors: list[str] = []
    targets: dict[str, Target] = {}
    for column, text in chosen.items():
        if column not in headers:
            errors.append(UNKNOWN_COLUMN % {"column": column})
            continue
        if not text:
            continue
        try:
            targets[column] = parse_target(text)
        except MappingInvalid as error:
            errors.extend(error.errors)
    seen: dict[str, str] = {}
    for column, target in targets.items():
        if str(target) in seen:
            errors.append(TARGET_TWICE % {"target": target})
        seen[str(target)] = column
    if errors:
        raise MappingInvalid(errors)
    return targets
