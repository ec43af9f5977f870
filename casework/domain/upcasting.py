"""Old payload versions are upcast on read, never rewritten: a chain of one-step upcasters per type."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from casework.domain.catalogue import EVENT_TYPES

Upcaster = Callable[[dict[str, Any]], dict[str, Any]]


class UpcastImpossible(LookupError):
    pass


class UpcasterRegistry:
    """Upcasters keyed by (type, from_version); each lifts a payload exactly one schema version."""

    def __init__(self, current_versions: Mapping[str, int]) -> None:
        self._current_versions = dict(current_versions)
        self._upcasters: dict[tuple[str, int], Upcaster] = {}

    def register(self, type: str, from_version: int) -> Callable[[Upcaster], Upcaster]:
        def decorator(upcaster: Upcaster) -> Upcaster:
            if (type, from_version) in self._upcasters:
                raise ValueError(f"An upcaster for {type} v{from_version} is already registered")
            self._upcasters[(type, from_version)] = upcaster
            return upcaster

        return decorator

    def upcast(self, type: str, schema_version: int, data: Mapping[str, Any]) -> dict[str, Any]:
        current = self._current_versions.get(type)
        if current is None:
            raise UpcastImpossible(f"Unknown event type {type!r}")
        if schema_version > current:
            raise UpcastImpossible(f"{type} v{schema_version} is newer than this code (v{current})")
        payload = dict(data)
        for version in range(schema_version, current):
            upcaster = self._upcasters.get((type, version))
            if upcaster is None:
                raise UpcastImpossible(f"No upcaster for {type} from v{version} to v{version + 1}")
            payload = upcaster(payload)
        return payload


UPCASTERS = UpcasterRegistry({name: event_type.schema_version for name, event_type in EVENT_TYPES.items()})


def upcast(type: str, schema_version: int, data: Mapping[str, Any]) -> dict[str, Any]:
    """``data`` stored under ``schema_version``, as the current catalogue expects it."""
    return UPCASTERS.upcast(type, schema_version, data)
