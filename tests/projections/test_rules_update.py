"""A rules update re-derives existing clients; every deadline it moves or re-opens is logged as caused by it
(DeadlineChange.rules_update), and a re-open caused by an event is logged too (issue 13)."""

from __future__ import annotations

from datetime import date
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command

from casework import projections
from casework.domain import RuleBook
from casework.models import Deadline, DeadlineChange
from tests.conftest import DECISION_D1, make_client, record
from tests.rules_update import book_with, release, release_not_counting_appeals

APPEAL = {"decision_ref": "D1", "forum": "court"}


@pytest.fixture
def decided(alice):
    """A client with D1: copy received 27.02.2025, due Monday 10.03.2025."""
    with time_machine.travel("2025-02-27 12:00:00+03:00", tick=False):
        client = make_client(alice)
        record(alice, client, "decision_issued", date(2025, 2, 27), **DECISION_D1)
    return client


@pytest.fixture
def appealed(alice, decided):
    with time_machine.travel("2025-03-04 12:00:00+03:00", tick=False):
        appeal = record(alice, decided, "appeal_filed", date(2025, 3, 4), **APPEAL)
    assert Deadline.objects.get(client=decided, key="appeal:D1").status == "met"
    decided.appeal = appeal
    return decided


def verify() -> str:
    out = StringIO()
    call_command("rebuild_projections", "--verify", stdout=out)
    return out.getvalue()


def test_a_rules_update_that_moves_a_deadline_is_logged_as_one(monkeypatch, decided):
    release(monkeypatch, book_with(amount=8))  # 27.02 + 8 days: Friday 07.03.2025
    with time_machine.travel("2025-03-05 10:00:00+03:00", tick=False):
        projections.rebuild()
        (change,) = DeadlineChange.objects.filter(client=decided, key="appeal:D1")
        assert (change.key, change.old_due_on, change.new_due_on) == ("appeal:D1", date(2025, 3, 10),
                                                                     date(2025, 3, 7))  # fmt: skip
        assert (change.old_status, change.new_status, change.rules_update) == ("open", "open", True)
        assert (change.old_rule_version, change.new_rule_version) == (2, 3)
        assert change.moved and not change.reopened
        assert "deadline rules changed" in change.reason
        projections.rebuild()  # the same rules again: nothing more to log
        assert DeadlineChange.objects.filter(client=decided, key="appeal:D1").count() == 1
        assert "Verified 1 clients" in verify()


def test_a_rules_update_that_reopens_a_met_deadline_is_logged(monkeypatch, appealed):
    release_not_counting_appeals(monkeypatch)
    with time_machine.travel("2025-03-05 10:00:00+03:00", tick=False):
        call_command("rebuild_projections", stdout=StringIO())
        (change,) = DeadlineChange.objects.filter(client=appealed, key="appeal:D1")
        assert (change.old_due_on, change.new_due_on) == (date(2025, 3, 10), date(2025, 3, 10))
        assert (change.old_status, change.new_status, change.rules_update) == ("met", "open", True)
        assert change.reopened and not change.moved
        assert Deadline.objects.get(client=appealed, key="appeal:D1").status == "open"
        call_command("rebuild_projections", stdout=StringIO())
        assert DeadlineChange.objects.filter(client=appealed, key="appeal:D1").count() == 1
        assert "Verified 1 clients" in verify()


def test_a_shorter_period_turns_a_met_deadline_missed(monkeypatch, appealed):
    release(monkeypatch, book_with(amount=3))  # 27.02 + 3 days: Sunday 02.03, so Monday 03.03.2025
    with time_machine.travel("2025-04-15 10:00:00+03:00", tick=False):
        projections.rebuild()
        (change,) = DeadlineChange.objects.filter(client=appealed, key="appeal:D1")
    assert (change.old_due_on, change.new_due_on) == (date(2025, 3, 10), date(2025, 3, 3))
    assert (change.old_status, change.new_status, change.rules_update) == ("met", "missed", True)
    assert change.reopened and change.moved


def test_a_retraction_that_reopens_a_deadline_is_logged_but_not_as_a_rules_update(alice, appealed):
    with time_machine.travel("2025-03-05 10:00:00+03:00", tick=False):
        record(alice, appealed, "event_retracted", date(2025, 3, 5), retracts=str(appealed.appeal.id),
               reason="recorded for the wrong client")  # fmt: skip
    (change,) = DeadlineChange.objects.filter(client=appealed, key="appeal:D1")
    assert (change.old_status, change.new_status, change.rules_update) == ("met", "open", False)
    assert change.reopened
    assert change.reason == "event v4 recorded"


def test_meeting_a_deadline_or_missing_it_as_days_pass_is_not_logged(alice, decided):
    with time_machine.travel("2025-03-11 10:00:00+03:00", tick=False):
        projections.refresh_stale()
    assert Deadline.objects.get(client=decided, key="appeal:D1").status == "missed"
    with time_machine.travel("2025-03-11 11:00:00+03:00", tick=False):
        record(alice, decided, "appeal_filed", date(2025, 3, 7), **APPEAL)  # recorded late, filed in time
    assert Deadline.objects.get(client=decided, key="appeal:D1").status == "met"
    assert not DeadlineChange.objects.filter(client=decided, key="appeal:D1").exists()


def test_a_rules_update_that_changes_a_status_alone_is_logged(monkeypatch, alice, decided):
    """Open → met by new rules alone is a change too: the deadline leaves the reminders."""
    with time_machine.travel("2025-03-11 10:00:00+03:00", tick=False):
        record(alice, decided, "appeal_filed", date(2025, 3, 11), **APPEAL)  # a day late: missed
    release(monkeypatch, book_with(amount=12))  # 27.02 + 12 days: Tuesday 11.03.2025 — filed in time
    with time_machine.travel("2025-03-12 10:00:00+03:00", tick=False):
        projections.rebuild()
    (change,) = DeadlineChange.objects.filter(client=decided, key="appeal:D1")
    assert (change.old_status, change.new_status, change.rules_update) == ("missed", "met", True)
    assert not change.reopened


def test_a_deadline_the_old_rules_did_not_know_is_logged_as_added(monkeypatch, alice):
    """A release that adds a rule (as v2 added the 5-day departure): the new deadline is no silent change."""
    official = RuleBook.official()
    without = RuleBook(rule for rule in official.rules if rule.applies_to != "departure_after_expulsion")
    release(monkeypatch, without)
    with time_machine.travel("2025-03-12 10:00:00+03:00", tick=False):
        client = make_client(alice)
        record(
            alice, client, "decision_issued", date(2025, 2, 27), **DECISION_D1
        )  # not appealed: in force 11.03
        assert not Deadline.objects.filter(client=client, key="departure:D1").exists()
        release(monkeypatch, official)
        projections.rebuild()
    (change,) = DeadlineChange.objects.filter(client=client, key="departure:D1")
    assert (change.old_due_on, change.new_due_on, change.old_status, change.new_status, change.rules_update) == (
        None, date(2025, 3, 16), None, "open", True
    )  # fmt: skip
    assert not change.reopened and not change.moved
