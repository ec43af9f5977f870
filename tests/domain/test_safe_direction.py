"""The safe direction (LEGAL-RULES.md §2) as properties of derive(): where the facts leave two candidate
dates, the earlier is the deadline. Adding a source of the trigger never moves a counted deadline later;
removing the authority's zone or region never moves a deadline later."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from casework.domain.calendar import ProductionCalendar
from casework.domain.derive import derive
from casework.domain.periods import count_period
from casework.domain.recorded import RecordedEvent
from casework.domain.reference_data import REGION_TIMEZONES
from tests.domain.conftest import OFFICIAL_RULES
from tests.domain.test_derive_properties import facts

AS_OF = date(2025, 12, 1)
KNOWN_AT = datetime(2026, 1, 1, tzinfo=UTC)
ORGANISATION_ZONE = "Europe/Moscow"
days = st.dates(min_value=date(2025, 2, 5), max_value=date(2025, 11, 30))
refs = st.sampled_from(["D1", "D2", "D3"])
kinds = st.sampled_from(
    ["administrative_expulsion", "deportation", "entry_ban", "stay_reduction", "bailiff_action",
     "detention_placement", "permit_annulment"]
)  # fmt: skip
regions = st.sampled_from(["RU-MOW", "RU-TA", "RU-PRI", "RU-KGD", "RU-SVE", "RU-KAM", "RU-SA"])
# Regional days off an admin might add, in regions where authorities sit.
CALENDAR = ProductionCalendar.official(
    {"RU-TA": [date(2025, 6, 6), date(2025, 3, 31), date(2025, 8, 30)], "RU-SA": [date(2025, 4, 28)]}
)

decisions = st.tuples(
    st.just("decision_issued"),
    days,
    st.fixed_dictionaries(
        {"decision_ref": refs, "kind": kinds},
        optional={
            "copy_received_on": days.map(date.isoformat),
            "learned_on": days.map(date.isoformat),
            "authority_region": st.sampled_from(["RU-TA", "RU-SA", "RU-MOW"]),
        },
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


def _stream(region: str, generated: list[tuple[str, date, dict[str, Any]]]) -> list[RecordedEvent]:
    registration = _event(
        1, "client_registered", date(2025, 1, 1),
        {"citizenship": "UZB", "sex": "F", "birth_year": 1990, "region": region},
    )  # fmt: skip
    return [registration, *(_event(index + 2, *fact) for index, fact in enumerate(generated))]


def _deadlines(events: list[RecordedEvent]) -> dict[str, Any]:
    state = derive(
        events, as_of=AS_OF, known_at=KNOWN_AT, calendar=CALENDAR, rules=OFFICIAL_RULES,
        default_timezone=ORGANISATION_ZONE,
    )  # fmt: skip
    return {item.key: item for item in state.deadlines}


inclusions = st.tuples(
    st.just("register_inclusion"),
    days,
    st.fixed_dictionaries({"ground": st.just("stay_expired"), "posted_on": days.map(date.isoformat)}),
)


@settings(max_examples=200, deadline=None)
@given(
    region=regions,
    subject=st.one_of(decisions, inclusions),
    generated=st.lists(st.one_of(facts, decisions), max_size=6),
    source_on=days,
    how=st.sampled_from(["delivered", "refused", "returned_unclaimed"]),
)
def test_adding_a_source_never_moves_a_counted_deadline_later(
    region: str, subject: tuple, generated: list, source_on: date, how: str
) -> None:
    events = _stream(region, [subject, *generated])
    if subject[0] == "decision_issued":
        source = ("decision_served", source_on, {"decision_ref": subject[2]["decision_ref"], "how": how})
    else:
        source = ("register_check", source_on, {"listed": True})
    before = _deadlines(events)
    after = _deadlines([*events, _event(len(events) + 1, *source)])
    for key, old in before.items():
        if old.estimated or key not in after:
            continue  # an estimate is already the earliest plausible date; a recorded source may move it
        assert after[key].due_at <= old.due_at, (key, old.trigger_on, after[key].trigger_on)


@settings(max_examples=150, deadline=None)
@given(
    region=regions,
    generated=st.lists(st.one_of(facts, decisions), min_size=1, max_size=10),
    data=st.data(),
)
def test_removing_the_authoritys_zone_or_region_never_moves_a_deadline_later(
    region: str, generated: list, data: st.DataObject
) -> None:
    # The authority is recorded in one of the zones the spec takes as candidates when it is not: the
    # organisation's, the client's region's, Moscow's (LEGAL-RULES.md §2).
    candidates = sorted({ORGANISATION_ZONE, REGION_TIMEZONES[region], "Europe/Moscow"})
    recorded = []
    for type, occurred_on, payload in generated:
        if type == "decision_issued":
            payload = {**payload, "authority_timezone": data.draw(st.sampled_from(candidates))}
        recorded.append((type, occurred_on, payload))
    with_everything = _deadlines(_stream(region, recorded))
    stripped = [
        (
            type,
            occurred_on,
            {k: v for k, v in payload.items() if k not in ("authority_timezone", "authority_region")},
        )
        for type, occurred_on, payload in recorded
    ]
    without = _deadlines(_stream(region, stripped))
    assert set(without) == set(with_everything)
    for key, item in with_everything.items():
        assert without[key].due_at <= item.due_at, key


@settings(max_examples=100, deadline=None)
@given(day=days, kind=kinds, region=st.sampled_from(["RU-TA", "RU-SA"]))
def test_a_regional_day_off_never_moves_the_deadline_it_only_names_the_later_date(
    day: date, kind: str, region: str
) -> None:
    data = {
        "decision_ref": "D1",
        "kind": kind,
        "copy_received_on": day.isoformat(),
        "learned_on": day.isoformat(),
    }
    federal = _deadlines(_stream("RU-MOW", [("decision_issued", day, data)]))
    regional = _deadlines(_stream("RU-MOW", [("decision_issued", day, {**data, "authority_region": region})]))
    assert federal["appeal:D1"].due_on == regional["appeal:D1"].due_on
    # The later date the regional day would give, counted independently: named exactly when it differs.
    rule = OFFICIAL_RULES.rule_for(kind, day)
    assert rule is not None
    later = count_period(rule.unit, rule.amount, day, calendar=CALENDAR, region=region).due_on
    named = [step.params["due_on"] for step in regional["appeal:D1"].steps if step.key == "regional_day_off"]
    assert named == ([later.isoformat()] if later != federal["appeal:D1"].due_on else [])
