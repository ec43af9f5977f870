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
    legal_basis_ru: str = ""  # the same citation the Russian way (casework/wording shows it)


def _joined(base: str, extra: str | None) -> str:
    return f"{base}; {extra}" if extra else base


def _load() -> tuple[RestrictionRule, ...]:
    raw = load_toml("restrictions.toml")
    return tuple(
        RestrictionRule(
            code=entry["code"],
            description=entry["description"],
            confidence=entry["confidence"],
            legal_basis=_joined(raw["base_legal_basis"], entry.get("extra_legal_basis")),
            legal_basis_ru=_joined(raw["base_legal_basis_ru"], entry.get("extra_legal_basis_ru")),
        )
        for entry in raw["restriction"]
    )


RESTRICTION_RULES = _load()
