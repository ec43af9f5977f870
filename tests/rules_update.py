"""Simulating a release of the deadline rules (issue 13): the rule book the read models were derived with is
replaced by a corrected one, as `casework/domain/data/rules.toml` is in a release, and the clients are then
re-derived (`projections.rebuild`, `manage.py rebuild_projections`).

`release(monkeypatch, book)` makes `derivation.official_rules()` return `book`. `release_not_counting_appeals`
also stands in for a corrected derivation (as "a complaint to an MVD official no longer meets a court
deadline"): with that book, the appeals recorded no longer meet the expulsion appeal deadline, which is open
again (or missed once its day has passed)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from casework import derivation
from casework.domain import RuleBook
from casework.domain.periods import Step
from casework.domain.state import MET, MISSED, OPEN
from casework.domain.state import Deadline as DerivedDeadline

EXPULSION_APPEAL = "koap_expulsion_appeal"


def book_with(rule_id: str = EXPULSION_APPEAL, **changes) -> RuleBook:
    """The official rule book with the next version of one rule, changed as given."""
    official = RuleBook.official()
    rule = official.get(rule_id)  # the version in force
    corrected = replace(rule, version=rule.version + 1, **changes)
    # As rules.toml records a correction: the old version stays, superseded by the new one.
    retired = replace(rule, superseded_by=corrected.version)
    return RuleBook(
        [*(retired if candidate == rule else candidate for candidate in official.rules), corrected]
    )


def release(monkeypatch, book: RuleBook) -> RuleBook:
    monkeypatch.setattr(derivation, "official_rules", lambda: book)
    return book


def _unmet(deadline: DerivedDeadline, as_of: date) -> DerivedDeadline:
    status = OPEN if as_of <= deadline.due_on else MISSED
    step = Step(f"status_{status}", {}, f"{status.capitalize()}: the appeal recorded no longer meets it")
    return replace(deadline, status=status, steps=(*deadline.steps[:-1], step))


def release_not_counting_appeals(monkeypatch, **changes) -> RuleBook:
    book = book_with(note="Appeals to an official no longer meet it (test release).", **changes)
    real = derivation.derive

    def derive(events, **kwargs):
        state = real(events, **kwargs)
        if kwargs.get("rules") is not book:
            return state
        deadlines = tuple(
            _unmet(deadline, kwargs["as_of"])
            if deadline.rule == EXPULSION_APPEAL and deadline.status == MET
            else deadline
            for deadline in state.deadlines
        )
        return replace(state, deadlines=deadlines)

    monkeypatch.setattr(derivation, "derive", derive)
    return release(monkeypatch, book)
