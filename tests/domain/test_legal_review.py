"""The lawyer's review of 04.12.2026 (../shared/reviews/legal-review.md, issue 13), one test per finding, with the
dates of the review's examples (E1 … E18) and the corrected LEGAL-RULES.md §2–§3a as the oracle.

Each of these failed on the rule book and domain before the correction (the closing note says how)."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from casework.domain.calendar import ProductionCalendar
from tests.domain.conftest import OFFICIAL_RULES, Stream, deadline, status_of, warning_codes

MOSCOW = "Europe/Moscow"


def decision(stream: Stream, kind: str, issued_on: date, ref: str = "D1", **data: str):  # type: ignore[no-untyped-def]
    data.setdefault("authority_timezone", MOSCOW)
    return stream.add("decision_issued", issued_on, decision_ref=ref, kind=kind, **data)


def step_keys(item) -> list[str]:  # type: ignore[no-untyped-def]
    return [step.key for step in item.steps]


# 1. Only a claim in court meets a KAS period -------------------------------------------------------------


def test_1_a_complaint_to_a_higher_official_does_not_meet_a_kas_deadline() -> None:
    # E3: a deportation decision received 14.08.2025 → claim due 14.11.2025; an MVD complaint of 20.08.2025.
    stream = Stream()
    decision(stream, "deportation", date(2025, 8, 14), copy_received_on="2025-08-14")
    stream.add("appeal_filed", date(2025, 8, 20), decision_ref="D1", forum="higher_official")
    state = status_of(stream, date(2025, 9, 1))
    item = deadline(state, "appeal:D1")
    assert (item.status, item.due_on) == ("open", date(2025, 11, 14))
    assert "filing_elsewhere" in step_keys(item)
    assert (
        item.next_step
        == "A complaint is pending, but the court period still runs: file the claim in court in time."
    )
    assert "complaint_pending" in warning_codes(state)
    late = deadline(status_of(stream, date(2025, 11, 20)), "appeal:D1")
    assert late.status == "missed"
    # The claim in court meets it.
    stream.add("appeal_filed", date(2025, 11, 10), decision_ref="D1", forum="court")
    assert deadline(status_of(stream, date(2025, 11, 20)), "appeal:D1").status == "met"


def test_1_the_same_complaint_meets_a_koap_deadline() -> None:
    stream = Stream()
    decision(stream, "administrative_expulsion", date(2025, 3, 3), copy_received_on="2025-03-03")
    stream.add("appeal_filed", date(2025, 3, 5), decision_ref="D1", forum="higher_official")
    assert deadline(status_of(stream, date(2025, 3, 20)), "appeal:D1").status == "met"


# A rule's "met" is reachable only through the forums its row of LEGAL-RULES.md §3 allows.
KOAP, COURT = ("court", "higher_official"), ("court",)
FORUMS_BY_KIND = [
    ("administrative_expulsion", "koap_expulsion_appeal", KOAP),
    ("deportation", "kas_deportation", COURT),
    ("stay_reduction", "kas_stay_reduction", COURT),
    ("entry_ban", "kas_entry_ban", COURT),
    ("undesirability", "kas_undesirability", COURT),
    ("permit_annulment", "kas_permit_annulment", COURT),
    ("bailiff_action", "kas_bailiff_action", COURT),
    ("detention_placement", "kas_detention_placement", COURT),
]


@pytest.mark.parametrize("forum", ["court", "higher_official"])
@pytest.mark.parametrize(("kind", "rule_id", "allowed"), FORUMS_BY_KIND)
def test_met_only_through_the_forums_the_table_allows(
    kind: str, rule_id: str, allowed: tuple, forum: str
) -> None:
    stream = Stream()
    decision(stream, kind, date(2025, 3, 3), copy_received_on="2025-03-03", learned_on="2025-03-03")
    stream.add("appeal_filed", date(2025, 3, 4), decision_ref="D1", forum=forum)
    item = deadline(status_of(stream, date(2025, 3, 5)), "appeal:D1")
    assert item.rule == rule_id
    assert (item.status == "met") is (forum in allowed)
    assert OFFICIAL_RULES.rule_for(kind, date(2025, 3, 3)).met_by == allowed  # type: ignore[union-attr]


def test_met_by_the_register_only_in_court() -> None:
    for forum, status in (("court", "met"), ("higher_official", "open")):
        stream = Stream()
        inclusion = stream.add(
            "register_inclusion", date(2025, 3, 1), ground="stay_expired", posted_on="2025-03-01"
        )
        stream.add("appeal_filed", date(2025, 3, 10), decision_ref="register", forum=forum)
        assert deadline(status_of(stream, date(2025, 5, 1)), f"register:{inclusion.id}").status == status


# 2. A returned filing counts as not filed ------------------------------------------------------------------


def test_2_a_returned_koap_complaint_is_not_filed_and_the_return_ruling_has_its_own_deadline() -> None:
    # E4: copy 01.03.2025 → due 11.03.2025; filed 05.03, returned 07.03, copy of the return 10.03.
    stream = Stream()
    decision(stream, "administrative_expulsion", date(2025, 3, 1), copy_received_on="2025-03-01")
    stream.add("appeal_filed", date(2025, 3, 5), decision_ref="D1", forum="court")
    stream.add(
        "appeal_decided",
        date(2025, 3, 7),
        decision_ref="D1",
        outcome="returned",
        copy_received_on="2025-03-10",
    )
    state = status_of(stream, date(2025, 3, 10))
    item = deadline(state, "appeal:D1")
    assert (item.status, item.due_on) == ("open", date(2025, 3, 11))
    assert "filing_returned" in step_keys(item)
    assert (
        item.next_step
        == "The filing was returned and counts as not filed: file again now, before the deadline."
    )
    assert "appeal_returned" in warning_codes(state)
    assert "appeal:D1:2" not in [each.key for each in state.deadlines]  # no "next level" from a return
    ruling = deadline(state, "appeal:D1:return:2")
    assert (ruling.rule, ruling.kind, ruling.due_on) == (
        "koap_return_ruling_appeal",
        "return_ruling",
        date(2025, 3, 20),
    )
    missed = deadline(status_of(stream, date(2025, 3, 12)), "appeal:D1")
    assert missed.status == "missed"
    assert "KoAP RF art. 30.3 part 2" in str(missed.next_step)
    # Filed again in time: met.
    stream.add("appeal_filed", date(2025, 3, 11), decision_ref="D1", forum="court")
    again = status_of(stream, date(2025, 3, 12))
    assert deadline(again, "appeal:D1").status == "met"
    assert deadline(again, "appeal:D1:return:2").status == "met"


def test_2_a_returned_kas_claim_is_not_filed() -> None:
    # E4 (KAS): a deportation claim filed 01.04.2025 and returned 10.04.2025; due 10.06.2025.
    stream = Stream()
    decision(stream, "deportation", date(2025, 3, 10), copy_received_on="2025-03-10")
    stream.add("appeal_filed", date(2025, 4, 1), decision_ref="D1", forum="court")
    stream.add("appeal_decided", date(2025, 4, 10), decision_ref="D1", outcome="returned")
    state = status_of(stream, date(2025, 6, 20))
    item = deadline(state, "appeal:D1")
    assert (item.status, item.due_on) == ("missed", date(2025, 6, 10))
    assert "KAS RF art. 219 part 7" in str(item.next_step)
    ruling = deadline(state, "appeal:D1:return:2")
    assert (ruling.rule, ruling.due_on) == ("kas_return_ruling_appeal", date(2025, 5, 5))


# 3. The earliest recorded source is the trigger ----------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "data", "served", "trigger_on", "due_on", "later_on"),
    [
        # E1: copy 03.03.2025, learned_on 20.03.2025 → 03.06.2025 (not 20.06).
        ("deportation", {"copy_received_on": "2025-03-03", "learned_on": "2025-03-20"}, None,
         date(2025, 3, 3), date(2025, 6, 3), "2025-06-20"),
        # E1b: served 05.03.2025, learned_on 10.04.2025 → 05.06.2025 (not 10.07).
        ("entry_ban", {"learned_on": "2025-04-10"}, ("2025-03-05", "delivered"),
         date(2025, 3, 5), date(2025, 6, 5), "2025-07-10"),
        # E2: refused service 03.03.2025, copy received 12.03.2025 → 13.03.2025 (not 24.03).
        ("administrative_expulsion", {"copy_received_on": "2025-03-12"}, ("2025-03-03", "refused"),
         date(2025, 3, 3), date(2025, 3, 13), "2025-03-24"),
    ],
)  # fmt: skip
def test_3_the_earliest_source_is_counted_and_the_later_one_named(  # type: ignore[no-untyped-def]
    kind, data, served, trigger_on, due_on, later_on
) -> None:
    stream = Stream()
    decision(stream, kind, date(2025, 3, 1), **data)
    if served:
        stream.add("decision_served", date.fromisoformat(served[0]), decision_ref="D1", how=served[1])
    item = deadline(status_of(stream, date(2025, 3, 14)), "appeal:D1")
    assert (item.trigger_on, item.due_on, item.estimated) == (trigger_on, due_on, False)
    later = next(step for step in item.steps if step.key == "later_trigger")
    assert later.params["due_on"] == later_on


# 4. The register: a posting date later than a check that showed the entry ------------------------------


def test_4_a_check_before_the_posting_date_is_counted_from() -> None:
    # E14: a check showed the entry on 01.03.2025, posted_on recorded as 10.03.2025 → 02.06.2025 (not 10.06).
    stream = Stream()
    stream.add("register_check", date(2025, 3, 1), listed=True)
    inclusion = stream.add(
        "register_inclusion", date(2025, 3, 1), ground="stay_expired", posted_on="2025-03-10"
    )
    item = deadline(status_of(stream, date(2025, 3, 12)), f"register:{inclusion.id}")
    assert (item.trigger_on, item.due_on, item.estimated) == (date(2025, 3, 1), date(2025, 6, 2), True)
    assert "can only be later" not in " ".join(item.explanation)
    assert "may be EARLIER" in item.explanation[1]


def test_4_an_inclusion_learned_of_from_the_bank_never_says_only_later() -> None:
    # E5: learned of through a bank freeze on 20.05.2025, no posting date.
    stream = Stream()
    stream.add("bank_account_frozen", date(2025, 5, 20))
    inclusion = stream.add("register_inclusion", date(2025, 5, 20), ground="stay_expired", source="bank")
    item = deadline(status_of(stream, date(2025, 5, 21)), f"register:{inclusion.id}")
    assert (item.estimated, item.due_on) == (True, date(2025, 8, 20))
    text = " ".join(item.explanation)
    assert "can only be later" not in text
    assert "may already have passed" in text


def test_4_the_decision_that_caused_the_inclusion_is_a_candidate_and_a_floor() -> None:
    stream = Stream()
    decision(stream, "administrative_expulsion", date(2025, 3, 3), copy_received_on="2025-03-03")
    inclusion = stream.add(
        "register_inclusion", date(2025, 5, 20), ground="administrative_removal", source="bank"
    )
    item = deadline(status_of(stream, date(2025, 5, 21)), f"register:{inclusion.id}")
    assert (item.trigger_on, item.due_on) == (date(2025, 3, 3), date(2025, 6, 3))


# 5. The detention appeal: the shorter candidate, the month named ---------------------------------------


def test_5_the_detention_placement_appeal_counts_10_working_days_and_names_the_month() -> None:
    # E13: a placement decision of 10.03.2025 → 24.03.2025; one month would give 10.04.2025.
    stream = Stream()
    decision(stream, "detention_placement", date(2025, 3, 10))
    item = deadline(status_of(stream, date(2025, 3, 11)), "appeal:D1")
    assert (item.due_on, item.confidence) == (date(2025, 3, 24), "low")
    later = next(step for step in item.steps if step.key == "later_period")
    assert (later.params["amount"], later.params["unit"], later.params["due_on"]) == (
        "1",
        "kas_months",
        "2025-04-10",
    )


# 6. The appeal against the court's first-instance decision ----------------------------------------------


def test_6_the_register_claim_rejected_opens_the_kas_appeal_from_the_final_form() -> None:
    # E7: the court rejects the register claim on 15.05.2025 (final form the same day), copy 20.05.2025
    # → the appeal is due 16.06.2025 (15.06 is a Sunday), never counted from the copy.
    stream = Stream()
    inclusion = stream.add(
        "register_inclusion", date(2025, 3, 1), ground="stay_expired", posted_on="2025-03-01"
    )
    stream.add("appeal_filed", date(2025, 3, 20), decision_ref="register", forum="court")
    stream.add(
        "appeal_decided", date(2025, 5, 15), decision_ref="register", outcome="upheld",
        copy_received_on="2025-05-20", final_form_on="2025-05-15",
    )  # fmt: skip
    state = status_of(stream, date(2025, 5, 21))
    assert deadline(state, f"register:{inclusion.id}").status == "met"
    item = deadline(state, f"register:{inclusion.id}:2")
    assert (item.rule, item.trigger_on, item.due_on, item.estimated) == (
        "kas_appeal", date(2025, 5, 15), date(2025, 6, 16), False
    )  # fmt: skip


def test_6_after_the_appeal_only_cassation_follows_and_says_so() -> None:
    stream = Stream()
    decision(stream, "deportation", date(2025, 3, 3), learned_on="2025-03-03")
    stream.add("appeal_filed", date(2025, 3, 20), decision_ref="D1", forum="court")
    stream.add(
        "appeal_decided", date(2025, 5, 20), decision_ref="D1", outcome="upheld", final_form_on="2025-05-22"
    )
    stream.add("appeal_filed", date(2025, 6, 10), decision_ref="D1", forum="court")
    stream.add("appeal_decided", date(2025, 8, 1), decision_ref="D1", outcome="upheld")
    state = status_of(stream, date(2025, 8, 2))
    assert [item.key for item in state.deadlines] == ["appeal:D1", "appeal:D1:2"]
    assert deadline(state, "appeal:D1:2").status == "met"
    assert "cassation_only" in warning_codes(state)


# 7. A rule is chosen by the day its period runs from ----------------------------------------------------


def test_7_an_old_entry_ban_learned_of_in_2025_has_a_2025_deadline() -> None:
    # E18: an entry ban dated 01.06.2022, learned of at the border on 10.03.2025 → 10.06.2025.
    stream = Stream(registered_on=date(2022, 1, 10))
    decision(stream, "entry_ban", date(2022, 6, 1), learned_on="2025-03-10")
    state = status_of(stream, date(2025, 3, 11))
    item = deadline(state, "appeal:D1")
    assert (item.rule, item.due_on) == ("kas_entry_ban", date(2025, 6, 10))
    assert "no_deadline_rule" not in warning_codes(state)


# 8. The authority's zone and region -----------------------------------------------------------------------


def test_8_a_missing_zone_is_the_earliest_midnight_never_a_silent_moscow() -> None:
    # E11: a client in Primorye, an organisation in Moscow, the court's zone not recorded: 24:00 in
    # Vladivostok (14:00 UTC), not 24:00 in Moscow (21:00 UTC).
    stream = Stream()
    stream.events.clear()
    stream.add(
        "client_registered", date(2025, 1, 10), citizenship="TJK", sex="M", birth_year=1990, region="RU-PRI"
    )
    stream.add("decision_issued", date(2025, 2, 27), decision_ref="D1", kind="administrative_expulsion",
               copy_received_on="2025-02-27")  # fmt: skip
    state = status_of(stream, date(2025, 3, 1))
    item = deadline(state, "appeal:D1")
    assert (item.authority_timezone, item.due_at) == (
        "Asia/Vladivostok",
        datetime(2025, 3, 10, 14, tzinfo=UTC),
    )
    assert "zone_assumed" in step_keys(item)
    assert warning_codes(state) == ["authority_zone_assumed"]


def test_8_regional_days_off_follow_the_authority_not_the_client() -> None:
    # E6: a client registered in RU-TA with a day off on 06.06.2025; the resolution is from Moscow.
    calendar = ProductionCalendar.official({"RU-TA": [date(2025, 6, 6)]})
    stream = Stream()
    stream.events.clear()
    stream.add(
        "client_registered", date(2025, 1, 10), citizenship="TJK", sex="M", birth_year=1990, region="RU-TA"
    )
    decision(stream, "administrative_expulsion", date(2025, 5, 27), copy_received_on="2025-05-27")
    item = deadline(status_of(stream, date(2025, 5, 28), calendar=calendar), "appeal:D1")
    assert (item.due_on, "regional_day_off" in step_keys(item)) == (date(2025, 6, 6), False)
    # The authority in Tatarstan: the federal date stays the deadline, the regional one is named, verify.
    stream = Stream()
    decision(stream, "bailiff_action", date(2025, 5, 23), learned_on="2025-05-23", authority_region="RU-TA")
    state = status_of(stream, date(2025, 5, 24), calendar=calendar)
    item = deadline(state, "appeal:D1")
    assert item.due_on == date(2025, 6, 6)
    assert (
        next(step for step in item.steps if step.key == "regional_day_off").params["due_on"] == "2025-06-09"
    )
    assert "regional_day_off" in warning_codes(state)


# 9. Orders to appear are never presumed attended --------------------------------------------------------


def test_9_a_passed_order_is_confirmed_by_order_attended_only() -> None:
    stream = Stream()
    order = stream.add("order_to_appear_served", date(2025, 3, 1), appear_by="2025-03-05T10:00:00+03:00")
    assert deadline(status_of(stream, date(2025, 3, 6)), f"appear:{order.id}").status == "missed"
    stream.add("order_attended", date(2025, 3, 5), appear_by="2025-03-05T10:00:00+03:00")
    assert deadline(status_of(stream, date(2025, 3, 6)), f"appear:{order.id}").status == "met"


# 10. Detention and departure limits ---------------------------------------------------------------------


def test_10_48_hours_without_a_court_decision() -> None:
    # E8b: placed on 10.01.2025 for deportation, no court decision recorded.
    stream = Stream()
    placed = stream.add("detained", date(2025, 1, 10), basis="deportation")
    early = status_of(stream, date(2025, 1, 11))
    item = deadline(early, f"detention_48h:{placed.id}")
    assert (item.status, item.due_at) == ("open", datetime(2025, 1, 11, 21, tzinfo=UTC))
    assert "detention_without_court" in warning_codes(early)
    late = status_of(stream, date(2025, 1, 14))
    assert deadline(late, f"detention_48h:{placed.id}").status == "missed"
    assert "detention_without_court" in warning_codes(late)
    decision(stream, "detention_placement", date(2025, 1, 11), ref="D2")
    assert deadline(status_of(stream, date(2025, 1, 14)), f"detention_48h:{placed.id}").status == "met"


def test_10_the_term_set_by_the_court_and_its_extensions() -> None:
    # E8: placed 10.01.2025 by a court until 10.03.2025; on 20.03.2025 no extension or release.
    stream = Stream()
    placed = stream.add("detained", date(2025, 1, 10), basis="expulsion", term_until="2025-03-10")
    state = status_of(stream, date(2025, 3, 20))
    assert deadline(state, f"detention_term:{placed.id}").status == "missed"
    assert "detention_term_passed" in warning_codes(state)
    extended = stream.add("detention_extended", date(2025, 3, 10), term_until="2025-06-10")
    state = status_of(stream, date(2025, 3, 20))
    term = deadline(state, f"detention_term:{placed.id}")
    assert (term.status, term.due_on) == ("open", date(2025, 6, 10))
    appeal = deadline(state, f"detention_extension:{extended.id}")
    assert (appeal.rule, appeal.due_on, appeal.status) == (
        "kas_detention_extension",
        date(2025, 3, 24),
        "open",
    )
    stream.add(
        "appeal_filed", date(2025, 3, 20), decision_ref=f"detention_extension:{extended.id}", forum="court"
    )
    assert (
        deadline(status_of(stream, date(2025, 3, 21)), f"detention_extension:{extended.id}").status == "met"
    )


def test_10_the_legal_review_every_90_days() -> None:
    stream = Stream()
    placed = stream.add("detained", date(2025, 1, 10), basis="expulsion")
    state = status_of(stream, date(2025, 7, 15))
    reviews = [item for item in state.deadlines if item.key.startswith("detention_review:")]
    assert [(item.key, item.due_on, item.status) for item in reviews] == [
        (f"detention_review:{placed.id}", date(2025, 4, 10), "missed"),
        (f"detention_review:{placed.id}:2", date(2025, 7, 9), "missed"),
        (f"detention_review:{placed.id}:3", date(2025, 10, 7), "open"),
    ]


def test_10_departure_in_5_days_and_the_two_year_limit_after_entry_into_force() -> None:
    # Not appealed: in force the day after the appeal period (10.03.2025) — departure by 16.03.2025.
    stream = Stream()
    decision(stream, "administrative_expulsion", date(2025, 2, 27), copy_received_on="2025-02-27")
    state = status_of(stream, date(2025, 3, 12))
    departure = deadline(state, "departure:D1")
    assert (departure.rule, departure.trigger_on, departure.due_on, departure.status) == (
        "departure_after_expulsion", date(2025, 3, 11), date(2025, 3, 16), "open"
    )  # fmt: skip
    limit = deadline(state, "execution_limit:D1")
    assert (limit.rule, limit.due_on, limit.kind) == (
        "expulsion_execution_limit",
        date(2027, 3, 11),
        "legal_review",
    )
    stream.add("departed_russia", date(2025, 3, 14))
    assert deadline(status_of(stream, date(2025, 3, 20)), "departure:D1").status == "met"


def test_10_no_departure_deadline_while_the_complaint_is_pending() -> None:
    stream = Stream()
    decision(stream, "administrative_expulsion", date(2025, 2, 27), copy_received_on="2025-02-27")
    stream.add("appeal_filed", date(2025, 3, 5), decision_ref="D1", forum="court")
    keys = [item.key for item in status_of(stream, date(2025, 4, 1)).deadlines]
    assert keys == ["appeal:D1"]


# 11. A continuous stay across New Year ---------------------------------------------------------------------


def test_11_a_continuous_stay_across_new_year_warns() -> None:
    # E9: entered 01.11.2024, still in Russia on 15.02.2025: 107 days in a row, 46 of them in 2025.
    stream = Stream(registered_on=date(2024, 10, 1))
    stream.add("entered_russia", date(2024, 11, 1))
    state = status_of(stream, date(2025, 2, 15))
    assert state.visa_free_days == 46
    assert "continuous_stay_exceeded" in warning_codes(state)
    assert next(w for w in state.warnings if w.code == "continuous_stay_exceeded").params["days"] == "107"


# 12. KoAP before 29.10.2024: "10 суток", no roll-forward ---------------------------------------------------


def test_12_a_2024_trigger_uses_the_wording_then_in_force() -> None:
    # E12: copy received 07.03.2024 → day 10 = Sunday 17.03.2024, not rolled to 18.03.
    stream = Stream(registered_on=date(2024, 1, 10))
    decision(stream, "administrative_expulsion", date(2024, 3, 7), copy_received_on="2024-03-07")
    stream.add("appeal_filed", date(2024, 3, 18), decision_ref="D1", forum="court")
    item = deadline(status_of(stream, date(2024, 3, 20)), "appeal:D1")
    assert (item.rule_version, item.due_on, item.status) == (0, date(2024, 3, 17), "missed")


# 13. A check that shows the entry is evidence of the listing -------------------------------------------------


def test_13_a_listed_check_without_an_inclusion_starts_the_listing() -> None:
    stream = Stream()
    check = stream.add("register_check", date(2025, 4, 1), listed=True)
    stream.add("bank_account_frozen", date(2025, 3, 20))
    state = status_of(stream, date(2025, 4, 2))
    assert (state.register.listed, state.register.provisional) == (True, True)
    assert {restriction.code for restriction in state.restrictions} >= {"banking_restricted", "no_marriage"}
    # Counted from the earliest plausible date: the freeze before the check.
    item = deadline(state, f"register:{check.id}")
    assert (item.trigger_on, item.due_on, item.estimated) == (date(2025, 3, 20), date(2025, 6, 20), True)
    # No contradictory warnings: not "frozen while not listed", not "listed without inclusion".
    assert warning_codes(state) == ["register_listed_by_check", "trigger_unknown"]
    # Once the inclusion is recorded, it takes over.
    inclusion = stream.add(
        "register_inclusion", date(2025, 4, 1), ground="stay_expired", posted_on="2025-03-15"
    )
    later = status_of(stream, date(2025, 4, 2))
    assert later.register.provisional is False
    assert [item.key for item in later.deadlines] == [f"register:{inclusion.id}"]


# The data errors the review names -------------------------------------------------------------------------


def test_an_appeal_dated_before_its_decision_is_warned_of_and_never_counted() -> None:
    # E15: a data error, or an appeal against another act.
    stream = Stream()
    decision(stream, "administrative_expulsion", date(2025, 3, 10), copy_received_on="2025-03-10")
    stream.add("appeal_filed", date(2025, 3, 5), decision_ref="D1", forum="court")
    state = status_of(stream, date(2025, 3, 12))
    assert deadline(state, "appeal:D1").status == "open"
    assert "appeal_before_decision" in warning_codes(state)
