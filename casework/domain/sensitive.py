"""Splitting a payload into what may be stored in clear and what is encrypted with the client's key.

The plain part keeps each sensitive key with the value None, so the payload stays self-describing: after
erasure (the client's key destroyed) merging with no secret gives those fields back as None.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from casework.domain.catalogue import CORRECTION, EVENT_TYPES

NESTED_DATA = "data"


def split_sensitive(
    type: str, data: Mapping[str, Any], *, target_type: str | None = None
) -> tuple[dict[str, Any], dict[str, Any]]:
    """-> (plain, secret). For event_corrected the nested data follows ``target_type``'s fields."""
    plain, secret = _split(type, data)
    if type == CORRECTION and isinstance(data.get(NESTED_DATA), Mapping):
        if target_type is None:
            # Guessing would risk storing a note or a case number in clear.
            raise ValueError("target_type is required to split a correction")
        nested_plain, nested_secret = _split(target_type, data[NESTED_DATA])
        plain[NESTED_DATA] = nested_plain
        secret.update({f"{NESTED_DATA}.{key}": value for key, value in nested_secret.items()})
    return plain, secret


def merge_sensitive(plain: Mapping[str, Any], secret: Mapping[str, Any] | None) -> dict[str, Any]:
    """The inverse of split_sensitive; with ``secret`` None (erased) sensitive fields read None."""
    merged = {key: dict(value) if isinstance(value, Mapping) else value for key, value in plain.items()}
    for key, value in (secret or {}).items():
        outer, _, inner = key.partition(".")
        if inner and isinstance(merged.get(outer), dict):
            merged[outer][inner] = value
        else:
            merged[key] = value
    return merged


def _split(type: str, data: Mapping[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    event_type = EVENT_TYPES.get(type)
    if event_type is None:
        raise ValueError(f"Unknown event type {type!r}")
    sensitive = set(event_type.sensitive_fields)
    plain = {key: (None if key in sensitive else value) for key, value in data.items()}
    secret = {key: value for key, value in data.items() if key in sensitive and value is not None}
    return plain, secret
