from __future__ import annotations

from datetime import date, datetime
from typing import Any

import pytest

from casework.domain import messages
from casework.domain.catalogue import EVENT_TYPES
from casework.domain.choices import DECISION_KINDS
from casework.domain.events import PayloadInvalid, clean_payload

TODAY = date(2025, 3, 1)
API_TYPES = [
    "client_registered",
    "register_inclusion",
    "register_exclusion",
    "register_check",
    "bank_account_frozen",
    "bank_account_unfrozen",
    "restriction_enforced",
    "decision_issued",
    "decision_served",
    "appeal_filed",
    "appeal_decided",
    "detained",
    "detention_extended",
    "released",
    "entered_russia",
    "departed_russia",
    "legal_grounds_acquired",
    "citizenship_terminated",
    "order_to_appear_served",
    "order_attended",
    "obligation_breach",
    "caseworker_assigned",
    "case_closed",
    "case_reopened",
    "note_added",
    "event_corrected",
    "event_retracted",
    "document_generated",  # written by the drafts service only (API.md "Drafts")
]
REQUIRED_FIELDS = {
    "client_registered": {"citizenship", "sex", "birth_year", "region"},
    "register_inclusion": {"ground"},
    "register_exclusion": {"ground"},
    "register_check": {"listed"},
    "restriction_enforced": {"restriction"},
    "decision_issued": {"decision_ref", "kind"},
    "decision_served": {"decision_ref", "how"},
    "appeal_filed": {"decision_ref", "forum"},
    "appeal_decided": {"decision_ref", "outcome"},
    "detained": {"basis"},
    "detention_extended": {"term_until"},
    "legal_grounds_acquired": {"kind"},
    "order_to_appear_served": {"appear_by"},
    "order_attended": {"appear_by"},
    "obligation_breach": {"kind"},
    "caseworker_assigned": {"user"},
    "note_added": {"text"},
    "event_corrected": {"corrects", "data"},
    "event_retracted": {"retracts", "reason"},
    "document_generated": {
        "template",
        "template_version",
        "deadline_key",
        "as_of",
        "known_at",
        "inputs_sha256",
        "document",
    },
}


def errors_of(type: str, data: dict[str, Any], *, occurred_on: date = TODAY, today: date = TODAY) -> dict:
    with pytest.raises(PayloadInvalid) as raised:
        clean_payload(type, data, occurred_on=occurred_on, today=today)
    return raised.value.errors


def test_it_catalogues_every_type_of_the_api_table() -> None:
    assert sorted(EVENT_TYPES) == sorted(API_TYPES)


@pytest.mark.parametrize("type", API_TYPES)
def test_it_requires_exactly_the_starred_fields(type: str) -> None:
    required = {name for name, spec in EVENT_TYPES[type].fields.items() if spec.required}
    assert required == REQUIRED_FIELDS.get(type, set())
    if required:
        assert errors_of(type, {}) == {name: [messages.REQUIRED] for name in required}


def test_it_gives_every_field_a_label() -> None:
    for event_type in EVENT_TYPES.values():
        assert event_type.label
        for spec in event_type.fields.values():
            assert spec.label


def test_it_refuses_an_unknown_type() -> None:
    assert errors_of("visa_issued", {}) == {"type": [messages.UNKNOWN_TYPE]}


def test_it_names_an_unknown_key() -> None:
    assert errors_of("register_check", {"listed": True, "colour": "red"}) == {
        "colour": [messages.UNKNOWN_FIELD]
    }


def test_it_names_the_field_with_a_bad_choice() -> None:
    errors = errors_of("decision_issued", {"decision_ref": "D1", "kind": "expulsion"})
    assert errors == {"kind": [messages.INVALID_CHOICE.format(choices=", ".join(DECISION_KINDS))]}


def test_it_normalises_dates_to_iso_strings() -> None:
    cleaned = clean_payload(
        "decision_issued",
        {
            "decision_ref": " D1 ",
            "kind": "deportation",
            "learned_on": date(2025, 2, 28),
            "copy_received_on": None,
        },
        occurred_on=date(2025, 2, 27),
        today=TODAY,
    )
    assert cleaned == {"decision_ref": "D1", "kind": "deportation", "learned_on": "2025-02-28"}


@pytest.mark.parametrize(
    "value", ["27.02.2025", "20250227", "2025-02-30", 20250227, datetime(2025, 2, 27, 10)]
)
def test_it_refuses_what_is_not_a_date(value: Any) -> None:
    errors = errors_of("register_inclusion", {"ground": "stay_expired", "posted_on": value})
    assert errors == {"posted_on": [messages.NOT_A_DATE]}


def test_it_refuses_a_date_field_in_the_future() -> None:
    errors = errors_of("register_inclusion", {"ground": "stay_expired", "posted_on": "2025-03-02"})
    assert errors == {"posted_on": [messages.FUTURE_DATE]}


def test_it_refuses_an_event_in_the_future() -> None:
    errors = errors_of("register_check", {"listed": True}, occurred_on=date(2025, 3, 2))
    assert errors == {"occurred_on": [messages.FUTURE_DATE]}


def test_it_allows_future_dates_where_they_make_sense() -> None:
    cleaned = clean_payload(
        "legal_grounds_acquired",
        {"kind": "patent", "valid_until": "2026-03-01"},
        occurred_on=TODAY,
        today=TODAY,
    )
    assert cleaned["valid_until"] == "2026-03-01"


def test_it_refuses_a_copy_received_before_the_decision() -> None:
    errors = errors_of(
        "decision_issued",
        {
            "decision_ref": "D1",
            "kind": "deportation",
            "copy_received_on": "2025-02-26",
            "learned_on": "2025-02-25",
        },
        occurred_on=date(2025, 2, 27),
    )
    assert errors == {
        "copy_received_on": [messages.BEFORE_OCCURRED_ON],
        "learned_on": [messages.BEFORE_OCCURRED_ON],
    }


def test_it_refuses_an_implausibly_early_date() -> None:
    errors = errors_of("register_inclusion", {"ground": "stay_expired", "posted_on": "0205-02-11"})
    assert errors == {"posted_on": [messages.IMPLAUSIBLY_EARLY]}


def test_it_requires_a_zone_on_instants() -> None:
    errors = errors_of("order_to_appear_served", {"appear_by": "2025-03-05T10:00:00"})
    assert errors == {"appear_by": [messages.INSTANT_WITHOUT_ZONE]}
    assert errors_of("order_to_appear_served", {"appear_by": "2025-03-05"}) == {
        "appear_by": [messages.NOT_AN_INSTANT]
    }


def test_it_accepts_an_instant_with_an_offset_or_z() -> None:
    for value, expected in [
        ("2025-03-05T10:00:00+05:00", "2025-03-05T10:00:00+05:00"),
        ("2025-03-05T07:00:00Z", "2025-03-05T07:00:00+00:00"),
    ]:
        cleaned = clean_payload(
            "order_to_appear_served", {"appear_by": value}, occurred_on=TODAY, today=TODAY
        )
        assert cleaned == {"appear_by": expected}


def test_it_refuses_an_appearance_before_the_order_was_served() -> None:
    errors = errors_of("order_to_appear_served", {"appear_by": "2025-02-28T10:00:00+03:00"})
    assert errors == {"appear_by": [messages.BEFORE_OCCURRED_ON]}


@pytest.mark.parametrize("value", ["true", 1, "yes", None])
def test_it_wants_real_booleans(value: Any) -> None:
    expected = messages.REQUIRED if value is None else messages.NOT_A_BOOL
    assert errors_of("register_check", {"listed": value}) == {"listed": [expected]}


def _registration(**changes: Any) -> dict[str, Any]:
    return {"citizenship": "UZB", "sex": "F", "birth_year": 1985, "region": "RU-TA", **changes}


def test_it_accepts_a_valid_registration() -> None:
    assert (
        clean_payload("client_registered", _registration(), occurred_on=TODAY, today=TODAY) == _registration()
    )


def test_it_accepts_a_stateless_person() -> None:
    cleaned = clean_payload(
        "client_registered", _registration(citizenship="XXX"), occurred_on=TODAY, today=TODAY
    )
    assert cleaned["citizenship"] == "XXX"


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("citizenship", "UZ", messages.UNKNOWN_CITIZENSHIP),
        ("citizenship", "QQQ", messages.UNKNOWN_CITIZENSHIP),
        ("region", "RU-XYZ", messages.UNKNOWN_REGION),
        ("region", "MOW", messages.UNKNOWN_REGION),
        ("birth_year", 1899, messages.OUT_OF_RANGE.format(minimum=1900, maximum=2025)),
        ("birth_year", 2026, messages.OUT_OF_RANGE.format(minimum=1900, maximum=2025)),
        ("birth_year", "1985", messages.NOT_AN_INTEGER),
        ("birth_year", True, messages.NOT_AN_INTEGER),
        ("sex", "male", messages.INVALID_CHOICE.format(choices="M, F, X")),
    ],
)
def test_it_refuses_bad_registration_values(field: str, value: Any, message: str) -> None:
    assert errors_of("client_registered", _registration(**{field: value})) == {field: [message]}


def test_it_checks_the_authority_timezone() -> None:
    data = {"decision_ref": "D1", "kind": "deportation", "authority_timezone": "Moscow"}
    assert errors_of("decision_issued", data) == {"authority_timezone": [messages.UNKNOWN_TIMEZONE]}
    data["authority_timezone"] = "Asia/Vladivostok"
    assert clean_payload("decision_issued", data, occurred_on=TODAY, today=TODAY)["authority_timezone"] == (
        "Asia/Vladivostok"
    )


def test_it_refuses_blank_required_text() -> None:
    assert errors_of("note_added", {"text": "   "}) == {"text": [messages.BLANK]}


def test_it_refuses_a_non_uuid_target() -> None:
    assert errors_of("event_retracted", {"retracts": "7", "reason": "typo"}) == {
        "retracts": [messages.NOT_AN_EVENT_ID]
    }


def test_it_refuses_data_that_is_not_an_object() -> None:
    assert errors_of("register_check", ["listed"]) == {"non_field_errors": [messages.DATA_NOT_AN_OBJECT]}  # type: ignore[arg-type]
