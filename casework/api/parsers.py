"""The API's JSON parser: DRF's, plus what json.load lets through and the rest of the stack cannot take.

- Nesting is bounded: a body nested a thousand deep made json.load raise RecursionError (a 500 with a long
  traceback, anonymously on the token endpoint); no body of ours nests more than a few levels.
- No string — value or key, anywhere in the body — may hold a NUL character (PostgreSQL's jsonb refuses it,
  and its error message quotes the JSON around it) or an unpaired UTF-16 surrogate (`\\ud800` is valid JSON
  text but no valid Unicode: it cannot be encoded, hashed or stored).

Both answer 400 in the API's shape; a bad string's error sits at its place in the body, e.g.
`{"data": {"facility": [...]}}`, and never repeats the value.
"""

from __future__ import annotations

from typing import Any

from rest_framework.exceptions import ValidationError
from rest_framework.parsers import JSONParser

MAX_DEPTH = 32
TOO_DEEP = f"The request body nests deeper than {MAX_DEPTH} levels."
FORBIDDEN_CHARACTER = "Must not contain a NUL character or an unpaired surrogate (invalid Unicode)."


def text_is_storable(text: str) -> bool:
    """False for a NUL character or a lone surrogate, which UTF-8 cannot encode."""
    if "\x00" in text:
        return False
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _error_at(path: list[str], message: str) -> dict[str, Any]:
    error: Any = [message]
    for key in reversed(path):
        error = {key: error}
    return error if isinstance(error, dict) else {"non_field_errors": error}


def check_body(data: Any) -> None:
    """ValidationError for a body nested too deep or holding a string that cannot be stored. Iterative, so
    that the check itself cannot run out of stack."""
    pending: list[tuple[Any, list[str]]] = [(data, [])]
    while pending:
        value, path = pending.pop()
        if len(path) > MAX_DEPTH:
            raise ValidationError({"non_field_errors": [TOO_DEEP]})
        if isinstance(value, str):
            if not text_is_storable(value):
                raise ValidationError(_error_at(path, FORBIDDEN_CHARACTER))
        elif isinstance(value, dict):
            for key, item in value.items():
                if not text_is_storable(key):
                    raise ValidationError(_error_at(path, FORBIDDEN_CHARACTER))
                pending.append((item, [*path, key]))
        elif isinstance(value, list):
            pending.extend((item, [*path, str(index)]) for index, item in enumerate(value))


class CheckedJSONParser(JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        try:
            data = super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise ValidationError({"non_field_errors": [TOO_DEEP]}) from None
        check_body(data)
        return data
