"""Validating and normalising one event's payload, without looking at the rest of the stream."""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable, Mapping
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from casework.domain import messages
from casework.domain.catalogue import EVENT_TYPES, FieldSpec
from casework.domain.recorded import NON_FIELD_ERRORS, PayloadInvalid
from casework.domain.reference_data import CITIZENSHIP_CODES, REGION_CODES

EARLIEST_PLAUSIBLE_DATE = date(1900, 1, 1)
# Future dates (a permit's expiry, an order's time, a day off) reach this far at most: past it is a typo, and
# near year 9999 converting an instant between zones overflows. (messages.IMPLAUSIBLY_LATE says the number.)
PLAUSIBLE_YEARS_AHEAD = 10
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
# A decision's short label: up to four letters (any script), an optional hyphen, up to three digits; or the
# register inclusion an appeal is against ("register", or its deadline key "register:<id>"), or a court's
# extension of detention (its deadline key "detention_extension:<id>").
_SHORT_CODE = re.compile(r"[^\W\d_]{0,4}-?\d{1,3}|register(?::[\w-]{1,40})?|detention_extension:[\w-]{1,40}")


class _FieldError(ValueError):
    """Raised by a field cleaner; the message is one of casework.domain.messages."""


def clean_payload(type: str, data: Mapping[str, Any], *, occurred_on: date, today: date) -> dict[str, Any]:
    """The payload normalised to JSON (ISO dates, ISO instants), or PayloadInvalid naming every problem."""
    event_type = EVENT_TYPES.get(type)
    if event_type is None:
        raise PayloadInvalid({"type": [messages.UNKNOWN_TYPE]})
    if not isinstance(data, Mapping):
        raise PayloadInvalid({NON_FIELD_ERRORS: [messages.DATA_NOT_AN_OBJECT]})
    errors: dict[str, list[str]] = {}
    try:
        _check_date_sanity(occurred_on, allow_future=False, occurred_on=None, today=today)
    except _FieldError as error:
        errors["occurred_on"] = [str(error)]
    for key in data:
        if key not in event_type.fields:
            errors[str(key)] = [messages.UNKNOWN_FIELD]
    cleaned: dict[str, Any] = {}
    for name, spec in event_type.fields.items():
        value = data.get(name)
        if value is None or value == "":
            # An optional field left empty in a form is simply absent.
            if spec.required:
                errors[name] = [messages.REQUIRED]
            continue
        try:
            cleaned[name] = _clean_field(spec, value, occurred_on=occurred_on, today=today)
        except _FieldError as error:
            errors[name] = [str(error)]
    if errors:
        raise PayloadInvalid(errors)
    return cleaned


def parse_date(value: Any) -> date:
    """A date from a date object or a strict ``YYYY-MM-DD`` string."""
    if isinstance(value, datetime):
        raise _FieldError(messages.NOT_A_DATE)  # a datetime is a date subclass, but not a calendar day
    if isinstance(value, date):
        return value
    if isinstance(value, str) and _ISO_DATE.match(value):
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    raise _FieldError(messages.NOT_A_DATE)


def parse_instant(value: Any) -> datetime:
    """An aware datetime from a datetime object or an ISO 8601 string that names its zone."""
    if isinstance(value, datetime):
        moment = value
    elif isinstance(value, str) and "T" in value:
        try:
            moment = datetime.fromisoformat(value)
        except ValueError:
            raise _FieldError(messages.NOT_AN_INSTANT) from None
    else:
        raise _FieldError(messages.NOT_AN_INSTANT)
    if moment.tzinfo is None or moment.utcoffset() is None:
        # A time without a zone is ambiguous across Russia's eleven zones.
        raise _FieldError(messages.INSTANT_WITHOUT_ZONE)
    return moment


def is_valid_timezone(name: str) -> bool:
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return False
    return True


def _clean_field(spec: FieldSpec, value: Any, *, occurred_on: date, today: date) -> Any:
    return _CLEANERS[spec.kind](spec, value, occurred_on, today)


def latest_plausible_date(today: date) -> date:
    return date(today.year + PLAUSIBLE_YEARS_AHEAD, 12, 31)


def _check_date_sanity(day: date, *, allow_future: bool, occurred_on: date | None, today: date) -> None:
    if day < EARLIEST_PLAUSIBLE_DATE:
        raise _FieldError(messages.IMPLAUSIBLY_EARLY)
    if not allow_future and day > today:
        raise _FieldError(messages.FUTURE_DATE)
    if day > latest_plausible_date(today):
        raise _FieldError(messages.IMPLAUSIBLY_LATE)
    if occurred_on is not None and day < occurred_on:
        raise _FieldError(messages.BEFORE_OCCURRED_ON)


def _clean_date(spec: FieldSpec, value: Any, occurred_on: date, today: date) -> str:
    day = parse_date(value)
    not_before = occurred_on if spec.not_before_occurred_on else None
    _check_date_sanity(day, allow_future=spec.allow_future, occurred_on=not_before, today=today)
    return day.isoformat()


def _clean_instant(spec: FieldSpec, value: Any, occurred_on: date, today: date) -> str:
    moment = parse_instant(value)
    # Compared on the instant's own calendar day, as written in the order.
    not_before = occurred_on if spec.not_before_occurred_on else None
    _check_date_sanity(moment.date(), allow_future=spec.allow_future, occurred_on=not_before, today=today)
    return moment.isoformat()


def _clean_text(spec: FieldSpec, value: Any, occurred_on: date, today: date) -> str:
    if not isinstance(value, str):
        raise _FieldError(messages.NOT_TEXT)
    if "\x00" in value or any("\ud800" <= character <= "\udfff" for character in value):
        raise _FieldError(messages.FORBIDDEN_CHARACTER)  # jsonb and UTF-8 cannot hold them
    text = value.strip()
    if not text:
        raise _FieldError(messages.BLANK)
    if spec.max_length is not None and len(text) > spec.max_length:
        raise _FieldError(messages.TOO_LONG.format(max_length=spec.max_length))
    if spec.short_code and not _SHORT_CODE.fullmatch(text):
        raise _FieldError(messages.NOT_A_SHORT_CODE)
    return text


def _clean_choice(spec: FieldSpec, value: Any, occurred_on: date, today: date) -> str:
    if not isinstance(value, str) or value not in spec.choices:
        raise _FieldError(messages.INVALID_CHOICE.format(choices=", ".join(spec.choices)))
    return str(value)


def _clean_bool(spec: FieldSpec, value: Any, occurred_on: date, today: date) -> bool:
    if not isinstance(value, bool):  # "false" as a string is truthy; refuse rather than guess
        raise _FieldError(messages.NOT_A_BOOL)
    return value


def _clean_int(spec: FieldSpec, value: Any, occurred_on: date, today: date) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise _FieldError(messages.NOT_AN_INTEGER)
    minimum = spec.min_value if spec.min_value is not None else value
    maximum = today.year if spec.up_to_current_year else value
    if not minimum <= value <= maximum:
        raise _FieldError(messages.OUT_OF_RANGE.format(minimum=minimum, maximum=maximum))
    return value


def _clean_event_id(spec: FieldSpec, value: Any, occurred_on: date, today: date) -> str:
    try:
        return str(uuid.UUID(str(value)))
    except ValueError:
        raise _FieldError(messages.NOT_AN_EVENT_ID) from None


def _clean_object(spec: FieldSpec, value: Any, occurred_on: date, today: date) -> dict[str, Any]:
    # The shape is checked against the target event's type by check_sequence, which knows the target.
    if not isinstance(value, Mapping):
        raise _FieldError(messages.NOT_AN_OBJECT)
    return {str(key): _to_json(item) for key, item in value.items()}


def _clean_region(spec: FieldSpec, value: Any, occurred_on: date, today: date) -> str:
    if not isinstance(value, str) or value not in REGION_CODES:
        raise _FieldError(messages.UNKNOWN_REGION)
    return str(value)


def _clean_citizenship(spec: FieldSpec, value: Any, occurred_on: date, today: date) -> str:
    if not isinstance(value, str) or value not in CITIZENSHIP_CODES:
        raise _FieldError(messages.UNKNOWN_CITIZENSHIP)
    return str(value)


def _clean_timezone(spec: FieldSpec, value: Any, occurred_on: date, today: date) -> str:
    if not isinstance(value, str) or not is_valid_timezone(value):
        raise _FieldError(messages.UNKNOWN_TIMEZONE)
    return value


def _to_json(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Mapping):
        return {str(key): _to_json(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_to_json(item) for item in value]
    return value


_CLEANERS: Mapping[str, Callable[[FieldSpec, Any, date, date], Any]] = {
    "text": _clean_text,
    "date": _clean_date,
    "bool": _clean_bool,
    "choice": _clean_choice,
    "instant": _clean_instant,
    "int": _clean_int,
    "event_id": _clean_event_id,
    "object": _clean_object,
    "region": _clean_region,
    "citizenship": _clean_citizenship,
    "timezone": _clean_timezone,
}
