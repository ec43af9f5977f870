"""Orders to appear, detention, presence and case administration."""

from __future__ import annotations

from datetime import UTC, date, datetime

from tests.domain.conftest import Stream, deadline, status_of, warning_codes


def test_it_makes_an_order_to_appear_a_deadline_at_its_instant() -> None:
    stream = Stream()
    order = stream.add("order_to_appear_served", date(2025, 3, 1), appear_by="2025-03-05T10:00:00+05:00")
    item = deadline(status_of(stream, date(2025, 3, 2)), f"appear:{order.id}")
    assert (item.kind, item.rule, item.status, item.due_on) == (
        "order_to_appear",
        "order_to_appear",
        "open",
        date(2025, 3, 5),
    )
    assert item.due_at == datetime(2025, 3, 5, 5, tzinfo=UTC)
    assert item.explanation[1] == (
        "Order served on 01.03.2025, Saturday: appear by 05.03.2025 10:00 (UTC+0500) = 05.03.2025 08:00 "
        "Moscow time = 2025-03-05T05:00:00Z"
    )


def test_it_never_presumes_a_passed_order_attended() -> None:
    # E10: attendance is unknown, not proven — "passed, confirm attendance", never "met".
    stream = Stream()
    order = stream.add("order_to_appear_served", date(2025, 3, 1), appear_by="2025-03-05T10:00:00+03:00")
    assert deadline(status_of(stream, date(2025, 3, 5)), f"appear:{order.id}").status == "open"
    state = status_of(stream, date(2025, 3, 6))
    item = deadline(state, f"appear:{order.id}")
    assert (item.status, item.steps[-1].key) == ("missed", "status_unconfirmed")
    assert item.explanation[-1].startswith("Passed — confirm attendance")
    assert item.next_step == "Confirm whether the client appeared: record the attendance or the breach."
    assert warning_codes(state) == ["order_attendance_unconfirmed"]


def test_it_meets_an_order_once_the_attendance_is_recorded() -> None:
    stream = Stream()
    order = stream.add("order_to_appear_served", date(2025, 3, 1), appear_by="2025-03-05T10:00:00+03:00")
    # The same instant written in another zone is the same order.
    stream.add("order_attended", date(2025, 3, 5), appear_by="2025-03-05T07:00:00+00:00")
    state = status_of(stream, date(2025, 3, 6))
    item = deadline(state, f"appear:{order.id}")
    assert (item.status, item.explanation[-1], warning_codes(state)) == (
        "met", "Met: the client's attendance is recorded", []
    )  # fmt: skip


def test_it_treats_a_passed_order_with_a_later_breach_as_missed() -> None:
    stream = Stream()
    order = stream.add("order_to_appear_served", date(2025, 3, 1), appear_by="2025-03-05T10:00:00+03:00")
    stream.add("obligation_breach", date(2025, 3, 5), kind="failed_to_appear")
    state = status_of(stream, date(2025, 3, 6))
    item = deadline(state, f"appear:{order.id}")
    assert item.status == "missed"
    assert item.explanation[-1].startswith("Missed: an obligation breach was recorded on 05.03.2025")
    assert state.obligation_breaches == 1


def test_it_does_not_count_an_earlier_breach_against_a_later_order() -> None:
    stream = Stream()
    stream.add("obligation_breach", date(2025, 2, 20), kind="whereabouts_not_reported")
    order = stream.add("order_to_appear_served", date(2025, 3, 1), appear_by="2025-03-05T10:00:00+03:00")
    item = deadline(status_of(stream, date(2025, 3, 6)), f"appear:{order.id}")
    assert item.steps[-1].key == "status_unconfirmed"  # not the breach's "missed"


def test_it_warns_about_repeated_breaches() -> None:
    stream = Stream()
    stream.add("obligation_breach", date(2025, 2, 20), kind="whereabouts_not_reported")
    assert warning_codes(status_of(stream, date(2025, 3, 6))) == []
    stream.add("obligation_breach", date(2025, 3, 1), kind="failed_to_appear")
    state = status_of(stream, date(2025, 3, 6))
    assert (state.obligation_breaches, warning_codes(state)) == (2, ["repeated_obligation_breaches"])


def test_it_counts_detention_days_inclusively_and_prompts_a_review_at_90() -> None:
    stream = Stream()
    placement = stream.add(
        "detained", date(2025, 3, 1), basis="expulsion", facility="TsVSIG Sakharovo", term_until="2025-05-01"
    )
    stream.add("detention_extended", date(2025, 4, 28), term_until="2025-07-01")
    state = status_of(stream, date(2025, 5, 10))
    assert (state.detention.detained, state.detention.since, state.detention.facility) == (
        True,
        date(2025, 3, 1),
        "TsVSIG Sakharovo",
    )
    assert (state.detention.days, state.detention.term_until) == (71, date(2025, 7, 1))
    assert status_of(stream, date(2025, 3, 1)).detention.days == 1
    review = deadline(state, f"detention_review:{placement.id}")
    assert (review.kind, review.rule, review.due_on, review.status) == (
        "legal_review",
        "detention_legal_review",
        date(2025, 5, 30),
        "open",
    )
    overdue = deadline(status_of(stream, date(2025, 5, 31)), f"detention_review:{placement.id}")
    assert overdue.status == "missed"
    assert overdue.next_step == (
        "Detention has lasted beyond 90 days: review the lawfulness of continued detention now."
    )


def test_it_ends_detention_on_release() -> None:
    stream = Stream()
    placement = stream.add("detained", date(2025, 3, 1), basis="deportation")
    stream.add("released", date(2025, 4, 1))
    state = status_of(stream, date(2025, 4, 2))
    assert (state.detention.detained, state.detention.since, state.detention.days) == (False, None, 0)
    assert deadline(state, f"detention_review:{placement.id}").status == "cancelled"
    assert state.to_dict()["detention"]["days"] == 0


def test_it_counts_visa_free_days_in_the_calendar_year() -> None:
    stream = Stream()
    stream.add("entered_russia", date(2024, 12, 20))
    stream.add("departed_russia", date(2025, 1, 31))  # 31 days in 2025
    stream.add("entered_russia", date(2025, 3, 1))  # then 01.03 to 31.03: 31 days
    assert status_of(stream, date(2025, 3, 31)).visa_free_days == 62
    assert status_of(stream, date(2024, 12, 31)).visa_free_days == 12


def test_it_warns_beyond_90_visa_free_days() -> None:
    stream = Stream()
    stream.add("entered_russia", date(2025, 1, 1))
    assert warning_codes(status_of(stream, date(2025, 3, 31))) == []  # day 90
    state = status_of(stream, date(2025, 4, 1))
    assert (state.visa_free_days, warning_codes(state)) == (91, ["visa_free_days_exceeded"])


def test_it_counts_from_new_year_when_only_a_departure_is_known() -> None:
    stream = Stream()
    stream.add("departed_russia", date(2025, 2, 10))
    assert status_of(stream, date(2025, 3, 1)).visa_free_days == 41


def test_it_has_no_visa_free_count_without_crossings() -> None:
    assert status_of(Stream(), date(2025, 3, 1)).visa_free_days is None


def test_it_tracks_assignment_and_closure() -> None:
    stream = Stream()
    stream.add("caseworker_assigned", date(2025, 3, 1), user="alice")
    stream.add("caseworker_assigned", date(2025, 3, 2), user="sam")
    stream.add("case_closed", date(2025, 3, 3))
    state = status_of(stream, date(2025, 3, 4))
    assert (state.assigned_to, state.closed) == ("sam", True)
    stream.add("case_reopened", date(2025, 3, 5))
    assert status_of(stream, date(2025, 3, 5)).closed is False


def test_it_reads_the_client_facts() -> None:
    state = status_of(Stream(), date(2025, 3, 1))
    assert (state.facts.citizenship, state.facts.sex, state.facts.birth_year, state.facts.region) == (
        "TJK",
        "M",
        1990,
        "RU-MOW",
    )


def test_an_order_to_appear_is_shown_in_an_iana_zone_not_a_bare_offset() -> None:
    from zoneinfo import ZoneInfo

    from casework.domain import ProductionCalendar, RuleBook, derive
    from casework.domain.recorded import RecordedEvent

    recorded = datetime(2025, 3, 1, 9, 0, tzinfo=UTC)
    events = [
        RecordedEvent("e1", 1, "client_registered",
                      {"citizenship": "UZB", "sex": "M", "birth_year": 1990, "region": "RU-MOW"},
                      date(2025, 3, 1), recorded),
        RecordedEvent("e2", 2, "order_to_appear_served", {"appear_by": "2025-03-05T10:00:00+03:00"},
                      date(2025, 3, 1), recorded),
    ]  # fmt: skip
    state = derive(events, as_of=date(2025, 3, 2), known_at=recorded, calendar=ProductionCalendar.official(),
                   rules=RuleBook.official(), default_timezone="Asia/Yekaterinburg")  # fmt: skip
    (order,) = [d for d in state.deadlines if d.kind == "order_to_appear"]
    assert order.authority_timezone == "Asia/Yekaterinburg"
    ZoneInfo(order.authority_timezone)  # a real zone, usable by e-mails and pages
    assert order.local_cutoff.isoformat() == "2025-03-05T12:00:00+05:00"
    assert order.due_at == datetime(2025, 3, 5, 7, 0, tzinfo=UTC)
