"""Issue 14 item 9: no free text stays in clear to survive an erasure.

`detained.facility` was free text (500 characters) stored in the plain JSON, and `decision_ref` free text
(64 characters) copied into deadline keys, reminders and explanations, which erasure leaves alone. The facility
is now encrypted with the client's key; a decision reference is a short code (D1, AE-2), never an official
number.
"""

from __future__ import annotations

from datetime import date

import pytest

from casework.domain.events import PayloadInvalid
from casework.models import Event
from casework.services.clients import client_erase
from casework.services.events import event_record
from tests.test_privacy import dump_database

FACILITY = "ZZSENTINEL special institution No. 7"


def detain(actor, client, facility=FACILITY):
    return event_record(
        actor=actor,
        client=client,
        type="detained",
        data={"basis": "expulsion", "facility": facility},
        occurred_on=date(2025, 3, 1),
    ).event


def test_the_facility_is_stored_encrypted(alice, client_of_alice):
    event = detain(alice, client_of_alice)
    stored = Event.objects.get(pk=event.pk)
    assert stored.data["facility"] is None and stored.secret is not None


@pytest.mark.django_db(transaction=True)
def test_the_facility_is_nowhere_in_clear_before_or_after_erasure(alice, dora, client_of_alice):
    detain(alice, client_of_alice)
    assert "ZZSENTINEL" not in dump_database().upper()
    client_erase(actor=dora, client=client_of_alice)
    assert "ZZSENTINEL" not in dump_database().upper()


def test_the_status_still_shows_the_facility_until_erasure(api, alice, dora, client_of_alice):
    detain(alice, client_of_alice)
    url = f"/api/clients/{client_of_alice.id}/status/"
    assert api(alice).get(url).json()["detention"]["facility"] == FACILITY

    client_erase(actor=dora, client=client_of_alice)
    detention = api(alice).get(url).json()["detention"]
    assert detention["detained"] is True and detention["facility"] is None


def test_the_status_shows_the_corrected_facility(api, alice, client_of_alice):
    placed = detain(alice, client_of_alice, facility="Centre A")
    event_record(
        actor=alice,
        client=client_of_alice,
        type="event_corrected",
        data={"corrects": str(placed.id), "data": {"basis": "expulsion", "facility": "Centre B"}},
        occurred_on=date(2025, 3, 2),
    )
    status = api(alice).get(f"/api/clients/{client_of_alice.id}/status/").json()
    assert status["detention"]["facility"] == "Centre B"


def decision(actor, client, ref: str):
    return event_record(
        actor=actor,
        client=client,
        type="decision_issued",
        data={"decision_ref": ref, "kind": "administrative_expulsion"},
        occurred_on=date(2025, 3, 1),
    )


@pytest.mark.parametrize(
    "ref", ["5-1234/2025", "Постановление 77 от 01.03.2025", "Ivanov decision", "D12345"]
)
def test_a_decision_reference_that_is_not_a_short_code_is_refused(alice, client_of_alice, ref):
    with pytest.raises(PayloadInvalid) as refused:
        decision(alice, client_of_alice, ref)
    assert set(refused.value.errors) == {"decision_ref"}
    assert ref not in str(refused.value.errors)  # the message never repeats the value


@pytest.mark.parametrize("ref", ["D1", "D12", "AE-2", "ae-12", "П3", "7"])
def test_short_codes_are_accepted(alice, client_of_alice, ref):
    assert decision(alice, client_of_alice, ref).created


def test_an_appeal_against_the_register_keeps_its_reference(alice, client_of_alice):
    event_record(
        actor=alice,
        client=client_of_alice,
        type="register_inclusion",
        data={"ground": "stay_expired"},
        occurred_on=date(2025, 2, 10),
    )
    appeal = event_record(
        actor=alice,
        client=client_of_alice,
        type="appeal_filed",
        data={"decision_ref": "register", "forum": "higher_official"},
        occurred_on=date(2025, 3, 1),
    )
    assert appeal.created


def test_the_api_answers_400_with_a_field_error(api, alice, client_of_alice):
    response = api(alice).post(
        f"/api/clients/{client_of_alice.id}/events/",
        {
            "type": "decision_issued",
            "occurred_on": "2025-03-01",
            "data": {"decision_ref": "5-1234/2025", "kind": "other"},
        },
        format="json",
    )
    assert response.status_code == 400
    assert "decision_ref" in str(response.json())


def test_a_correction_cannot_slip_a_long_reference_in(alice, client_of_alice):
    issued = decision(alice, client_of_alice, "D1").event
    with pytest.raises(PayloadInvalid):
        event_record(
            actor=alice,
            client=client_of_alice,
            type="event_corrected",
            data={
                "corrects": str(issued.id),
                "data": {"decision_ref": "5-1234/2025", "kind": "administrative_expulsion"},
            },
            occurred_on=date(2025, 3, 2),
        )
