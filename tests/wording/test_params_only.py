"""The Russian comes from a step's key and params (a warning's code and params) alone — never from the English.

Every step and warning the scenarios derive (tests/wording/test_steps.py and test_derived_texts_ru.py between
them produce every key and code the domain has) is rendered twice: as derived, and with its English text
blanked. The two Russian renderings must be the same sentence, and the English must be what the domain wrote.
"""

from __future__ import annotations

import ast
import dataclasses
from pathlib import Path

import pytest

from casework.domain.periods import Step
from casework.domain.restrictions import RESTRICTION_RULES
from casework.domain.rules import RuleBook
from casework.domain.state import CaseWarning
from casework.wording.citations import legal_basis_text
from casework.wording.steps import step_text
from casework.wording.warnings import warning_text
from tests.domain.conftest import OFFICIAL_RULES
from tests.wording import test_derived_texts_ru as warning_scenarios
from tests.wording import test_steps as step_scenarios

WORDING = Path(__file__).resolve().parents[2] / "casework" / "wording"


def derived_steps() -> list[Step]:
    return step_scenarios.all_scenario_steps()


def derived_warnings() -> list[CaseWarning]:
    return [
        warning
        for code in sorted(warning_scenarios.SCENARIOS)
        for warning in warning_scenarios.warnings_of(code)
    ]


def test_the_scenarios_cover_every_step_key_and_warning_code():
    assert {step.key for step in derived_steps()} == step_scenarios.domain_step_keys()
    assert {warning.code for warning in derived_warnings()} == warning_scenarios.domain_warning_codes()


@pytest.mark.parametrize("key", sorted(step_scenarios.domain_step_keys()))
def test_each_step_key_renders_in_russian_from_its_params_alone(key):
    steps = [step for step in derived_steps() if step.key == key]

    assert steps
    for step in steps:
        russian = step_scenarios.assert_russian(step)  # no "decision", "KoAP", "art." … left
        assert step_text(Step(step.key, step.params, ""), "ru") == russian, step.text
        assert step_text(step, "en") == step.text


@pytest.mark.parametrize("code", sorted(warning_scenarios.domain_warning_codes()))
def test_each_warning_code_renders_in_russian_from_its_params_alone(code):
    warnings = [warning for warning in derived_warnings() if warning.code == code]

    assert warnings
    for warning in warnings:
        russian = warning_scenarios.assert_russian(warning_text(warning, "ru"), warning.message)
        assert warning_text(dataclasses.replace(warning, message=""), "ru") == russian, warning.message
        assert warning_text(warning, "en") == warning.message


@pytest.mark.parametrize(
    "stored",
    [
        # As projections stored them before the domain gave these params: English, not half a sentence.
        {
            "key": "status_open",
            "params": {"rule": "kas_appeal"},
            "text": "Open as of 05.03.2025: no appeal recorded yet",
        },
        {"key": "status_cancelled", "params": {}, "text": "Cancelled: the decision was retracted"},
        {
            "key": "status_missed",
            "params": {},
            "text": "Missed as of 01.04.2025. The departure period has passed",
        },
        {
            "key": "trigger",
            "params": {"trigger_on": "2025-02-27", "source": "copy_received_on", "event_id": "e1"},
            "text": "Trigger: copy of decision D1 received on 27.02.2025, Thursday",
        },
        {
            "key": "last_day_working",
            "params": {"n": "3", "day": "2025-05-27"},
            "text": "3 month(s) after 27.02.2025 = 27.05.2025, Tuesday, a working day",
        },
    ],
)
def test_a_step_stored_without_the_new_params_falls_back_to_the_english(stored):
    assert step_text(stored, "ru") == stored["text"]


def test_no_regular_expression_is_left_in_wording():
    imports = {
        (path.name, node.lineno)
        for path in sorted(WORDING.rglob("*.py"))
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if (isinstance(node, ast.Import) and any(alias.name == "re" for alias in node.names))
        or (isinstance(node, ast.ImportFrom) and node.module == "re")
    }
    assert imports == set()
    assert (WORDING / "steps.py").is_file()  # the scan reads the package at all


def test_every_citation_in_the_data_has_its_russian():
    for rule in OFFICIAL_RULES.rules:
        assert rule.legal_basis_ru, rule.id
        assert bool(rule.restore_basis_ru) == bool(rule.restore_basis), rule.id
        assert bool(rule.later_basis_ru) == bool(rule.later_basis), rule.id
        assert legal_basis_text(rule.legal_basis, "ru") == rule.legal_basis_ru
    for restriction in RESTRICTION_RULES:
        assert legal_basis_text(restriction.legal_basis, "ru") == restriction.legal_basis_ru != ""


def test_rewording_a_citation_does_not_change_the_rules_version():
    reworded = [
        dataclasses.replace(rule, legal_basis_ru="другая формулировка") for rule in OFFICIAL_RULES.rules
    ]
    cited_otherwise = [
        dataclasses.replace(rule, legal_basis=rule.legal_basis + " ") for rule in OFFICIAL_RULES.rules
    ]

    assert RuleBook(reworded).version == OFFICIAL_RULES.version
    assert RuleBook(cited_otherwise).version != OFFICIAL_RULES.version
