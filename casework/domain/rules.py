"""The deadline rule book (LEGAL-RULES.md §3), loaded from data/rules.toml."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass
from datetime import date
from typing import Any

from casework.domain._data import content_version, load_toml
from casework.domain.periods import UNITS

RULES_FILE = "rules.toml"
FIXED_INSTANT = "fixed_instant"  # orders to appear: the deadline is the instant written in the order
RULE_UNITS = (*UNITS, FIXED_INSTANT)
CONFIDENCE_LEVELS = ("high", "medium-high", "medium", "low")
TRIGGER_SOURCES = ("copy_received_on", "learned_on", "posted_on", "decision_served", "occurred_on")


class RuleBookInvalid(ValueError):
    pass


@dataclass(frozen=True)
class Rule:
    id: str
    version: int
    effective_from: date
    effective_to: date | None
    applies_to: str
    deadline_kind: str
    action: str
    amount: int
    unit: str
    trigger: str
    legal_basis: str
    confidence: str
    note: str = ""
    trigger_sources: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if self.unit not in RULE_UNITS:
            raise RuleBookInvalid(f"{self.id} v{self.version}: unknown unit {self.unit!r}")
        if self.confidence not in CONFIDENCE_LEVELS:
            raise RuleBookInvalid(f"{self.id} v{self.version}: unknown confidence {self.confidence!r}")
        if unknown := set(self.trigger_sources) - set(TRIGGER_SOURCES):
            raise RuleBookInvalid(f"{self.id} v{self.version}: unknown trigger sources {sorted(unknown)}")
        if self.effective_to is not None and self.effective_to < self.effective_from:
            raise RuleBookInvalid(f"{self.id} v{self.version}: effective_to is before effective_from")

    @property
    def needs_lawyer_check(self) -> bool:
        return self.confidence in ("medium", "low")

    def in_effect_on(self, day: date) -> bool:
        return self.effective_from <= day and (self.effective_to is None or day <= self.effective_to)


class RuleBook:
    def __init__(self, rules: Iterable[Rule]) -> None:
        self._rules = tuple(sorted(rules, key=lambda rule: (rule.id, rule.version)))
        _refuse_duplicates_and_overlaps(self._rules)
        self.version = content_version([asdict(rule) for rule in self._rules])

    @classmethod
    def official(cls) -> RuleBook:
        return cls(_rule_from_toml(entry) for entry in load_toml(RULES_FILE)["rule"])

    @property
    def rules(self) -> tuple[Rule, ...]:
        return self._rules

    def rule_for(self, applies_to: str, on: date) -> Rule | None:
        """The rule version in effect on ``on`` for a decision kind or event, or None if there is none."""
        for rule in self._rules:
            if rule.applies_to == applies_to and rule.in_effect_on(on):
                return rule
        return None

    def get(self, rule_id: str, version: int | None = None) -> Rule:
        """A rule by id: the given version, or the latest one. KeyError if absent."""
        versions = [rule for rule in self._rules if rule.id == rule_id]
        if version is not None:
            versions = [rule for rule in versions if rule.version == version]
        if not versions:
            raise KeyError(f"No rule {rule_id!r}" + (f" version {version}" if version is not None else ""))
        return versions[-1]


def _refuse_duplicates_and_overlaps(rules: tuple[Rule, ...]) -> None:
    # Two rules in effect for the same decision on the same day would make the deadline depend on file order.
    seen: set[tuple[str, int]] = set()
    for index, rule in enumerate(rules):
        if (rule.id, rule.version) in seen:
            raise RuleBookInvalid(f"{rule.id} version {rule.version} is defined twice")
        seen.add((rule.id, rule.version))
        for other in rules[index + 1 :]:
            if other.applies_to == rule.applies_to and _overlap(rule, other):
                raise RuleBookInvalid(
                    f"{rule.id} v{rule.version} and {other.id} v{other.version} both apply to "
                    f"{rule.applies_to!r} on overlapping dates"
                )


def _overlap(first: Rule, second: Rule) -> bool:
    first_end, second_end = first.effective_to or date.max, second.effective_to or date.max
    return first.effective_from <= second_end and second.effective_from <= first_end


def _rule_from_toml(entry: Mapping[str, Any]) -> Rule:
    return Rule(
        id=entry["id"],
        version=entry["version"],
        effective_from=entry["effective_from"],
        effective_to=entry.get("effective_to"),
        applies_to=entry["applies_to"],
        deadline_kind=entry["deadline_kind"],
        action=entry["action"],
        amount=entry["amount"],
        unit=entry["unit"],
        trigger=entry["trigger"],
        legal_basis=entry["legal_basis"],
        confidence=entry["confidence"],
        note=entry.get("note", ""),
        trigger_sources=tuple(entry.get("trigger_sources", ())),
    )
