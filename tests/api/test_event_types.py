"""Every event type of API.md, end to end: recorded through the API, read back, and derived without error."""

from __future__ import annotations

import json

import pytest
import time_machine

from casework.domain.catalogue import EVENT_TYPES, WRITTEN_BY_THE_APPLICATION
from casework.models import ClientStatus, Event
from tests.conftest import DECISION_D1, assigner

# type → (occurred_on, data). "{D1}" stands for the id of the decision D1 recorded first.
VALID = {
    "register_inclusion": ("2025-02-10", {"ground": "other", "posted_on": "2025-02-11", "source": "official_letter", "reason_text": "Listed after a letter about ZZSECRET"}),
    "register_exclusion": ("2025-06-02", {"ground": "other", "reason": "Entry made in error, ZZSECRET"}),
    "register_check": ("2025-02-12", {"listed": True}),
    "bank_account_frozen": ("2025-02-20", {}),
    "bank_account_unfrozen": ("2025-04-01", {}),
    "restriction_enforced": ("2025-03-15", {"restriction": "no_marriage"}),
    "decision_issued": ("2025-03-01", {"decision_ref": "D2", "kind": "deportation", "copy_received_on": "2025-03-03", "learned_on": "2025-03-02", "authority_timezone": "Asia/Yekaterinburg", "official_number": "ZZSECRET 5-123/2025"}),
    "decision_served": ("2025-02-28", {"decision_ref": "D1", "how": "refused"}),
    "appeal_filed": ("2025-03-07", {"decision_ref": "D1", "forum": "higher_official"}),
    "appeal_decided": ("2025-04-01", {"decision_ref": "D1", "outcome": "upheld", "copy_received_on": "2025-04-02"}),
    "detained": ("2025-03-02", {"basis": "expulsion", "facility": "TsVSIG Sakharovo", "term_until": "2025-06-01"}),
    "detention_extended": ("2025-05-30", {"term_until": "2025-09-01"}),
    "released": ("2025-06-15", {"reason": "The court ZZSECRET released him"}),
    "entered_russia": ("2025-01-05", {"purpose": "Work for ZZSECRET"}),
    "departed_russia": ("2025-07-01", {}),
    "legal_grounds_acquired": ("2025-05-01", {"kind": "patent", "valid_until": "2027-04-30"}),
    "citizenship_terminated": ("2025-01-20", {"reason": "Failed military registration, ZZSECRET"}),
    "order_to_appear_served": ("2025-03-04", {"appear_by": "2025-03-20T10:00:00+05:00"}),
    "order_attended": ("2025-03-20", {"appear_by": "2025-03-20T10:00:00+05:00"}),
    "obligation_breach": ("2025-03-21", {"kind": "failed_to_appear"}),
    "caseworker_assigned": ("2025-03-01", {"user": "sam"}),
    "case_closed": ("2025-08-01", {"reason": "Client left, ZZSECRET"}),
    "case_reopened": ("2025-08-05", {"reason": "Client came back, ZZSECRET"}),
    "note_added": ("2025-03-05", {"text": "Called the client's sister, ZZSECRET"}),
    "event_corrected": ("2025-03-05", {"corrects": "{D1}", "data": {**DECISION_D1, "copy_received_on": "2025-02-28", "official_number": "ZZSECRET 5-9/2025"}}),
    "event_retracted": ("2025-03-05", {"retracts": "{D1}", "reason": "Recorded for the wrong client, ZZSECRET"}),
}  # fmt: skip


def events_url(client):
    return f"/api/clients/{client.id}/events/"


def with_decision_id(value, decision_id):
    return json.loads(json.dumps(value).replace("{D1}", decision_id))


@pytest.fixture
def decided_client(api, alice, client_of_alice):
    body = {"type": "decision_issued", "occurred_on": "2025-02-27", "data": DECISION_D1}
    response = api(alice).post(events_url(client_of_alice), body, format="json")
    assert response.status_code == 201, response.json()
    return client_of_alice, response.json()["id"]


def test_every_event_type_but_registration_has_a_case():
    assert set(VALID) == set(EVENT_TYPES) - WRITTEN_BY_THE_APPLICATION


def test_a_drafts_event_cannot_be_posted(api, alice, client_of_alice):
    body = {"type": "document_generated", "occurred_on": "2025-03-01", "data": {"template": "x"}}
    response = api(alice).post(events_url(client_of_alice), body, format="json")
    assert response.status_code == 400 and "type" in response.json()["errors"]


@pytest.mark.parametrize("type", sorted(VALID))
def test_it_records_each_event_type_and_reads_it_back(api, alice, sam, decided_client, type):
    client, decision_id = decided_client
    occurred_on, data = VALID[type]
    data = with_decision_id(data, decision_id)
    as_alice = api(sam if type == "caseworker_assigned" else alice)  # reassignment is the supervisor's

    response = as_alice.post(
        events_url(client), {"type": type, "occurred_on": occurred_on, "data": data}, format="json"
    )

    assert response.status_code == 201, response.json()
    created = response.json()
    assert (created["type"], created["occurred_on"], created["version"]) == (type, occurred_on, 3)
    assert created["data"] == data
    assert created["corrects"] == (decision_id if type in ("event_corrected", "event_retracted") else None)
    listed = as_alice.get(events_url(client)).json()["results"]
    assert listed[-1]["id"] == created["id"]
    assert listed[-1]["data"] == data

    # Sensitive free text is kept only as ciphertext.
    stored = Event.objects.get(pk=created["id"])
    assert "ZZSECRET" not in json.dumps(stored.data)
    if "ZZSECRET" in json.dumps(data):
        assert stored.secret is not None
        assert b"ZZSECRET" not in bytes(stored.secret)

    status = as_alice.get(f"/api/clients/{client.id}/status/", {"as_of": "2025-09-30"})
    assert status.status_code == 200, status.json()
    assert status.json()["version"] == 3
    assert ClientStatus.objects.get(client=client).version == 3


def test_client_registered_is_refused(api, alice, client_of_alice):
    body = {
        "type": "client_registered",
        "occurred_on": "2025-01-01",
        "data": {"citizenship": "TJK", "sex": "M", "birth_year": 1990, "region": "RU-MOW"},
    }

    response = api(alice).post(events_url(client_of_alice), body, format="json")

    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["type"]
    assert Event.objects.filter(client=client_of_alice).count() == 1


@pytest.mark.parametrize(
    ("type", "occurred_on", "data", "field"),
    [
        (
            "decision_issued",
            "2025-02-27",
            {**DECISION_D1, "decision_ref": "D2", "copy_received_on": "2025-02-26"},
            "copy_received_on",
        ),
        (
            "decision_issued",
            "2025-02-27",
            {"decision_ref": "D2", "kind": "deportation", "learned_on": "2025-02-20"},
            "learned_on",
        ),
        (
            "appeal_decided",
            "2025-03-01",
            {"decision_ref": "D1", "outcome": "upheld", "copy_received_on": "2025-02-28"},
            "copy_received_on",
        ),
        ("detained", "2025-03-01", {"basis": "expulsion", "term_until": "2025-02-01"}, "term_until"),
        ("order_to_appear_served", "2025-03-01", {"appear_by": "2025-03-20T10:00:00"}, "appear_by"),
        ("order_to_appear_served", "2025-03-01", {"appear_by": "2025-02-20T10:00:00+03:00"}, "appear_by"),
        (
            "event_corrected",
            "2025-03-01",
            {"corrects": "00000000-0000-4000-8000-000000000000", "data": DECISION_D1},
            "corrects",
        ),
        (
            "event_corrected",
            "2025-03-01",
            {"corrects": "{D1}", "data": {**DECISION_D1, "copy_received_on": "2025-02-01"}},
            "data.copy_received_on",
        ),
        ("event_retracted", "2025-03-01", {"retracts": "not-an-id", "reason": "x"}, "retracts"),
        ("register_inclusion", "2025-02-10", {"ground": "deported_twice"}, "ground"),
        ("caseworker_assigned", "2025-03-01", {"user": "bob"}, "user"),
    ],
)
def test_a_legally_impossible_payload_gets_400_naming_the_field(
    api, alice, bob, decided_client, type, occurred_on, data, field
):
    client, decision_id = decided_client

    body = {"type": type, "occurred_on": occurred_on, "data": with_decision_id(data, decision_id)}
    author = assigner(client) if type == "caseworker_assigned" else alice  # reassignment is the supervisor's
    response = api(author).post(events_url(client), body, format="json")

    assert response.status_code == 400, response.json()
    assert response.json()["code"] == "invalid"
    assert list(response.json()["errors"]) == [field]
    assert Event.objects.filter(client=client).count() == 2
    assert ClientStatus.objects.get(client=client).version == 2


def test_a_retraction_of_the_registration_is_refused(api, alice, client_of_alice):
    registration = Event.objects.get(client=client_of_alice, version=1)
    body = {"type": "event_retracted", "data": {"retracts": str(registration.id), "reason": "x"}}

    response = api(alice).post(events_url(client_of_alice), body, format="json")

    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["retracts"]


def test_a_future_occurred_on_is_refused_in_the_organisations_zone(api, alice, client_of_alice):
    as_alice = api(alice)
    check = {"type": "register_check", "data": {"listed": True}}
    # 01:00 on 06.03 in Moscow is still 05.03 in UTC: "today" is judged where org A works.
    with time_machine.travel("2025-03-06 01:00:00+03:00", tick=False):
        tomorrow = as_alice.post(
            events_url(client_of_alice), {**check, "occurred_on": "2025-03-07"}, format="json"
        )
        today = as_alice.post(
            events_url(client_of_alice), {**check, "occurred_on": "2025-03-06"}, format="json"
        )

    assert tomorrow.status_code == 400
    assert list(tomorrow.json()["errors"]) == ["occurred_on"]
    assert today.status_code == 201, today.json()
    assert Event.objects.filter(client=client_of_alice).count() == 2


def test_a_correction_cannot_assign_a_stranger(api, sam, charlie, client_of_alice):
    as_alice = api(sam)
    url = f"/api/clients/{client_of_alice.id}/events/"
    assigned = as_alice.post(url, {"type": "caseworker_assigned", "occurred_on": "2025-03-01",
                                   "data": {"user": "alice"}}, format="json").json()  # fmt: skip
    correction = {
        "type": "event_corrected",
        "data": {"corrects": assigned["id"], "data": {"user": "charlie"}},
    }
    response = as_alice.post(url, correction, format="json")
    assert response.status_code == 400
    assert "user" in response.json()["errors"]
