"""Properties of derive() over generated streams."""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from casework.domain.derive import derive
from casework.domain.recorded import RecordedEvent
from tests.domain.conftest import OFFICIAL_CALENDAR, OFFICIAL_RULES

AS_OF = date(2025, 12, 1)
KNOWN_AT = datetime(2026, 1, 1, tzinfo=UTC)
days = st.dates(min_value=date(2025, 2, 5), max_value=date(2025, 11, 30))
refs = st.sampled_from(["D1", "D2", "D3"])


def _iso(day: date) -> str:
    return day.isoformat()


# (type, occurred_on, data) for facts a caseworker might record, in any order.
facts = st.one_of(
    st.tuples(
        st.just("register_inclusion"),
        days,
        st.fixed_dictionaries(
            {"ground": st.sampled_from(["stay_expired", "illegal_entry", "other"])},
            optional={"posted_on": days.map(_iso)},
        ),
    ),
    st.tuples(st.just("register_exclusion"), days, st.just({"ground": "departure"})),
    st.tuples(st.just("register_check"), days, st.fixed_dictionaries({"listed": st.booleans()})),
    st.tuples(
        st.sampled_from(
            [
                "bank_account_frozen",
                "bank_account_unfrozen",
                "departed_russia",
                "released",
                "entered_russia",
                "case_closed",
            ]
        ),
        days,
        st.just({}),
    ),
    st.tuples(st.just("restriction_enforced"), days, st.just({"restriction": "no_marriage"})),
    st.tuples(
        st.just("decision_issued"),
        days,
        st.fixed_dictionaries(
            {
                "decision_ref": refs,
                "kind": st.sampled_from(
                    [
                        "administrative_expulsion",
                        "deportation",
                        "entry_ban",
                        "bailiff_action",
                        "asylum_refusal",
                    ]
                ),
            },
            optional={"copy_received_on": days.map(_iso), "learned_on": days.map(_iso)},
        ),
    ),
    st.tuples(
        st.just("decision_served"),
        days,
        st.fixed_dictionaries({"decision_ref": refs, "how": st.just("delivered")}),
    ),
    st.tuples(
        st.just("appeal_filed"),
        days,
        st.fixed_dictionaries({"decision_ref": refs, "forum": st.just("court")}),
    ),
    st.tuples(
        st.just("appeal_decided"),
        days,
        st.fixed_dictionaries(
            {"decision_ref": refs, "outcome": st.sampled_from(["upheld", "overturned", "returned"])},
            optional={"copy_received_on": days.map(_iso)},
        ),
    ),
    st.tuples(st.just("detained"), days, st.just({"basis": "expulsion", "facility": "Sakharovo"})),
    st.tuples(st.just("obligation_breach"), days, st.just({"kind": "failed_to_appear"})),
    st.tuples(
        st.just("order_to_appear_served"),
        days,
        st.integers(0, 20).map(lambda n: {"appear_by": f"2025-12-{n + 1:02d}T10:00:00+03:00"}),
    ),
)


def _event(version: int, type: str, occurred_on: date, data: dict[str, Any]) -> RecordedEvent:
    return RecordedEvent(
        id=str(uuid.UUID(int=version)),
        version=version,
        type=type,
        data=data,
        occurred_on=occurred_on,
        recorded_at=datetime.combine(date(2025, 12, 1), time(0), tzinfo=UTC) + timedelta(minutes=version),
    )


def _stream(generated: list[tuple[str, date, dict[str, Any]]]) -> list[RecordedEvent]:
    registration = _event(
        1,
        "client_registered",
        date(2025, 1, 1),
        {"citizenship": "UZB", "sex": "F", "birth_year": 1990, "region": "RU-SPE"},
    )
    return [registration, *(_event(index + 2, *fact) for index, fact in enumerate(generated))]


def _status(events: list[RecordedEvent], known_at: datetime = KNOWN_AT) -> dict[str, Any]:
    return derive(
        events, as_of=AS_OF, known_at=known_at, calendar=OFFICIAL_CALENDAR, rules=OFFICIAL_RULES
    ).to_dict()


def _without_version(status: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in status.items() if key != "version"}


@settings(max_examples=60, deadline=None)
@given(generated=st.lists(facts, min_size=1, max_size=12), data=st.data())
def test_it_treats_a_retracted_event_as_never_recorded(generated: list, data: st.DataObject) -> None:
    events = _stream(generated)
    target = data.draw(st.sampled_from(events[1:]))
    retraction = _event(
        len(events) + 1, "event_retracted", AS_OF, {"retracts": target.id, "reason": "mistake"}
    )
    retracted = _without_version(_status([*events, retraction]))
    never = _without_version(_status([event for event in events if event is not target]))
    # The one difference allowed: a retracted decision, inclusion or order shows its deadline as cancelled.
    never_keys = {item["key"] for item in never["deadlines"]}
    retracted["deadlines"] = [
        item for item in retracted["deadlines"] if item["key"] in never_keys or item["status"] != "cancelled"
    ]
    assert retracted == never


@settings(max_examples=60, deadline=None)
@given(generated=st.lists(facts, min_size=1, max_size=10), later=st.lists(facts, min_size=1, max_size=4))
def test_it_ignores_events_recorded_after_known_at(generated: list, later: list) -> None:
    events = _stream(generated)
    known_at = events[-1].recorded_at
    added = [
        replace(event, recorded_at=known_at + timedelta(seconds=1))
        for event in _stream(generated + later)[len(events) :]
    ]
    assert _status([*events, *added], known_at) == _status(events, known_at)


@settings(max_examples=60, deadline=None)
@given(generated=st.lists(facts, min_size=1, max_size=12), order=st.randoms(use_true_random=False))
def test_it_is_deterministic_and_independent_of_input_order(generated: list, order: Any) -> None:
    events = _stream(generated)
    shuffled = list(events)
    order.shuffle(shuffled)
    assert _status(shuffled) == _status(events)


@settings(max_examples=60, deadline=None)
@given(generated=st.lists(facts, min_size=1, max_size=10), shift=st.integers(-30, 30), data=st.data())
def test_it_returns_to_the_original_after_correcting_back(
    generated: list, shift: int, data: st.DataObject
) -> None:
    events = _stream(generated)
    target = data.draw(st.sampled_from(events[1:]))
    moved = target.occurred_on + timedelta(days=shift)
    first = _event(
        len(events) + 1,
        "event_corrected",
        AS_OF,
        {"corrects": target.id, "data": dict(target.data), "occurred_on": moved.isoformat()},
    )
    back = _event(
        len(events) + 2,
        "event_corrected",
        AS_OF,
        {"corrects": target.id, "data": dict(target.data), "occurred_on": target.occurred_on.isoformat()},
    )
    assert _without_version(_status([*events, first, back])) == _without_version(_status(events))
