"""Reassigning a client is for supervisors and admins (API.md: "supervisor (caseworker + reassignment …)"),
and so are the corrections and retractions of an assignment (issue 14, item 8)."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from casework.access import REASSIGN_REFUSED
from casework.models import ClientStatus, Event


def _events_url(client) -> str:
    return f"/api/clients/{client.id}/events/"


def _assign(as_user, client, username: str):
    body = {"type": "caseworker_assigned", "occurred_on": "2025-03-01", "data": {"user": username}}
    return as_user.post(_events_url(client), body, format="json")


@pytest.fixture
def assigned_by_sam(api, sam, alice, client_of_alice):
    response = _assign(api(sam), client_of_alice, "alice")
    assert response.status_code == 201, response.json()
    return response.json()


def test_it_refuses_a_caseworker_assigning_a_client(api, alice, sam, client_of_alice):
    response = _assign(api(alice), client_of_alice, "sam")

    assert response.status_code == 403
    assert response.json()["detail"] == REASSIGN_REFUSED
    assert not Event.objects.filter(client=client_of_alice, type="caseworker_assigned").exists()


@pytest.mark.parametrize("role_user", ["sam", "dora"])
def test_it_lets_supervisors_and_admins_assign(api, request, alice, client_of_alice, role_user):
    response = _assign(api(request.getfixturevalue(role_user)), client_of_alice, "alice")

    assert response.status_code == 201
    assert ClientStatus.objects.get(client=client_of_alice).assigned_to == alice


def test_it_refuses_a_caseworker_correcting_an_assignment(api, alice, assigned_by_sam, client_of_alice):
    correction = {
        "type": "event_corrected",
        "occurred_on": "2025-03-01",
        "data": {"corrects": assigned_by_sam["id"], "data": {"user": "sam"}},
    }

    response = api(alice).post(_events_url(client_of_alice), correction, format="json")

    assert response.status_code == 403
    assert ClientStatus.objects.get(client=client_of_alice).assigned_to == alice


def test_it_refuses_a_caseworker_retracting_an_assignment(api, alice, assigned_by_sam, client_of_alice):
    retraction = {
        "type": "event_retracted",
        "occurred_on": "2025-03-01",
        "data": {"retracts": assigned_by_sam["id"], "reason": "mistake"},
    }

    response = api(alice).post(_events_url(client_of_alice), retraction, format="json")

    assert response.status_code == 403
    assert ClientStatus.objects.get(client=client_of_alice).assigned_to == alice


def test_a_caseworker_still_corrects_and_retracts_other_events(api, alice, client_of_alice):
    as_alice = api(alice)
    note = as_alice.post(
        _events_url(client_of_alice),
        {"type": "note_added", "occurred_on": "2025-03-01", "data": {"text": "first"}},
        format="json",
    ).json()
    retraction = {
        "type": "event_retracted",
        "occurred_on": "2025-03-01",
        "data": {"retracts": note["id"], "reason": "wrong client"},
    }

    assert as_alice.post(_events_url(client_of_alice), retraction, format="json").status_code == 201


def test_the_web_form_refuses_a_caseworker_assigning(client, alice, sam, client_of_alice):
    client.force_login(alice)
    url = reverse("web:event-record", kwargs={"client_id": client_of_alice.id}) + "?type=caseworker_assigned"

    form = client.get(url).content.decode()
    hidden = dict(re.findall(r'name="(expected_version|idempotency_key)" value="([^"]*)"', form))

    response = client.post(url, {**hidden, "occurred_on": "2025-03-01", "user": "sam"})

    assert response.status_code == 403
    assert not Event.objects.filter(client=client_of_alice, type="caseworker_assigned").exists()


def test_the_record_page_offers_reassignment_to_supervisors_only(client, alice, sam, client_of_alice):
    url = reverse("web:event-record", kwargs={"client_id": client_of_alice.id})
    client.force_login(alice)
    assert "type=caseworker_assigned" not in client.get(url).content.decode()
    client.force_login(sam)
    assert "type=caseworker_assigned" in client.get(url).content.decode()
