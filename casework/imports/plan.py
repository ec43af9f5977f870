"""One spreadsheet row as what the import would write — the client, its events — and what derive() makes of
them, without writing anything: the preview a caseworker confirms.

Each row is checked as the API would check it (the catalogue's clean_payload and check_sequence, on a stream
built in memory that starts with the registration the import would write), so what the preview accepts the
confirm can write. Every problem of the row is reported with its column, in words; a row with any problem
is left out whole (a client without the decision that makes their case urgent would be worse than none).
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from casework.domain import CaseState, ProductionCalendar, RuleBook, derive
from casework.domain.catalogue import REGISTRATION
from casework.domain.payloads import clean_payload
from casework.domain.recorded import PayloadInvalid, RecordedEvent
from casework.domain.sequence import check_sequence
from casework.imports.mapping import OCCURRED_ON, REQUIRED_CLIENT_FIELDS, Target
from casework.imports.sheets import Cell, Sheet
from casework.imports.values import CellInvalid, parse_citizenship, parse_date, parse_field, parse_region

# The order of a row's events on one day: the listing before the decision, the decision before its appeal.
EVENT_ORDER = (
    "register_inclusion",
    "bank_account_frozen",
    "decision_issued",
    "decision_served",
    "appeal_filed",
    "appeal_decided",
    "detained",
    "caseworker_assigned",
    "note_added",
)
# Facts a sheet seldom dates: without a date column they are recorded as of the import day.
DATED_BY_THE_IMPORT = frozenset({"note_added", "caseworker_assigned"})
SEXES = {"м": "M", "муж": "M", "мужской": "M", "m": "M", "male": "M", "ж": "F", "жен": "F", "женский": "F",
         "f": "F", "female": "F"}  # fmt: skip

MISSING = "Required: the client's %(field)s."
EVENT_WITHOUT_DATE = "%(event)s has details but no date (map the column with its date)."
UNKNOWN_SEX = "«%(value)s» is not a sex casework records (м / ж)."
DATE_OF_BIRTH_IN_FUTURE = "The date of birth is in the future."


@dataclass(frozen=True)
class CellError:
    row: int  # the spreadsheet's own row number
    column: str  # the column's header, or "" for the row as a whole
    message: str
    suggestion: str | None = None


@dataclass(frozen=True)
class PlannedEvent:
    type: str
    occurred_on: date
    data: dict[str, Any]  # as clean_payload normalised it


@dataclass
class RowPlan:
    row: int
    client: dict[str, Any] = field(default_factory=dict)  # CLIENT_FIELDS, parsed (personal ones included)
    events: list[PlannedEvent] = field(default_factory=list)
    errors: list[CellError] = field(default_factory=list)
    state: CaseState | None = None  # what derive() gives the planned stream, today

    @property
    def accepted(self) -> bool:
        return not self.errors


def _client_value(name: str, value: Cell) -> Any:
    if name == "date_of_birth":
        return parse_date(value)
    if name == "citizenship":
        return parse_citizenship(value)
    if name == "region":
        return parse_region(value)
    if name == "sex":
        sex = SEXES.get(str(value).strip().lower().rstrip("."))
        if sex is None and str(value).strip().upper() in ("M", "F", "X"):
            sex = str(value).strip().upper()
        if sex is None:
            raise CellInvalid(UNKNOWN_SEX % {"value": value})
        return sex
    return str(value).strip()


def plan_row(
    row: int, cells: Mapping[str, Cell], targets: Mapping[str, Target], *, today: date, known_at: datetime,
    calendar: ProductionCalendar, rules: RuleBook, default_timezone: str,
) -> RowPlan:  # fmt: skip
    plan = RowPlan(row=row)
    columns_of: dict[str, str] = {}
    event_fields: dict[str, dict[str, Any]] = {}
    event_dates: dict[str, date] = {}
    for column, target in targets.items():
        value = cells.get(column)
        if value is None or (isinstance(value, str) and not value.strip()):
            continue
        try:
            if target.client_field is not None:
                plan.client[target.client_field] = _client_value(target.client_field, value)
                continue
            assert target.event_type is not None and target.field is not None
            columns_of.setdefault(target.event_type, column)
            if target.field == OCCURRED_ON:
                event_dates[target.event_type] = parse_date(value)
            else:
                parsed = parse_field(target.spec, value) if target.spec is not None else value
                event_fields.setdefault(target.event_type, {})[target.field] = (
                    parsed.isoformat() if isinstance(parsed, date) else parsed
                )
        except CellInvalid as error:
            plan.errors.append(CellError(row, column, str(error), getattr(error, "suggestion", None)))
    for name in REQUIRED_CLIENT_FIELDS:
        refused = any(error.column and targets[error.column].client_field == name for error in plan.errors)
        if name not in plan.client and not refused:
            plan.errors.append(CellError(row, "", MISSING % {"field": name}))
    if "date_of_birth" in plan.client and plan.client["date_of_birth"] > today:
        plan.errors.append(CellError(row, "", DATE_OF_BIRTH_IN_FUTURE))
    for event_type in DATED_BY_THE_IMPORT & (event_fields.keys() - event_dates.keys()):
        event_dates[event_type] = today
    for event_type in event_fields.keys() - event_dates.keys():
        plan.errors.append(CellError(row, columns_of[event_type], EVENT_WITHOUT_DATE % {"event": event_type}))
    if plan.errors:
        return plan
    _plan_events(plan, event_dates, event_fields, columns_of, today=today, known_at=known_at)
    if not plan.errors:
        plan.state = derive(
            _stream(plan, known_at), as_of=today, known_at=known_at, calendar=calendar, rules=rules,
            default_timezone=default_timezone,
        )  # fmt: skip
    return plan


def _registration(plan: RowPlan, known_at: datetime) -> RecordedEvent:
    data = {
        "citizenship": plan.client["citizenship"],
        "sex": plan.client["sex"],
        "birth_year": plan.client["date_of_birth"].year,
        "region": plan.client["region"],
    }
    return RecordedEvent(
        id=str(uuid.uuid4()), version=1, type=REGISTRATION, data=data, occurred_on=known_at.date(),
        recorded_at=known_at,
    )  # fmt: skip


def _order(event_type: str) -> int:
    return EVENT_ORDER.index(event_type) if event_type in EVENT_ORDER else len(EVENT_ORDER)


def _plan_events(
    plan: RowPlan, dates: dict[str, date], fields: dict[str, dict[str, Any]], columns_of: dict[str, str], *,
    today: date, known_at: datetime,
) -> None:  # fmt: skip
    stream = [_registration(plan, known_at)]
    ordered = sorted(dates, key=lambda name: (dates[name], _order(name)))
    for event_type in ordered:
        try:
            data = clean_payload(
                event_type, fields.get(event_type, {}), occurred_on=dates[event_type], today=today
            )
            check_sequence(stream, event_type, data, dates[event_type], today=today)
        except PayloadInvalid as error:
            column = columns_of.get(event_type, "")
            for name, messages in error.errors.items():
                plan.errors += [
                    CellError(plan.row, column, f"{event_type}.{name}: {text}") for text in messages
                ]
            continue
        plan.events.append(PlannedEvent(event_type, dates[event_type], data))
        stream.append(
            RecordedEvent(
                id=str(uuid.uuid4()),
                version=len(stream) + 1,
                type=event_type,
                data=data,
                occurred_on=dates[event_type],
                recorded_at=known_at,
            )
        )


def _stream(plan: RowPlan, known_at: datetime) -> list[RecordedEvent]:
    stream = [_registration(plan, known_at)]
    for index, event in enumerate(plan.events, start=2):
        stream.append(
            RecordedEvent(
                id=str(uuid.uuid4()),
                version=index,
                type=event.type,
                data=event.data,
                occurred_on=event.occurred_on,
                recorded_at=known_at,
            )
        )
    return stream


def plan_sheet(
    sheet: Sheet, targets: Mapping[str, Target], *, today: date, known_at: datetime,
    calendar: ProductionCalendar, rules: RuleBook, default_timezone: str,
) -> list[RowPlan]:  # fmt: skip
    """Every data row of the sheet, planned; nothing is written."""
    return [
        plan_row(
            sheet.row_number(index),
            cells,
            targets,
            today=today,
            known_at=known_at,
            calendar=calendar,
            rules=rules,
            default_timezone=default_timezone,
        )
        for index, cells in enumerate(sheet.records())
    ]
