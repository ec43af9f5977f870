from __future__ import annotations

from datetime import date

from casework.domain.choices import RESTRICTION_CODES
from tests.domain.conftest import Stream, deadline, status_of, warning_codes

BASIS = "115-FZ art. 31.1 (as amended by 260-FZ of 08.08.2024)"


def test_it_lists_the_client_from_the_inclusion_with_all_ten_restrictions() -> None:
    stream = Stream()
    inclusion = stream.add(
        "register_inclusion", date(2025, 2, 10), ground="stay_expired", posted_on="2025-02-11"
    )
    refusal = stream.add("restriction_enforced", date(2025, 2, 20), restriction="no_marriage")
    state = status_of(stream, date(2025, 3, 1))
    assert (state.register.listed, state.register.since, state.register.ground, state.register.posted_on) == (
        True,
        date(2025, 2, 10),
        "stay_expired",
        date(2025, 2, 11),
    )
    assert [restriction.code for restriction in state.restrictions] == list(RESTRICTION_CODES)
    by_code = {restriction.code: restriction for restriction in state.restrictions}
    assert {restriction.since for restriction in state.restrictions} == {date(2025, 2, 10)}
    assert by_code["no_driving"].legal_basis == f'{BASIS}; 196-FZ "On road safety"'
    assert by_code["banking_restricted"].legal_basis == BASIS
    assert (by_code["banking_restricted"].confidence, by_code["no_leaving_region"].confidence) == (
        "high",
        "medium",
    )
    assert by_code["no_marriage"].source_events == (inclusion.id, refusal.id)
    assert by_code["no_driving"].source_events == (inclusion.id,)


def test_it_lifts_restrictions_on_exclusion() -> None:
    stream = Stream()
    stream.add("register_inclusion", date(2025, 2, 10), ground="stay_expired")
    stream.add("register_exclusion", date(2025, 4, 1), ground="legal_grounds_acquired")
    state = status_of(stream, date(2025, 4, 2))
    assert (state.register.listed, state.register.since, state.register.excluded_on) == (
        False,
        date(2025, 2, 10),
        date(2025, 4, 1),
    )
    assert state.restrictions == ()
    assert status_of(stream, date(2025, 3, 31)).register.listed is True


def test_it_counts_the_register_appeal_from_the_posting_date() -> None:
    stream = Stream()
    inclusion = stream.add(
        "register_inclusion", date(2025, 2, 10), ground="stay_expired", posted_on="2025-02-11"
    )
    item = deadline(status_of(stream, date(2025, 3, 1)), f"register:{inclusion.id}")
    assert (item.rule, item.due_on, item.status, item.estimated, item.confidence) == (
        "kas_register_inclusion",
        date(2025, 5, 12),
        "open",
        False,
        "medium",
    )


def test_it_errs_early_when_the_posting_date_is_unknown() -> None:
    stream = Stream()
    check = stream.add("register_check", date(2025, 2, 20), listed=True)
    inclusion = stream.add("register_inclusion", date(2025, 3, 3), ground="stay_expired", source="bank")
    state = status_of(stream, date(2025, 3, 5))
    item = deadline(state, f"register:{inclusion.id}")
    # The check showed the entry before the recorded inclusion date: count from the check.
    assert (item.trigger_on, item.trigger_event, item.due_on, item.estimated) == (
        date(2025, 2, 20),
        check.id,
        date(2025, 5, 20),
        True,
    )
    assert "trigger_unknown" in warning_codes(state)
    assert item.explanation[1].startswith(
        "Trigger unknown (the posting date on the MVD website not recorded)"
    )


def test_it_uses_the_inclusion_date_when_it_is_the_earliest() -> None:
    stream = Stream()
    inclusion = stream.add("register_inclusion", date(2025, 2, 10), ground="stay_expired")
    stream.add("register_check", date(2025, 2, 20), listed=True)
    item = deadline(status_of(stream, date(2025, 3, 5)), f"register:{inclusion.id}")
    assert (item.trigger_on, item.due_on, item.estimated) == (date(2025, 2, 10), date(2025, 5, 12), True)


def test_it_meets_the_register_deadline_with_a_claim_in_court() -> None:
    stream = Stream()
    inclusion = stream.add(
        "register_inclusion", date(2025, 2, 10), ground="stay_expired", posted_on="2025-02-11"
    )
    stream.add("appeal_filed", date(2025, 4, 1), decision_ref="register", forum="court")
    state = status_of(stream, date(2025, 6, 1))
    assert deadline(state, f"register:{inclusion.id}").status == "met"
    assert "unknown_decision" not in warning_codes(state)


def test_a_complaint_to_the_mvd_does_not_meet_the_register_deadline() -> None:
    # E3 (register): the court period runs on; the complaint is named, the reminders go on.
    stream = Stream()
    inclusion = stream.add(
        "register_inclusion", date(2025, 3, 1), ground="stay_expired", posted_on="2025-03-01"
    )
    stream.add("appeal_filed", date(2025, 3, 10), decision_ref="register", forum="higher_official")
    state = status_of(stream, date(2025, 5, 1))
    item = deadline(state, f"register:{inclusion.id}")
    assert (item.status, item.due_on) == ("open", date(2025, 6, 2))
    assert "filing_elsewhere" in [step.key for step in item.steps]
    assert "complaint_pending" in warning_codes(state)
    assert deadline(status_of(stream, date(2025, 6, 3)), f"register:{inclusion.id}").status == "missed"


def test_it_cancels_the_register_deadline_on_exclusion() -> None:
    stream = Stream()
    inclusion = stream.add(
        "register_inclusion", date(2025, 2, 10), ground="stay_expired", posted_on="2025-02-11"
    )
    stream.add("register_exclusion", date(2025, 3, 1), ground="decision_cancelled")
    item = deadline(status_of(stream, date(2025, 6, 1)), f"register:{inclusion.id}")
    assert item.status == "cancelled"
    assert item.explanation[-1] == "Cancelled: the client was excluded from the register on 01.03.2025"


def test_it_misses_the_register_deadline_and_offers_restoration() -> None:
    stream = Stream()
    inclusion = stream.add(
        "register_inclusion", date(2025, 2, 10), ground="stay_expired", posted_on="2025-02-11"
    )
    item = deadline(status_of(stream, date(2025, 5, 13)), f"register:{inclusion.id}")
    assert item.status == "missed"
    assert item.next_step is not None
    # A claim's period is restored under KAS 219 ч.7 (KAS 95 is for procedural periods such as appeals).
    assert "petition to restore the missed period (KAS RF art. 219 part 7)" in item.next_step


def test_a_check_that_shows_the_entry_makes_a_provisional_listing() -> None:
    # Finding 13: the check is evidence of the listing — restrictions and the register deadline follow.
    stream = Stream()
    check = stream.add("register_check", date(2025, 3, 1), listed=True)
    state = status_of(stream, date(2025, 3, 2))
    assert warning_codes(state) == ["register_listed_by_check", "trigger_unknown"]
    assert (state.register.listed, state.register.provisional, state.register.since) == (
        True, True, date(2025, 3, 1)
    )  # fmt: skip
    assert len(state.restrictions) == 10
    item = deadline(state, f"register:{check.id}")
    assert (item.trigger_on, item.due_on, item.estimated, item.status) == (
        date(2025, 3, 1), date(2025, 6, 2), True, "open"
    )  # fmt: skip
    # Not documentary: the posting may have been earlier, and the text must not say "only later".
    assert "may be EARLIER" in item.explanation[1]


def test_it_does_not_warn_about_a_check_made_while_the_client_was_still_listed() -> None:
    stream = Stream()
    stream.add("register_inclusion", date(2025, 2, 10), ground="stay_expired", posted_on="2025-02-11")
    stream.add("register_check", date(2025, 3, 1), listed=True)
    stream.add("register_exclusion", date(2025, 4, 1), ground="departure")
    assert warning_codes(status_of(stream, date(2025, 4, 2))) == []


def test_it_warns_about_a_check_that_still_shows_the_client_listed_after_the_exclusion() -> None:
    stream = Stream()
    stream.add("register_inclusion", date(2025, 2, 10), ground="stay_expired", posted_on="2025-02-11")
    stream.add("register_exclusion", date(2025, 4, 1), ground="departure")
    stream.add("register_check", date(2025, 4, 10), listed=True)
    state = status_of(stream, date(2025, 4, 11))
    assert warning_codes(state) == ["register_listed_by_check", "trigger_unknown"]
    assert (state.register.provisional, state.register.since) == (True, date(2025, 4, 10))


def test_it_warns_when_a_check_no_longer_shows_a_recorded_listing() -> None:
    stream = Stream()
    stream.add("register_inclusion", date(2025, 2, 10), ground="stay_expired", posted_on="2025-02-11")
    stream.add("register_check", date(2025, 3, 1), listed=False)
    assert "check_not_listed" in warning_codes(status_of(stream, date(2025, 3, 2)))


def test_it_warns_about_a_frozen_account_without_a_listing() -> None:
    stream = Stream()
    stream.add("bank_account_frozen", date(2025, 3, 1))
    state = status_of(stream, date(2025, 3, 2))
    assert state.bank_account_frozen is True
    assert warning_codes(state) == ["frozen_while_not_listed"]
    stream.add("bank_account_unfrozen", date(2025, 3, 5))
    later = status_of(stream, date(2025, 3, 6))
    assert (later.bank_account_frozen, warning_codes(later)) == (False, [])


def test_it_does_not_warn_about_a_frozen_account_of_a_listed_client() -> None:
    stream = Stream()
    stream.add("register_inclusion", date(2025, 2, 10), ground="stay_expired", posted_on="2025-02-11")
    stream.add("bank_account_frozen", date(2025, 3, 1))
    assert warning_codes(status_of(stream, date(2025, 3, 2))) == []


def test_it_warns_when_legal_grounds_were_acquired_but_the_entry_remains() -> None:
    stream = Stream()
    stream.add("register_inclusion", date(2025, 2, 10), ground="stay_expired", posted_on="2025-02-11")
    stream.add("legal_grounds_acquired", date(2025, 3, 1), kind="patent")
    assert "grounds_acquired_still_listed" in warning_codes(status_of(stream, date(2025, 3, 2)))


def test_it_counts_an_inclusion_dated_before_the_register_from_the_regime_start() -> None:
    # E17: the rule is chosen by the trigger date, and no trigger is earlier than 05.02.2025.
    stream = Stream(registered_on=date(2024, 12, 1))
    inclusion = stream.add("register_inclusion", date(2025, 1, 20), ground="stay_expired")
    state = status_of(stream, date(2025, 3, 2))
    item = deadline(state, f"register:{inclusion.id}")
    assert (item.trigger_on, item.due_on, item.estimated) == (date(2025, 2, 5), date(2025, 5, 5), True)
    posted = Stream(registered_on=date(2024, 12, 1))
    inclusion = posted.add(
        "register_inclusion", date(2025, 1, 20), ground="stay_expired", posted_on="2025-02-05"
    )
    item = deadline(status_of(posted, date(2025, 3, 2)), f"register:{inclusion.id}")
    assert (item.trigger_on, item.due_on, item.estimated) == (date(2025, 2, 5), date(2025, 5, 5), False)
