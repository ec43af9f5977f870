"""Two times: as_of (the world) and known_at (our knowledge); corrections and retractions."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime

import pytest

from casework.domain.derive import derive
from tests.domain.conftest import (
    OFFICIAL_CALENDAR,
    OFFICIAL_RULES,
    Stream,
    deadline,
    status_of,
    warning_codes,
)


def expulsion_stream() -> tuple[Stream, str]:
    stream = Stream()
    decision = stream.add(
        "decision_issued",
        date(2025, 2, 27),
        decision_ref="D1",
        kind="administrative_expulsion",
        copy_received_on="2025-02-27",
    )
    return stream, decision.id


def test_it_ignores_events_that_occur_after_as_of() -> None:
    stream = Stream()
    stream.add("register_inclusion", date(2025, 2, 10), ground="stay_expired")
    assert status_of(stream, date(2025, 2, 9)).register.listed is False
    assert status_of(stream, date(2025, 2, 10)).register.listed is True


def test_it_ignores_events_recorded_after_known_at() -> None:
    stream = Stream()
    stream.add(
        "register_inclusion",
        date(2025, 2, 10),
        ground="stay_expired",
        recorded_at=datetime(2025, 3, 5, 9, tzinfo=UTC),
    )
    # "What applied on 1 March, as we knew it on 4 March?" — not listed; as known on 5 March — listed.
    assert (
        status_of(stream, date(2025, 3, 1), known_at=datetime(2025, 3, 4, tzinfo=UTC)).register.listed
        is False
    )
    known_later = status_of(stream, date(2025, 3, 1), known_at=datetime(2025, 3, 5, 9, tzinfo=UTC))
    assert (known_later.register.listed, known_later.version) == (True, 2)


def test_it_replaces_data_with_the_latest_correction() -> None:
    stream, decision_id = expulsion_stream()
    corrected = {"decision_ref": "D1", "kind": "administrative_expulsion", "copy_received_on": "2025-04-28"}
    stream.add("event_corrected", date(2025, 5, 1), corrects=decision_id, data=corrected)
    assert deadline(status_of(stream, date(2025, 5, 1)), "appeal:D1").due_on == date(2025, 5, 12)
    corrected_again = {**corrected, "copy_received_on": "2025-03-03"}
    stream.add("event_corrected", date(2025, 5, 2), corrects=decision_id, data=corrected_again)
    assert deadline(status_of(stream, date(2025, 5, 2)), "appeal:D1").due_on == date(2025, 3, 13)


def test_it_applies_a_correction_whatever_its_own_date() -> None:
    stream, decision_id = expulsion_stream()
    data = {"decision_ref": "D1", "kind": "administrative_expulsion", "copy_received_on": "2025-03-03"}
    stream.add("event_corrected", date(2025, 6, 1), corrects=decision_id, data=data)
    # As of 05.03 the correction (made in June) already tells us the true copy date.
    assert deadline(status_of(stream, date(2025, 3, 5)), "appeal:D1").due_on == date(2025, 3, 13)
    as_known_in_march = status_of(stream, date(2025, 3, 5), known_at=datetime(2025, 3, 6, tzinfo=UTC))
    assert deadline(as_known_in_march, "appeal:D1").due_on == date(2025, 3, 10)


def test_it_moves_an_event_by_a_corrected_date() -> None:
    stream = Stream()
    inclusion = stream.add("register_inclusion", date(2025, 2, 10), ground="stay_expired")
    stream.add(
        "event_corrected",
        date(2025, 3, 1),
        corrects=inclusion.id,
        occurred_on="2025-02-20",
        data={"ground": "illegal_entry"},
    )
    assert status_of(stream, date(2025, 2, 15)).register.listed is False
    state = status_of(stream, date(2025, 2, 20))
    assert (state.register.since, state.register.ground) == (date(2025, 2, 20), "illegal_entry")


def test_it_restores_the_previous_version_when_a_correction_is_retracted() -> None:
    stream, decision_id = expulsion_stream()
    data = {"decision_ref": "D1", "kind": "administrative_expulsion", "copy_received_on": "2025-04-28"}
    correction = stream.add("event_corrected", date(2025, 5, 1), corrects=decision_id, data=data)
    stream.add("event_retracted", date(2025, 5, 2), retracts=correction.id, reason="wrong decision")
    assert deadline(status_of(stream, date(2025, 5, 2)), "appeal:D1").due_on == date(2025, 3, 10)


def test_it_cancels_the_deadline_of_a_retracted_decision() -> None:
    stream, decision_id = expulsion_stream()
    stream.add(
        "event_retracted", date(2025, 3, 2), retracts=decision_id, reason="recorded for the wrong client"
    )
    state = status_of(stream, date(2025, 3, 3))
    item = deadline(state, "appeal:D1")
    assert (item.status, item.explanation[-1]) == ("cancelled", "Cancelled: the decision was retracted")
    assert (state.decisions, state.next_deadline, warning_codes(state)) == ((), None, [])


def test_it_requires_an_aware_known_at() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        derive(
            [],
            as_of=date(2025, 3, 1),
            known_at=datetime(2025, 3, 1),
            calendar=OFFICIAL_CALENDAR,
            rules=OFFICIAL_RULES,
        )


def test_it_produces_the_api_status_shape() -> None:
    stream, _ = expulsion_stream()
    stream.add("register_inclusion", date(2025, 2, 10), ground="stay_expired", posted_on="2025-02-11")
    output = status_of(stream, date(2025, 3, 1), known_at=datetime(2025, 3, 1, 12, tzinfo=UTC)).to_dict()
    assert {
        "as_of",
        "known_at",
        "version",
        "register",
        "restrictions",
        "bank_account_frozen",
        "detention",
        "deadlines",
        "warnings",
    } <= set(output)
    assert (output["as_of"], output["known_at"], output["version"]) == (
        "2025-03-01",
        "2025-03-01T12:00:00Z",
        3,
    )
    assert output["register"] == {
        "listed": True,
        "since": "2025-02-10",
        "ground": "stay_expired",
        "posted_on": "2025-02-11",
        "excluded_on": None,
        "provisional": False,
    }
    assert {"code", "since", "legal_basis", "confidence"} <= set(output["restrictions"][0])
    assert {"detained": False, "since": None, "facility": None, "days": 0}.items() <= output[
        "detention"
    ].items()
    appeal = output["deadlines"][0]
    assert {
        key: appeal[key]
        for key in (
            "key",
            "kind",
            "rule",
            "rule_version",
            "decision_ref",
            "due_on",
            "due_at",
            "status",
            "estimated",
            "confidence",
        )
    } == {
        "key": "appeal:D1",
        "kind": "appeal",
        "rule": "koap_expulsion_appeal",
        "rule_version": 2,
        "decision_ref": "D1",
        "due_on": "2025-03-10",
        "due_at": "2025-03-10T21:00:00Z",
        "status": "open",
        "estimated": False,
        "confidence": "high",
    }
    assert appeal["legal_basis"] == "KoAP RF art. 30.1, 30.3 part 1, 4.8"
    assert all(isinstance(line, str) for line in appeal["explanation"])
    assert output["next_deadline"] == "appeal:D1"
    assert json.loads(json.dumps(output)) == output
    assert (output["calendar_version"], output["rules_version"]) == (
        OFFICIAL_CALENDAR.version,
        OFFICIAL_RULES.version,
    )
