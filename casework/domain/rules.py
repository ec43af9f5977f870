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
HOURS = "hours"  # the 48 hours of detention without a court decision
RULE_UNITS = (*UNITS, FIXED_INSTANT, HOURS)
CONFIDENCE_LEVELS = ("high", "medium-high", "medium", "low")
TRIGGER_SOURCES = (
    "copy_received_on",
    "learned_on",
    "posted_on",
    "decision_served",
    "occurred_on",
    "register_check",
    "final_form_on",
)
ESTIMATE_SOURCES = ("occurred_on", "register_check", "bank_account_frozen", "causing_decision")
FORUMS = ("court", "higher_official")
# What a returned complaint or claim counts as.
RETURNED_NOT_FILED, RETURNED_FILED = "not_filed", "filed"


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
    # Withdrawn by a correction: never chosen again, kept so that what cites it can still be read.
    superseded_by: int | None = None
    met_by: tuple[str, ...] = ()  # the forums whose filing meets the deadline
    returned: str = RETURNED_NOT_FILED
    restore_basis: str = ""
    estimate_from: tuple[str, ...] = ()
    earliest_trigger: date | None = None
    # An uncertain period: the rule counts the shorter candidate, this is the longer one, named.
    later_amount: int | None = None
    later_unit: str | None = None
    later_basis: str = ""
    # The citations the Russian way, as data (casework/wording shows them; empty: the English is shown).
    legal_basis_ru: str = ""
    restore_basis_ru: str = ""
    later_basis_ru: str = ""

    def __post_init__(self) -> None:
        if self.unit not in RULE_UNITS:
            raise RuleBookInvalid(f"{self.id} v{self.version}: unknown unit {self.unit!r}")
        if self.later_unit is not None and self.later_unit not in UNITS:
            raise RuleBookInvalid(f"{self.id} v{self.version}: unknown later_unit {self.later_unit!r}")
        if unknown := set(self.met_by) - set(FORUMS):
            raise RuleBookInvalid(f"{self.id} v{self.version}: unknown forums in met_by {sorted(unknown)}")
        if self.returned not in (RETURNED_NOT_FILED, RETURNED_FILED):
            raise RuleBookInvalid(f"{self.id} v{self.version}: returned must be not_filed or filed")
        if unknown := set(self.estimate_from) - set(ESTIMATE_SOURCES):
            raise RuleBookInvalid(f"{self.id} v{self.version}: unknown estimate sources {sorted(unknown)}")
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

    @property
    def procedure(self) -> str:
        """koap or kas: which code's track the rule belongs to (its id says so); "" for other deadlines."""
        prefix = self.id.partition("_")[0]
        return prefix if prefix in ("koap", "kas") else ""

    @property
    def superseded(self) -> bool:
        return self.superseded_by is not None

    def is_met_by(self, forum: str | None) -> bool:
        """Whether a filing in ``forum`` meets this deadline; a filing whose forum is unknown does not."""
        return forum in self.met_by


class RuleBook:
    def __init__(self, rules: Iterable[Rule]) -> None:
        self._rules = tuple(sorted(rules, key=lambda rule: (rule.id, rule.version)))
        _refuse_duplicates_and_overlaps(self._rules)
        self.version = content_version([_law_of(rule) for rule in self._rules])

    @classmethod
    def official(cls) -> RuleBook:
        return cls(_rule_from_toml(entry) for entry in load_toml(RULES_FILE)["rule"])

    @property
    def rules(self) -> tuple[Rule, ...]:
        return self._rules

    def rule_for(self, applies_to: str, on: date) -> Rule | None:
        """The rule version in effect on ``on`` (the trigger date) for a decision kind or event, or None."""
        for rule in self._rules:
            if rule.applies_to == applies_to and not rule.superseded and rule.in_effect_on(on):
                return rule
        return None

    def latest_for(self, applies_to: str) -> Rule | None:
        """The newest version in force for a decision kind: what to read the trigger sources from before the
        trigger date (and so the version that applies) is known."""
        live = [rule for rule in self._rules if rule.applies_to == applies_to and not rule.superseded]
        return max(live, key=lambda rule: rule.effective_from, default=None)

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
        if rule.superseded:
            if not any(other.id == rule.id and other.version == rule.superseded_by for other in rules):
                raise RuleBookInvalid(f"{rule.id} v{rule.version} is superseded by a version that is absent")
            continue
        for other in rules[index + 1 :]:
            if other.applies_to == rule.applies_to and not other.superseded and _overlap(rule, other):
                raise RuleBookInvalid(
                    f"{rule.id} v{rule.version} and {other.id} v{other.version} both apply to "
                    f"{rule.applies_to!r} on overlapping dates"
                )


def _overlap(first: Rule, second: Rule) -> bool:
    first_end, second_end = first.effective_to or date.max, second.effective_to or date.max
    return first.effective_from <= second_end and second.effective_from <= first_end


# How a rule is worded in Russian is not the law: rewording a citation must not re-derive every client.
WORDING_FIELDS = ("legal_basis_ru", "restore_basis_ru", "later_basis_ru")


def _law_of(rule: Rule) -> dict[str, Any]:
    return {name: value for name, value in asdict(rule).items() if name not in WORDING_FIELDS}


def russian_citations(rules: Iterable[Rule]) -> dict[str, str]:
    """Each English citation of ``rules`` with its Russian, as the data gives them."""
    pairs = {}
    for rule in rules:
        pairs[rule.legal_basis] = rule.legal_basis_ru
        pairs[rule.restore_basis] = rule.restore_basis_ru
        pairs[rule.later_basis] = rule.later_basis_ru
    return {english: russian for english, russian in pairs.items() if english and russian}


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
        superseded_by=entry.get("superseded_by"),
        met_by=tuple(entry.get("met_by", ())),
        returned=entry.get("returned", RETURNED_NOT_FILED),
        restore_basis=entry.get("restore_basis", ""),
        estimate_from=tuple(entry.get("estimate_from", ())),
        earliest_trigger=entry.get("earliest_trigger"),
        later_amount=entry.get("later_amount"),
        later_unit=entry.get("later_unit"),
        later_basis=entry.get("later_basis", ""),
        legal_basis_ru=entry.get("legal_basis_ru", ""),
        restore_basis_ru=entry.get("restore_basis_ru", ""),
        later_basis_ru=entry.get("later_basis_ru", ""),
    )
