from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from casework.domain.calendar import ProductionCalendar
from casework.domain.periods import count_period
from casework.domain.rules import Rule, RuleBook, RuleBookInvalid

# Every row of LEGAL-RULES.md §3 and §3a, with one hand-computed case each: (rule, applies_to, trigger, due).
RULE_ROWS = [
    ("koap_expulsion_appeal", "administrative_expulsion", date(2025, 2, 27), date(2025, 3, 10)),
    # Before 29.10.2024 "10 суток": day 10 = Sunday 17.03.2024, no roll-forward (rule version 0).
    ("koap_expulsion_appeal", "administrative_expulsion", date(2024, 3, 7), date(2024, 3, 17)),
    # Day 10 = 12.06.2025 holiday, 13.06 off, 14-15.06 weekend.
    ("koap_complaint_decision_appeal", "complaint_decision", date(2025, 6, 2), date(2025, 6, 16)),
    ("koap_return_ruling_appeal", "return_ruling_koap", date(2025, 3, 10), date(2025, 3, 20)),
    ("kas_deportation", "deportation", date(2025, 3, 10), date(2025, 6, 10)),
    ("kas_stay_reduction", "stay_reduction", date(2025, 2, 9), date(2025, 5, 12)),
    ("kas_entry_ban", "entry_ban", date(2025, 3, 31), date(2025, 6, 30)),
    ("kas_undesirability", "undesirability", date(2025, 8, 4), date(2025, 11, 5)),  # 04.11 holiday
    ("kas_permit_annulment", "permit_annulment", date(2025, 11, 30), date(2026, 3, 2)),
    ("kas_register_inclusion", "register_inclusion", date(2025, 2, 11), date(2025, 5, 12)),  # 11.05 Sunday
    ("kas_bailiff_action", "bailiff_action", date(2025, 4, 28), date(2025, 5, 16)),
    # 10 working days from the decision (the shorter candidate): 09–12.12, 15–19.12, 22.12.2025.
    ("kas_detention_placement", "detention_placement", date(2025, 12, 8), date(2025, 12, 22)),
    ("kas_detention_extension", "detention_extension", date(2025, 3, 10), date(2025, 3, 24)),
    # E7: the court's decision of 15.05.2025 in final form; 15.06.2025 is a Sunday.
    ("kas_appeal", "court_decision_kas", date(2025, 5, 15), date(2025, 6, 16)),
    # KAS 314: 15 working days from the return ruling of Thu 10.04.2025: 11.04, 14–18.04, 21–25.04, 28–30.04
    # (14), then 01–04.05 off: Mon 05.05.
    ("kas_return_ruling_appeal", "return_ruling_kas", date(2025, 4, 10), date(2025, 5, 5)),
    ("detention_legal_review", "detention", date(2025, 3, 1), date(2025, 5, 30)),
    ("departure_after_expulsion", "departure_after_expulsion", date(2025, 3, 11), date(2025, 3, 16)),
    ("expulsion_execution_limit", "expulsion_execution_limit", date(2025, 3, 11), date(2027, 3, 11)),
]


@pytest.mark.parametrize(("rule_id", "applies_to", "trigger", "due_on"), RULE_ROWS)
def test_it_computes_every_rule_of_the_table(
    rules: RuleBook, calendar: ProductionCalendar, rule_id: str, applies_to: str, trigger: date, due_on: date
) -> None:
    rule = rules.rule_for(applies_to, trigger)
    assert rule is not None
    assert rule.id == rule_id
    assert count_period(rule.unit, rule.amount, trigger, calendar=calendar).due_on == due_on


# LEGAL-RULES.md §3, column by column: period, unit, confidence, basis, the forums that meet it, the basis of
# a restoration petition.
KOAP_FORUMS, COURT = ("court", "higher_official"), ("court",)
TABLE = [
    ("koap_expulsion_appeal", 10, "koap_days", "high", "KoAP RF art. 30.1, 30.3 part 1, 4.8", KOAP_FORUMS,
     "KoAP RF art. 30.3 part 2"),
    ("koap_complaint_decision_appeal", 10, "koap_days", "medium", "KoAP RF art. 30.9, 30.3", KOAP_FORUMS,
     "KoAP RF art. 30.3 part 2"),
    ("kas_deportation", 3, "kas_months", "medium-high", "KAS RF art. 219 part 1", COURT, "KAS RF art. 219 part 7"),
    ("kas_stay_reduction", 3, "kas_months", "medium-high", "KAS RF art. 219 part 1", COURT,
     "KAS RF art. 219 part 7"),
    ("kas_entry_ban", 3, "kas_months", "medium-high", "KAS RF art. 219 part 1", COURT, "KAS RF art. 219 part 7"),
    ("kas_undesirability", 3, "kas_months", "medium-high", "KAS RF art. 219 part 1", COURT,
     "KAS RF art. 219 part 7"),
    ("kas_permit_annulment", 3, "kas_months", "medium-high", "KAS RF art. 219 part 1", COURT,
     "KAS RF art. 219 part 7"),
    ("kas_register_inclusion", 3, "kas_months", "medium", "KAS RF art. 219 part 1; 115-FZ art. 31.1", COURT,
     "KAS RF art. 219 part 7"),
    ("kas_bailiff_action", 10, "kas_days", "high", "KAS RF art. 219 part 3", COURT, "KAS RF art. 219 part 7"),
    ("kas_detention_placement", 10, "kas_days", "low", "KAS RF art. 298, chapter 28 (art. 266-269)", COURT,
     "KAS RF art. 95"),
    ("kas_appeal", 1, "kas_months", "high", "KAS RF art. 298 part 1", COURT, "KAS RF art. 95"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("rule_id", "amount", "unit", "confidence", "legal_basis", "met_by", "restore_basis"), TABLE
)
def test_it_ships_the_rules_table_as_data(
    rules: RuleBook,
    rule_id: str,
    amount: int,
    unit: str,
    confidence: str,
    legal_basis: str,
    met_by: tuple[str, ...],
    restore_basis: str,
) -> None:
    rule = rules.get(rule_id)
    assert (rule.amount, rule.unit, rule.confidence, rule.legal_basis) == (
        amount,
        unit,
        confidence,
        legal_basis,
    )
    assert (tuple(sorted(rule.met_by)), rule.restore_basis, rule.returned) == (
        met_by,
        restore_basis,
        "not_filed",
    )
    assert rule.deadline_kind == "appeal"
    assert not rule.superseded


@pytest.mark.parametrize("rule_id", [row[0] for row in TABLE])
def test_a_kas_period_is_met_only_in_court_and_a_koap_one_in_both_forums(
    rules: RuleBook, rule_id: str
) -> None:
    rule = rules.get(rule_id)
    assert rule.is_met_by("court")
    assert rule.is_met_by("higher_official") is rule_id.startswith("koap_")
    assert not rule.is_met_by(None)


def test_it_keeps_the_corrected_versions_readable_but_never_chooses_them(rules: RuleBook) -> None:
    old = rules.get("kas_deportation", 1)
    assert (old.superseded_by, old.trigger_sources) == (2, ("learned_on", "copy_received_on"))
    assert rules.rule_for("deportation", date(2025, 6, 1)).version == 2  # type: ignore[union-attr]
    assert all(
        rule.superseded_by for rule in rules.rules if rule.version == 1 and rules.get(rule.id).version == 2
    )


def test_it_chooses_kas_rules_from_2015_by_the_trigger_date(rules: RuleBook) -> None:
    # E18: an entry ban of 2022 learned of in 2025 is counted under the rule in force in 2025.
    assert rules.rule_for("entry_ban", date(2015, 9, 14)) is None
    assert rules.rule_for("entry_ban", date(2015, 9, 15)).id == "kas_entry_ban"  # type: ignore[union-attr]


def test_it_counts_the_detention_appeal_short_and_names_the_month(rules: RuleBook) -> None:
    rule = rules.get("kas_detention_placement")
    assert (rule.amount, rule.unit, rule.later_amount, rule.later_unit) == (10, "kas_days", 1, "kas_months")


def test_it_prompts_a_legal_review_of_detention_every_90_days(rules: RuleBook) -> None:
    rule = rules.get("detention_legal_review")
    assert (rule.amount, rule.unit, rule.deadline_kind) == (90, "calendar_days", "legal_review")
    assert rule.note == "No statutory maximum — prompt a legal review every 90 days."


def test_it_refuses_a_superseded_version_without_its_successor() -> None:
    with pytest.raises(RuleBookInvalid, match="superseded"):
        RuleBook([replace(_rule(1, date(2024, 1, 1), None, 3), superseded_by=2)])


def test_it_allows_a_superseded_version_beside_its_correction_for_the_same_dates() -> None:
    book = RuleBook(
        [replace(_rule(1, date(2024, 1, 1), None, 3), superseded_by=2), _rule(2, date(2024, 1, 1), None, 2)]
    )
    assert book.rule_for("deportation", date(2025, 1, 1)).version == 2  # type: ignore[union-attr]


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
    changed = RuleBook(rule for rule in rules.rules if rule.id != "kas_return_ruling_appeal")
    assert rules.version == RuleBook.official().version
    assert changed.version != rules.version
