from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from casework.domain import messages
from casework.domain.events import PayloadInvalid, check_sequence
from tests.domain.conftest import Stream

TODAY = date(2025, 6, 1)


def refusal(stream: Stream, type: str, data: dict[str, Any], occurred_on: date = date(2025, 3, 1)) -> dict:
    with pytest.raises(PayloadInvalid) as raised:
        check_sequence(stream.events, type, data, occurred_on, today=TODAY)
    return raised.value.errors


def accepts(stream: Stream, type: str, data: dict[str, Any], occurred_on: date = date(2025, 3, 1)) -> None:
    check_sequence(stream.events, type, data, occurred_on, today=TODAY)


def test_it_allows_client_registered_only_first() -> None:
    accepts(Stream(registered_on=None), "client_registered", {})
    assert refusal(Stream(), "client_registered", {}) == {
        "non_field_errors": [messages.CLIENT_REGISTERED_NOT_FIRST]
    }


def test_it_refuses_a_correction_of_an_unknown_event() -> None:
    data = {"corrects": "00000000-0000-0000-0000-000000000063", "data": {"listed": True}}
    assert refusal(Stream(), "event_corrected", data) == {"corrects": [messages.TARGET_NOT_FOUND]}


def test_it_refuses_to_correct_or_retract_the_registration() -> None:
    stream = Stream()
    registration = stream.events[0].id
    assert refusal(stream, "event_retracted", {"retracts": registration, "reason": "x"}) == {
        "retracts": [messages.TARGET_IS_REGISTRATION]
    }


def test_it_refuses_to_correct_a_correction() -> None:
    stream = Stream()
    check = stream.add("register_check", date(2025, 3, 1), listed=True)
    correction = stream.add("event_corrected", date(2025, 3, 2), corrects=check.id, data={"listed": False})
    assert refusal(stream, "event_corrected", {"corrects": correction.id, "data": {"listed": True}}) == {
        "corrects": [messages.TARGET_IS_CORRECTION]
    }


def test_it_allows_retracting_a_correction() -> None:
    stream = Stream()
    check = stream.add("register_check", date(2025, 3, 1), listed=True)
    correction = stream.add("event_corrected", date(2025, 3, 2), corrects=check.id, data={"listed": False})
    accepts(stream, "event_retracted", {"retracts": correction.id, "reason": "the correction was wrong"})


def test_it_refuses_to_touch_a_retraction() -> None:
    stream = Stream()
    check = stream.add("register_check", date(2025, 3, 1), listed=True)
    retraction = stream.add("event_retracted", date(2025, 3, 2), retracts=check.id, reason="typo")
    assert refusal(stream, "event_retracted", {"retracts": retraction.id, "reason": "x"}) == {
        "retracts": [messages.TARGET_IS_RETRACTION]
    }


def test_it_refuses_to_touch_a_retracted_event() -> None:
    stream = Stream()
    check = stream.add("register_check", date(2025, 3, 1), listed=True)
    stream.add("event_retracted", date(2025, 3, 2), retracts=check.id, reason="typo")
    assert refusal(stream, "event_corrected", {"corrects": check.id, "data": {"listed": False}}) == {
        "corrects": [messages.TARGET_ALREADY_RETRACTED]
    }


def test_it_validates_corrected_data_against_the_target_type() -> None:
    stream = Stream()
    decision = stream.add("decision_issued", date(2025, 3, 1), decision_ref="D1", kind="deportation")
    data = {"corrects": decision.id, "data": {"decision_ref": "D1", "kind": "exile", "colour": "red"}}
    errors = refusal(stream, "event_corrected", data)
    assert errors["data.colour"] == [messages.UNKNOWN_FIELD]
    assert list(errors) == ["data.colour", "data.kind"]


def test_it_checks_corrected_data_against_the_corrected_date() -> None:
    stream = Stream()
    decision = stream.add(
        "decision_issued", date(2025, 3, 1), decision_ref="D1", kind="deportation", learned_on="2025-03-05"
    )
    data = {
        "corrects": decision.id,
        "occurred_on": "2025-03-10",
        "data": {"decision_ref": "D1", "kind": "deportation", "learned_on": "2025-03-05"},
    }
    assert refusal(stream, "event_corrected", data) == {"data.learned_on": [messages.BEFORE_OCCURRED_ON]}


def test_it_refuses_a_second_live_decision_with_the_same_ref() -> None:
    stream = Stream()
    stream.add("decision_issued", date(2025, 3, 1), decision_ref="D1", kind="deportation")
    assert refusal(stream, "decision_issued", {"decision_ref": "D1", "kind": "entry_ban"}) == {
        "decision_ref": [messages.DECISION_REF_IN_USE]
    }
    accepts(stream, "decision_issued", {"decision_ref": "D2", "kind": "entry_ban"})


def test_it_frees_the_ref_of_a_retracted_decision() -> None:
    stream = Stream()
    decision = stream.add("decision_issued", date(2025, 3, 1), decision_ref="D1", kind="deportation")
    stream.add("event_retracted", date(2025, 3, 2), retracts=decision.id, reason="wrong client")
    accepts(stream, "decision_issued", {"decision_ref": "D1", "kind": "entry_ban"})


def test_it_refuses_a_correction_that_takes_another_decisions_ref() -> None:
    stream = Stream()
    stream.add("decision_issued", date(2025, 3, 1), decision_ref="D1", kind="deportation")
    second = stream.add("decision_issued", date(2025, 3, 1), decision_ref="D2", kind="entry_ban")
    data = {"corrects": second.id, "data": {"decision_ref": "D1", "kind": "entry_ban"}}
    assert refusal(stream, "event_corrected", data) == {"data.decision_ref": [messages.DECISION_REF_IN_USE]}
    accepts(
        stream,
        "event_corrected",
        {"corrects": second.id, "data": {"decision_ref": "D2", "kind": "stay_reduction"}},
    )


def test_it_accepts_facts_about_a_decision_not_yet_recorded() -> None:
    stream = Stream()
    accepts(stream, "decision_served", {"decision_ref": "D9", "how": "delivered"})
    accepts(stream, "appeal_filed", {"decision_ref": "D9", "forum": "court"})
    accepts(stream, "appeal_decided", {"decision_ref": "D9", "outcome": "upheld"})
