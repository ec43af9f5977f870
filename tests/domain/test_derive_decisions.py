from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from casework.domain.calendar import ProductionCalendar
from tests.domain.conftest import Stream, deadline, status_of, warning_codes


def expulsion(stream: Stream, issued_on: date = date(2025, 2, 27), **data: str):  # type: ignore[no-untyped-def]
    # The authority's zone recorded, as a caseworker would: without it the deadline warns that it is assumed.
    data.setdefault("authority_timezone", "Europe/Moscow")
    return stream.add(
        "decision_issued", issued_on, decision_ref="D1", kind="administrative_expulsion", **data
    )


def test_it_opens_the_koap_appeal_from_the_copy() -> None:
    stream = Stream()
    decision = expulsion(stream, copy_received_on="2025-02-27")
    state = status_of(stream, date(2025, 3, 1))
    item = deadline(state, "appeal:D1")
    assert (item.kind, item.rule, item.rule_version, item.decision_ref, item.confidence) == (
        "appeal",
        "koap_expulsion_appeal",
        2,
        "D1",
        "high",
    )
    assert (item.due_on, item.due_at, item.status, item.estimated) == (
        date(2025, 3, 10),
        datetime(2025, 3, 10, 21, tzinfo=UTC),
        "open",
        False,
    )
    assert (item.trigger_event, item.trigger_on) == (decision.id, date(2025, 2, 27))
    assert item.explanation == (
        "Rule koap_expulsion_appeal (version 2): Complaint to the higher court; against a resolution of an MVD "
        "official, to the higher official or the district court, 10 koap_days (KoAP RF art. 30.1, 30.3 part 1, "
        "4.8; confidence high)",
        "Trigger: copy of decision D1 received on 27.02.2025, Thursday",
        "The period starts the day after the trigger: 28.02.2025, Friday",
        "Day 10 = 09.03.2025, Sunday, a non-working day → next working day 10.03.2025, Monday",
        "Last day of the period: 10.03.2025, Monday; the filing must be made by 24:00",
        "Cut-off: 24:00 on 10.03.2025 Moscow time (Europe/Moscow) = 2025-03-10T21:00:00Z",
        "Open as of 01.03.2025, Saturday: no appeal recorded yet",
    )
    assert state.next_deadline is item


def test_it_meets_the_deadline_with_an_appeal_filed_in_time() -> None:
    stream = Stream()
    stream.add("register_inclusion", date(2025, 2, 10), ground="stay_expired", posted_on="2025-02-11")
    stream.add("bank_account_frozen", date(2025, 2, 20))
    expulsion(stream, copy_received_on="2025-02-27")
    stream.add("appeal_filed", date(2025, 3, 10), decision_ref="D1", forum="court")
    state = status_of(stream, date(2025, 3, 20))
    item = deadline(state, "appeal:D1")
    assert item.status == "met"
    assert item.explanation[-1] == "Met: appeal filed on 10.03.2025"
    assert (state.register.listed, state.bank_account_frozen, warning_codes(state)) == (True, True, [])
    assert state.next_deadline is not None
    assert state.next_deadline.key.startswith("register:")
    assert state.decisions[0].appeals[0].filed_on == date(2025, 3, 10)


def test_it_misses_the_deadline_and_points_to_restoration() -> None:
    stream = Stream()
    expulsion(stream, copy_received_on="2025-02-27")
    assert deadline(status_of(stream, date(2025, 3, 10)), "appeal:D1").status == "open"
    item = deadline(status_of(stream, date(2025, 3, 11)), "appeal:D1")
    assert item.status == "missed"
    assert item.next_step == (
        "The period has passed, but it is not final: file together with a petition to restore the missed "
        "period (KoAP RF art. 30.3 part 2), giving the reasons for the delay."
    )
    assert item.explanation[-1].startswith("Missed as of 11.03.2025, Tuesday: no appeal filed by 10.03.2025.")


def test_it_keeps_a_late_appeal_missed_and_warns() -> None:
    stream = Stream()
    expulsion(stream, copy_received_on="2025-02-27")
    stream.add("appeal_filed", date(2025, 3, 11), decision_ref="D1", forum="court")
    state = status_of(stream, date(2025, 3, 12))
    assert deadline(state, "appeal:D1").status == "missed"
    assert warning_codes(state) == ["appeal_filed_late"]
    assert "filed on 11.03.2025, after the deadline 10.03.2025" in state.warnings[0].message


def test_it_counts_from_service_when_the_copy_date_is_not_on_the_decision() -> None:
    stream = Stream()
    expulsion(stream)
    served = stream.add("decision_served", date(2025, 4, 28), decision_ref="D1", how="returned_unclaimed")
    state = status_of(stream, date(2025, 4, 29))
    item = deadline(state, "appeal:D1")
    assert (item.trigger_event, item.trigger_on, item.due_on, item.estimated) == (
        served.id,
        date(2025, 4, 28),
        date(2025, 5, 12),
        False,
    )
    assert warning_codes(state) == []


def test_it_estimates_from_the_decision_date_when_nothing_else_is_known() -> None:
    stream = Stream()
    expulsion(stream)
    state = status_of(stream, date(2025, 3, 1))
    item = deadline(state, "appeal:D1")
    assert (item.trigger_on, item.due_on, item.estimated) == (date(2025, 2, 27), date(2025, 3, 10), True)
    assert warning_codes(state) == ["trigger_unknown"]
    assert state.warnings[0].subject == "appeal:D1"


@pytest.mark.parametrize(
    ("kind", "data", "rule", "due_on", "estimated"),
    [
        (
            "deportation",
            {"learned_on": "2025-03-10", "copy_received_on": "2025-03-12"},
            "kas_deportation",
            date(2025, 6, 10),
            False,
        ),
        (
            "stay_reduction",
            {"copy_received_on": "2025-03-31"},
            "kas_stay_reduction",
            date(2025, 6, 30),
            False,
        ),
        ("entry_ban", {}, "kas_entry_ban", date(2025, 6, 3), True),
        ("undesirability", {"learned_on": "2025-08-04"}, "kas_undesirability", date(2025, 11, 5), False),
        ("permit_annulment", {"learned_on": "2025-11-30"}, "kas_permit_annulment", date(2026, 3, 2), False),
        ("bailiff_action", {"learned_on": "2025-04-28"}, "kas_bailiff_action", date(2025, 5, 16), False),
        # 10 working days from the decision of 03.03.2025 (the shorter candidate; the month is named).
        ("detention_placement", {}, "kas_detention_placement", date(2025, 3, 17), False),
    ],
)
def test_it_opens_the_kas_rule_of_each_decision_kind(
    kind: str, data: dict, rule: str, due_on: date, estimated: bool
) -> None:
    stream = Stream()
    issued_on = date(2025, 3, 3) if not data else date.fromisoformat(min(data.values()))
    stream.add(
        "decision_issued", issued_on, decision_ref="D1", kind=kind, authority_timezone="Europe/Moscow", **data
    )
    item = deadline(status_of(stream, issued_on), "appeal:D1")
    assert (item.rule, item.due_on, item.estimated) == (rule, due_on, estimated)


def test_it_marks_the_detention_placement_rule_for_a_lawyer() -> None:
    stream = Stream()
    stream.add("decision_issued", date(2025, 3, 3), decision_ref="D1", kind="detention_placement")
    item = deadline(status_of(stream, date(2025, 3, 3)), "appeal:D1")
    assert (item.confidence, item.needs_lawyer_check) == ("low", True)


def test_it_says_to_check_an_asylum_refusal_today() -> None:
    stream = Stream()
    stream.add("decision_issued", date(2025, 3, 3), decision_ref="D7", kind="asylum_refusal")
    state = status_of(stream, date(2025, 3, 4))
    assert (state.deadlines, warning_codes(state)) == ((), ["asylum_no_rule"])
    assert "Check the period today" in state.warnings[0].message


@pytest.mark.parametrize("kind", ["citizenship_termination", "other"])
def test_it_warns_that_some_decisions_have_no_rule(kind: str) -> None:
    stream = Stream()
    stream.add("decision_issued", date(2025, 3, 3), decision_ref="D7", kind=kind)
    state = status_of(stream, date(2025, 3, 4))
    assert state.deadlines == ()
    assert warning_codes(state) == ["no_deadline_rule"]
    assert state.warnings[0].message == (
        f"No deadline rule exists for a decision of kind {kind} (D7); verify the appeal period with a lawyer."
    )


def test_it_opens_the_next_level_after_an_upheld_decision() -> None:
    stream = Stream()
    expulsion(stream, copy_received_on="2025-02-27")
    stream.add("appeal_filed", date(2025, 3, 5), decision_ref="D1", forum="court")
    decided = stream.add(
        "appeal_decided",
        date(2025, 5, 28),
        decision_ref="D1",
        outcome="upheld",
        copy_received_on="2025-06-02",
    )
    state = status_of(stream, date(2025, 6, 3))
    assert deadline(state, "appeal:D1").status == "met"
    item = deadline(state, "appeal:D1:2")
    assert (item.rule, item.level, item.due_on, item.status, item.estimated, item.confidence) == (
        "koap_complaint_decision_appeal",
        2,
        date(2025, 6, 16),
        "open",
        False,
        "medium",
    )
    assert item.trigger_event == decided.id
    stream.add("appeal_filed", date(2025, 6, 10), decision_ref="D1", forum="court")
    assert deadline(status_of(stream, date(2025, 6, 20)), "appeal:D1:2").status == "met"


def test_it_estimates_the_next_level_without_the_copy_date() -> None:
    stream = Stream()
    expulsion(stream, copy_received_on="2025-02-27")
    stream.add("appeal_filed", date(2025, 3, 5), decision_ref="D1", forum="court")
    stream.add("appeal_decided", date(2025, 6, 2), decision_ref="D1", outcome="upheld")
    state = status_of(stream, date(2025, 6, 3))
    item = deadline(state, "appeal:D1:2")
    assert (item.trigger_on, item.due_on, item.estimated) == (date(2025, 6, 2), date(2025, 6, 16), True)
    assert warning_codes(state) == ["trigger_unknown"]


def test_it_opens_no_next_level_after_the_decision_is_overturned() -> None:
    stream = Stream()
    expulsion(stream, copy_received_on="2025-02-27")
    stream.add("appeal_filed", date(2025, 3, 5), decision_ref="D1", forum="court")
    stream.add("appeal_decided", date(2025, 4, 1), decision_ref="D1", outcome="overturned")
    assert [item.key for item in status_of(stream, date(2025, 4, 2)).deadlines] == ["appeal:D1"]


def test_it_opens_the_kas_appeal_after_the_courts_first_instance_decision() -> None:
    stream = Stream()
    stream.add(
        "decision_issued", date(2025, 3, 3), decision_ref="D2", kind="deportation", learned_on="2025-03-03",
        authority_timezone="Europe/Moscow",
    )  # fmt: skip
    stream.add("appeal_filed", date(2025, 3, 20), decision_ref="D2", forum="court")
    stream.add("appeal_decided", date(2025, 5, 20), decision_ref="D2", outcome="upheld")
    state = status_of(stream, date(2025, 5, 21))
    assert [item.key for item in state.deadlines] == ["appeal:D2", "appeal:D2:2"]
    item = deadline(state, "appeal:D2:2")
    # No final form recorded: counted from the hearing, which can only be earlier.
    assert (item.rule, item.trigger_on, item.due_on, item.estimated) == (
        "kas_appeal", date(2025, 5, 20), date(2025, 6, 20), True
    )  # fmt: skip
    assert warning_codes(state) == ["trigger_unknown"]


def test_it_warns_once_about_follow_ups_of_an_unknown_decision() -> None:
    stream = Stream()
    stream.add("decision_served", date(2025, 3, 1), decision_ref="D9", how="delivered")
    stream.add("appeal_filed", date(2025, 3, 5), decision_ref="D9", forum="court")
    state = status_of(stream, date(2025, 3, 6))
    assert warning_codes(state) == ["unknown_decision", "unknown_decision"]
    assert {warning.message.split(" ")[0] for warning in state.warnings} == {
        "decision_served",
        "appeal_filed",
    }
    assert state.deadlines == ()


def test_it_computes_the_deadline_once_a_late_learned_decision_is_recorded() -> None:
    stream = Stream()
    stream.add("decision_served", date(2025, 2, 27), decision_ref="D1", how="delivered")
    expulsion(stream, issued_on=date(2025, 2, 25))
    state = status_of(stream, date(2025, 3, 1))
    assert (deadline(state, "appeal:D1").due_on, warning_codes(state)) == (date(2025, 3, 10), [])


def test_it_ends_at_the_authoritys_midnight() -> None:
    stream = Stream()
    expulsion(stream, copy_received_on="2025-02-27", authority_timezone="Asia/Vladivostok")
    item = deadline(status_of(stream, date(2025, 3, 1)), "appeal:D1")
    assert item.due_at == datetime(2025, 3, 10, 14, tzinfo=UTC)
    assert item.local_cutoff.isoformat() == "2025-03-11T00:00:00+10:00"
    assert item.moscow_cutoff.isoformat() == "2025-03-11T00:00:00+03:00"


def test_it_ignores_the_regional_days_off_of_the_clients_region() -> None:
    stream = Stream()  # registered in RU-MOW; the authority's region is not recorded: the federal date
    expulsion(stream, copy_received_on="2025-02-27")
    moscow_off = ProductionCalendar.official({"RU-MOW": [date(2025, 3, 10)], "RU-TA": [date(2025, 3, 11)]})
    state = status_of(stream, date(2025, 3, 1), calendar=moscow_off)
    assert (deadline(state, "appeal:D1").due_on, warning_codes(state)) == (date(2025, 3, 10), [])


def test_it_names_the_authoritys_regional_day_off_and_keeps_the_federal_date() -> None:
    stream = Stream()
    expulsion(stream, copy_received_on="2025-02-27", authority_region="RU-TA")
    tatarstan_off = ProductionCalendar.official({"RU-TA": [date(2025, 3, 10)]})
    state = status_of(stream, date(2025, 3, 1), calendar=tatarstan_off)
    item = deadline(state, "appeal:D1")
    assert item.due_on == date(2025, 3, 10)  # the earlier candidate
    step = next(step for step in item.steps if step.key == "regional_day_off")
    assert (step.params["region"], step.params["due_on"]) == ("RU-TA", "2025-03-11")
    assert warning_codes(state) == ["regional_day_off"]


def test_it_refuses_to_guess_when_the_calendar_year_is_missing() -> None:
    stream = Stream()
    expulsion(stream, issued_on=date(2027, 12, 25), copy_received_on="2027-12-25")
    state = status_of(stream, date(2027, 12, 26))
    assert state.deadlines == ()
    assert warning_codes(state) == ["calendar_missing"]
    assert "koap_expulsion_appeal" in state.warnings[0].message
    assert "no production calendar for 2028" in state.warnings[0].message


def test_it_warns_about_provisional_calendar_data() -> None:
    stream = Stream()
    expulsion(stream, issued_on=date(2027, 2, 10), copy_received_on="2027-02-10")
    state = status_of(stream, date(2027, 2, 11))
    # Day 10 = Saturday 20.02.2027, a working Saturday in the draft 2027 calendar.
    assert deadline(state, "appeal:D1").due_on == date(2027, 2, 20)
    assert warning_codes(state) == ["calendar_provisional"]


def test_it_warns_about_two_decisions_with_one_ref() -> None:
    stream = Stream()
    expulsion(stream, copy_received_on="2025-02-27")
    stream.add("decision_issued", date(2025, 3, 1), decision_ref="D1", kind="deportation")
    state = status_of(stream, date(2025, 3, 2))
    assert [decision.kind for decision in state.decisions] == ["administrative_expulsion"]
    assert warning_codes(state) == ["duplicate_decision_ref"]


def test_it_falls_back_to_the_default_zone_for_an_invalid_one() -> None:
    stream = Stream()
    expulsion(stream, copy_received_on="2025-02-27", authority_timezone="UTC+5")
    state = status_of(stream, date(2025, 3, 1))
    assert deadline(state, "appeal:D1").authority_timezone == "Europe/Moscow"
    assert warning_codes(state) == ["invalid_timezone"]
