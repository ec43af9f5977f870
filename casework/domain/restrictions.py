"""The restrictions of a listed person (LEGAL-RULES.md §1), from data/restrictions.toml."""

from __future__ import annotations

from dataclasses import dataclass

from casework.domain._data import load_toml


@dataclass(frozen=True)
class RestrictionRule:
    code: str
    description: str
    confidence: str
    legal_basis: str


def _load() -> tuple[RestrictionRule, ...]:
    raw = load_toml("restrictions.toml")
    base = raw["base_legal_basis"]
    return tuple(
        RestrictionRule(
            code=entry["code"],
            description=entry["description"],
            confidence=entry["confidence"],
            legal_basis=f"{base}; {entry['extra_legal_basis']}" if "extra_legal_basis" in entry else base,
        )
        for entry in raw["restriction"]
    )


RESTRICTION_RULES = _load()
