from __future__ import annotations

import pytest

from casework.domain.catalogue import EVENT_TYPES
from casework.domain.events import merge_sensitive, split_sensitive


def test_it_lists_the_sensitive_fields() -> None:
    sensitive = {
        (name, field) for name, event_type in EVENT_TYPES.items() for field in event_type.sensitive_fields
    }
    assert sensitive == {
        ("note_added", "text"),
        ("register_inclusion", "reason_text"),
        ("register_exclusion", "reason"),
        ("decision_issued", "official_number"),
        ("released", "reason"),
        ("entered_russia", "purpose"),
        ("citizenship_terminated", "reason"),
        ("case_closed", "reason"),
        ("case_reopened", "reason"),
        ("event_retracted", "reason"),
        # Free text that could name where a person is held, with whatever a caseworker types (issue 14).
        ("detained", "facility"),
    }


def test_it_moves_sensitive_text_to_the_secret_part() -> None:
    data = {"decision_ref": "D1", "kind": "deportation", "official_number": "5-123/2025"}
    plain, secret = split_sensitive("decision_issued", data)
    assert plain == {"decision_ref": "D1", "kind": "deportation", "official_number": None}
    assert secret == {"official_number": "5-123/2025"}
    assert merge_sensitive(plain, secret) == data


def test_it_gives_none_for_erased_fields() -> None:
    plain, _ = split_sensitive("note_added", {"text": "Ivan Petrov, passport 1234"})
    assert merge_sensitive(plain, None) == {"text": None}


def test_it_splits_a_correction_by_the_target_type() -> None:
    data = {"corrects": "c0ffee", "data": {"text": "Ivan"}, "occurred_on": "2025-03-01"}
    plain, secret = split_sensitive("event_corrected", data, target_type="note_added")
    assert plain == {"corrects": "c0ffee", "data": {"text": None}, "occurred_on": "2025-03-01"}
    assert secret == {"data.text": "Ivan"}
    assert merge_sensitive(plain, secret) == data
    assert merge_sensitive(plain, None)["data"] == {"text": None}


def test_it_refuses_to_split_a_correction_without_the_target_type() -> None:
    with pytest.raises(ValueError, match="target_type"):
        split_sensitive("event_corrected", {"corrects": "c0ffee", "data": {"text": "Ivan"}})


def test_it_keeps_non_sensitive_payloads_whole() -> None:
    data = {"basis": "expulsion", "term_until": "2025-06-01"}
    assert split_sensitive("detained", data) == (data, {})
