"""case_history(): the anonymous facts the statistics count, read from the stream as derive() reads it."""

from __future__ import annotations

from datetime import date

from casework.domain.state import Fact
from tests.domain.conftest import Stream, status_of

AS_OF = date(2025, 12, 31)


def history(stream: Stream) -> list[Fact]:
    return list(status_of(stream, AS_OF).history)


def of_kind(stream: Stream, kind: str) -> list[Fact]:
    return [fact for fact in history(stream) if fact.kind == kind]


def test_it_records_the_intake_on_the_day_the_client_was_registered() -> None:
    assert history(Stream(registered_on=date(2025, 1, 10))) == [Fact("intake", date(2025, 1, 10))]


def test_it_records_each_listing_once_with_its_latest_ground() -> None:
    stream = Stream()
    stream.add("register_inclusion", date(2025, 2, 10), ground="other", source="bank")
    stream.add("register_inclusion", date(2025, 3, 1), ground="stay_expired", source="register_check")
    stream.add("register_exclusion", date(2025, 5, 5), ground="departure")
    stream.add("register_inclusion", date(2025, 9, 1), ground="illegal_entry")

    assert of_kind(stream, "inclusion") == [
        Fact("inclusion", date(2025, 2, 10), category="stay_expired"),  # restated, not a second listing
        Fact("inclusion", date(2025, 9, 1), category="illegal_entry"),
    ]


def test_it_records_a_freeze_with_the_register_status_of_that_day() -> None:
    stream = Stream()
    stream.add("bank_account_frozen", date(2025, 2, 1))  # before any listing: the bank's error
    stream.add("bank_account_frozen", date(2025, 2, 3))  # the same freeze, seen again
    stream.add("bank_account_unfrozen", date(2025, 2, 20))
    stream.add("register_inclusion", date(2025, 3, 1), ground="stay_expired")
    stream.add("bank_account_frozen", date(2025, 3, 10))

    assert of_kind(stream, "freeze") == [
        Fact("freeze", date(2025, 2, 1), outcome="not_listed"),
        Fact("freeze", date(2025, 3, 10), outcome="listed"),
    ]


def test_it_records_each_placement_but_not_its_extension() -> None:
    stream = Stream()
    stream.add("detained", date(2025, 4, 1), basis="expulsion", facility="Centre No. 1")
    stream.add("detention_extended", date(2025, 5, 1), term_until="2025-08-01")
    stream.add("detained", date(2025, 5, 2), basis="expulsion", facility="Centre No. 2")  # a transfer
    stream.add("released", date(2025, 6, 1))
    stream.add("detained", date(2025, 10, 1), basis="deportation")

    assert of_kind(stream, "detention") == [
        Fact("detention", date(2025, 4, 1), category="expulsion"),
        Fact("detention", date(2025, 10, 1), category="deportation"),
    ]


def test_it_keeps_no_facility_reference_or_text_in_any_fact() -> None:
    stream = Stream()
    stream.add("detained", date(2025, 4, 1), basis="other", facility="Sakharovo centre")
    stream.add("decision_issued", date(2025, 4, 2), decision_ref="AE-77/2025", kind="deportation")

    values = {value for fact in history(stream) for value in (fact.category, fact.outcome)}
    assert values == {"", "other", "deportation", "not_appealed"}


def decision_stream(*follow_ups: tuple[str, date, dict[str, str]]) -> Stream:
    stream = Stream()
    stream.add("decision_issued", date(2025, 3, 1), decision_ref="D1", kind="administrative_expulsion")
    for type, occurred_on, data in follow_ups:
        stream.add(type, occurred_on, decision_ref="D1", **data)
    return stream


FILED = ("appeal_filed", date(2025, 3, 5), {"forum": "court"})
UPHELD = ("appeal_decided", date(2025, 4, 1), {"outcome": "upheld"})
FILED_AGAIN = ("appeal_filed", date(2025, 4, 8), {"forum": "court"})
OVERTURNED = ("appeal_decided", date(2025, 5, 1), {"outcome": "overturned"})


def test_it_gives_each_decision_the_latest_word_on_its_appeal() -> None:
    cases = [
        ((), "not_appealed"),
        ((FILED,), "pending"),
        ((FILED, UPHELD), "upheld"),
        ((FILED, UPHELD, FILED_AGAIN), "pending"),  # the next level has not answered yet
        ((FILED, UPHELD, FILED_AGAIN, OVERTURNED), "overturned"),
    ]
    found = [(follow_ups, of_kind(decision_stream(*follow_ups), "decision")) for follow_ups, _ in cases]

    assert found == [
        (
            follow_ups,
            [Fact("decision", date(2025, 3, 1), category="administrative_expulsion", outcome=outcome)],
        )
        for follow_ups, outcome in cases
    ]


def test_it_counts_no_retracted_decision_and_applies_corrections() -> None:
    stream = Stream()
    wrong = stream.add("decision_issued", date(2025, 3, 1), decision_ref="D1", kind="deportation")
    stream.add("event_retracted", date(2025, 3, 2), retracts=wrong.id, reason="entered twice")
    listing = stream.add("register_inclusion", date(2025, 3, 3), ground="other")
    stream.add(
        "event_corrected", date(2025, 3, 4), corrects=listing.id, data={"ground": "readmission"},
        occurred_on="2025-02-27",
    )  # fmt: skip

    assert [fact for fact in history(stream) if fact.kind != "intake"] == [
        Fact("inclusion", date(2025, 2, 27), category="readmission")
    ]


def test_it_knows_only_what_happened_by_the_as_of_date() -> None:
    stream = Stream()
    stream.add("register_inclusion", date(2025, 3, 3), ground="other")
    stream.add("bank_account_frozen", date(2025, 6, 1))

    kinds = [fact.kind for fact in status_of(stream, date(2025, 5, 31)).history]
    assert kinds == ["intake", "inclusion"]
