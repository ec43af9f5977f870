from __future__ import annotations

from datetime import date

import pytest

from casework.domain.calendar import ProductionCalendar
from casework.domain.periods import count_period
from casework.domain.rules import Rule, RuleBook, RuleBookInvalid

# Every row of LEGAL-RULES.md §3, with one hand-computed case each: (rule, applies_to, trigger, due).
RULE_ROWS = [
    ("koap_expulsion_appeal", "administrative_expulsion", date(2025, 2, 27), date(2025, 3, 10)),
    # Day 10 = 12.06.2025 holiday, 13.06 off, 14-15.06 weekend.
    ("koap_complaint_decision_appeal", "complaint_decision", date(2025, 6, 2), date(2025, 6, 16)),
    ("kas_deportation", "deportation", date(2025, 3, 10), date(2025, 6, 10)),
    ("kas_stay_reduction", "stay_reduction", date(2025, 2, 9), date(2025, 5, 12)),
    ("kas_entry_ban", "entry_ban", date(2025, 3, 31), date(2025, 6, 30)),
    ("kas_undesirability", "undesirability", date(2025, 8, 4), date(2025, 11, 5)),  # 04.11 holiday
    ("kas_permit_annulment", "permit_annulment", date(2025, 11, 30), date(2026, 3, 2)),
    ("kas_register_inclusion", "register_inclusion", date(2025, 2, 11), date(2025, 5, 12)),  # 11.05 Sunday
    ("kas_bailiff_action", "bailiff_action", date(2025, 4, 28), date(2025, 5, 16)),
    ("kas_detention_placement", "detention_placement", date(2025, 12, 8), date(2026, 1, 12)),
    ("detention_legal_review", "detention", date(2025, 3, 1), date(2025, 5, 30)),
]


@pytest.mark.parametrize(("rule_id", "applies_to", "trigger", "due_on"), RULE_ROWS)
def test_it_computes_every_rule_of_the_table(
    rules: RuleBook, calendar: ProductionCalendar, rule_id: str, applies_to: str, trigger: date, due_on: date
) -> None:
    rule = rules.rule_for(applies_to, trigger)
    assert rule is not None
    assert rule.id == rule_id
    assert count_period(rule.unit, rule.amount, trigger, calendar=calendar).due_on == due_on


@pytest.mark.parametrize(
    ("rule_id", "amount", "unit", "confidence", "legal_basis"),
    [
        ("koap_expulsion_appeal", 10, "koap_days", "high", "KoAP RF art. 30.1, 30.3 part 1, 4.8"),
        ("koap_complaint_decision_appeal", 10, "koap_days", "medium", "KoAP RF art. 30.9, 30.3"),
        ("kas_deportation", 3, "kas_months", "medium-high", "KAS RF art. 219 part 1"),
        ("kas_stay_reduction", 3, "kas_months", "medium-high", "KAS RF art. 219 part 1"),
        ("kas_entry_ban", 3, "kas_months", "medium-high", "KAS RF art. 219 part 1"),
        ("kas_undesirability", 3, "kas_months", "medium-high", "KAS RF art. 219 part 1"),
        ("kas_permit_annulment", 3, "kas_months", "medium-high", "KAS RF art. 219 part 1"),
        ("kas_register_inclusion", 3, "kas_months", "medium", "KAS RF art. 219 part 1; 115-FZ art. 31.1"),
        ("kas_bailiff_action", 10, "kas_days", "high", "KAS RF art. 219 part 3"),
        (
            "kas_detention_placement",
            1,
            "kas_months",
            "low",
            "KAS RF art. 298 (a shorter special period is unverified)",
        ),
    ],
)
def test_it_ships_the_rules_table_as_data(
    rules: RuleBook, rule_id: str, amount: int, unit: str, confidence: str, legal_basis: str
) -> None:
    rule = rules.get(rule_id)
    assert (rule.amount, rule.unit, rule.confidence, rule.legal_basis, rule.version) == (
        amount,
        unit,
        confidence,
        legal_basis,
        1,
    )
    assert rule.deadline_kind == "appeal"


def test_it_prompts_a_legal_review_of_detention_at_90_days(rules: RuleBook) -> None:
    rule = rules.get("detention_legal_review")
    assert (rule.amount, rule.unit, rule.deadline_kind) == (90, "calendar_days", "legal_review")
    assert rule.note == "No statutory maximum — prompt a legal review."


def test_it_has_no_rule_for_decisions_without_a_deadline(rules: RuleBook) -> None:
    for kind in ("asylum_refusal", "citizenship_termination", "other"):
        assert rules.rule_for(kind, date(2025, 6, 1)) is None


def test_it_has_no_register_rule_before_the_register_existed(rules: RuleBook) -> None:
    assert rules.rule_for("register_inclusion", date(2025, 2, 4)) is None
    assert rules.rule_for("register_inclusion", date(2025, 2, 5)) is not None


def _rule(version: int, effective_from: date, effective_to: date | None, amount: int) -> Rule:
    return Rule(
        "kas_deportation",
        version,
        effective_from,
        effective_to,
        "deportation",
        "appeal",
        "claim",
        amount,
        "kas_months",
        "learned",
        "KAS 219",
        "high",
        "",
    )


def test_it_picks_the_rule_version_in_effect_on_the_date() -> None:
    book = RuleBook([_rule(1, date(2024, 1, 1), date(2025, 12, 31), 3), _rule(2, date(2026, 1, 1), None, 2)])
    assert book.rule_for("deportation", date(2025, 12, 31)).amount == 3  # type: ignore[union-attr]
    assert book.rule_for("deportation", date(2026, 1, 1)).amount == 2  # type: ignore[union-attr]
    assert book.get("kas_deportation").version == 2
    assert book.get("kas_deportation", 1).amount == 3


def test_it_refuses_two_versions_in_effect_on_the_same_day() -> None:
    with pytest.raises(RuleBookInvalid, match="overlapping"):
        RuleBook([_rule(1, date(2024, 1, 1), None, 3), _rule(2, date(2026, 1, 1), None, 2)])


def test_it_raises_for_an_unknown_rule(rules: RuleBook) -> None:
    with pytest.raises(KeyError):
        rules.get("no_such_rule")


def test_it_versions_the_rule_book_by_content(rules: RuleBook) -> None:
    changed = RuleBook(rules.rules[:-1])
    assert rules.version == RuleBook.official().version
    assert changed.version != rules.version
