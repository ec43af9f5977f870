from __future__ import annotations

import pytest

from casework.models import Event

DECISION = {
    "type": "decision_issued",
    "occurred_on": "2025-02-27",
    "data": {"decision_ref": "D1", "kind": "administrative_expulsion", "copy_received_on": "2025-02-27"},
}


def events_url(client):
    return f"/api/clients/{client.id}/events/"


def test_it_records_an_event_and_returns_it(api, alice, client_of_alice):
    response = api(alice).post(
        events_url(client_of_alice), {**DECISION, "expected_version": 1}, format="json"
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert set(body) == {
        "id",
        "position",
        "version",
        "type",
        "schema_version",
        "occurred_on",
        "recorded_at",
        "recorded_by",
        "data",
        "corrects",
    }
    assert body["version"] == 2
    assert body["type"] == "decision_issued"
    assert body["occurred_on"] == "2025-02-27"
    assert body["recorded_by"] == "alice"
    assert body["data"]["decision_ref"] == "D1"
    assert body["corrects"] is None


def test_a_stale_expected_version_gets_409_and_writes_nothing(api, alice, client_of_alice):
    as_alice = api(alice)
    as_alice.post(events_url(client_of_alice), {**DECISION, "expected_version": 1}, format="json")
    second = {**DECISION, "data": {**DECISION["data"], "decision_ref": "D2"}, "expected_version": 1}
    response = as_alice.post(events_url(client_of_alice), second, format="json")
    assert response.status_code == 409
    assert response.json()["code"] == "version_conflict"
    assert response.json()["current_version"] == 2
    assert Event.objects.filter(client=client_of_alice).count() == 2


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"type": "no_such_event", "occurred_on": "2025-01-01"}, "type"),
        (
            {"type": "decision_issued", "occurred_on": "2025-01-01", "data": {"kind": "deportation"}},
            "decision_ref",
        ),
        ({**DECISION, "data": {**DECISION["data"], "kind": "banishment"}}, "kind"),
        ({**DECISION, "occurred_on": "2025-13-01"}, "occurred_on"),
        ({"type": "register_check", "occurred_on": "2025-01-01", "data": {"listed": "yes"}}, "listed"),
        ({"type": "decision_issued", "data": DECISION["data"]}, "occurred_on"),
        (
            {
                "type": "client_registered",
                "occurred_on": "2025-01-01",
                "data": {"citizenship": "TJK", "sex": "M", "birth_year": 1990, "region": "RU-MOW"},
            },
            "type",
        ),
    ],
)
def test_bad_payloads_get_400_naming_the_field(api, alice, client_of_alice, body, field):
    response = api(alice).post(events_url(client_of_alice), body, format="json")
    assert response.status_code == 400, response.json()
    assert response.json()["code"] == "invalid"
    assert any(key == field or key.endswith(f".{field}") for key in response.json()["errors"]), (
        response.json()
    )
    assert Event.objects.filter(client=client_of_alice).count() == 1


def test_the_same_idempotency_key_returns_the_first_response(api, alice, client_of_alice):
    as_alice = api(alice)
    first = as_alice.post(events_url(client_of_alice), DECISION, format="json", HTTP_IDEMPOTENCY_KEY="abc")
    again = as_alice.post(events_url(client_of_alice), DECISION, format="json", HTTP_IDEMPOTENCY_KEY="abc")
    assert first.status_code == again.status_code == 201
    assert again.json() == first.json()
    assert Event.objects.filter(client=client_of_alice).count() == 2


def test_a_different_body_under_a_used_key_gets_422(api, alice, client_of_alice):
    as_alice = api(alice)
    as_alice.post(events_url(client_of_alice), DECISION, format="json", HTTP_IDEMPOTENCY_KEY="abc")
    other = {**DECISION, "data": {**DECISION["data"], "decision_ref": "D2"}}
    response = as_alice.post(events_url(client_of_alice), other, format="json", HTTP_IDEMPOTENCY_KEY="abc")
    assert response.status_code == 422
    assert response.json()["code"] == "idempotency_key_reused"
    assert Event.objects.filter(client=client_of_alice).count() == 2


def test_it_lists_the_stream_in_version_order_with_pagination(api, alice, client_of_alice):
    as_alice = api(alice)
    for ref in ("D1", "D2", "D3"):
        body = {**DECISION, "data": {**DECISION["data"], "decision_ref": ref}}
        assert as_alice.post(events_url(client_of_alice), body, format="json").status_code == 201
    page = as_alice.get(events_url(client_of_alice), {"page_size": 3}).json()
    assert page["count"] == 4
    assert [e["version"] for e in page["results"]] == [1, 2, 3]
    assert page["next"] is not None
    rest = as_alice.get(page["next"]).json()
    assert [e["data"].get("decision_ref") for e in rest["results"]] == ["D3"]


def test_a_note_is_stored_encrypted_and_read_back(api, alice, client_of_alice):
    as_alice = api(alice)
    body = {"type": "note_added", "data": {"text": "Called the client's sister"}}
    response = as_alice.post(events_url(client_of_alice), body, format="json")
    assert response.status_code == 201, response.json()
    assert response.json()["data"]["text"] == "Called the client's sister"
    stored = Event.objects.get(pk=response.json()["id"])
    assert stored.data.get("text") is None
    assert b"sister" not in bytes(stored.secret)


def test_after_erasure_sensitive_event_fields_read_null(api, alice, dora, client_of_alice):
    api(alice).post(events_url(client_of_alice), {"type": "note_added", "data": {"text": "x"}}, format="json")
    api(dora).post(f"/api/clients/{client_of_alice.id}/erase/")
    notes = [
        e for e in api(dora).get(events_url(client_of_alice)).json()["results"] if e["type"] == "note_added"
    ]
    assert notes[0]["data"]["text"] is None
    response = api(alice).post(events_url(client_of_alice), DECISION, format="json")
    assert response.status_code == 400


def test_a_retraction_references_the_retracted_event(api, alice, client_of_alice):
    as_alice = api(alice)
    decision = as_alice.post(events_url(client_of_alice), DECISION, format="json").json()
    retraction = {"type": "event_retracted", "data": {"retracts": decision["id"], "reason": "entered twice"}}
    response = as_alice.post(events_url(client_of_alice), retraction, format="json")
    assert response.status_code == 201, response.json()
    assert response.json()["corrects"] == decision["id"]
    assert response.json()["data"]["reason"] == "entered twice"
    unknown = {"type": "event_retracted", "data": {"retracts": client_of_alice.id.hex, "reason": "x"}}
    assert as_alice.post(events_url(client_of_alice), unknown, format="json").status_code == 400
