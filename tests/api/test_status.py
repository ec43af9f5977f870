"""GET /api/clients/{id}/status/ — the derived status, as of a date and as known at a moment (API.md)."""

from __future__ import annotations

from datetime import UTC

import pytest

from casework.api.status import NAIVE_INSTANT
from casework.models import Event
from tests.conftest import make_client

INCLUSION = {
    "type": "register_inclusion",
    "occurred_on": "2025-02-10",
    "data": {"ground": "stay_expired", "posted_on": "2025-02-11", "source": "bank"},
}
FROZEN = {"type": "bank_account_frozen", "occurred_on": "2025-02-20"}
DECISION = {
    "type": "decision_issued",
    "occurred_on": "2025-02-27",
    "data": {"decision_ref": "D1", "kind": "administrative_expulsion", "copy_received_on": "2025-02-27"},
}
DEADLINE_KEYS = {
    "key", "kind", "rule", "rule_version", "decision_ref", "due_on", "due_at", "status", "estimated",
    "confidence", "explanation",
}  # fmt: skip


def status_url(client):
    return f"/api/clients/{client.id}/status/"


def post(as_user, client, *bodies):
    for body in bodies:
        response = as_user.post(f"/api/clients/{client.id}/events/", body, format="json")
        assert response.status_code == 201, response.json()


@pytest.fixture
def listed_client(api, alice, client_of_alice):
    post(api(alice), client_of_alice, INCLUSION, FROZEN, DECISION)
    return client_of_alice


def appeal(body):
    return next(deadline for deadline in body["deadlines"] if deadline["key"] == "appeal:D1")


def test_it_returns_the_status_in_the_shape_of_the_contract(api, alice, listed_client):
    response = api(alice).get(status_url(listed_client), {"as_of": "2025-03-01"})

    assert response.status_code == 200, response.json()
    body = response.json()
    assert {
        "client", "as_of", "known_at", "version", "register", "restrictions", "bank_account_frozen",
        "detention", "deadlines", "warnings",
    } <= set(body)  # fmt: skip
    assert body["client"] == str(listed_client.id)
    assert body["as_of"] == "2025-03-01"
    assert body["known_at"].endswith("Z")
    assert body["version"] == 4
    assert body["register"] == {
        "listed": True,
        "since": "2025-02-10",
        "ground": "stay_expired",
        "posted_on": "2025-02-11",
        "excluded_on": None,
        "provisional": False,
    }
    banking = next(r for r in body["restrictions"] if r["code"] == "banking_restricted")
    assert {"code", "since", "legal_basis", "confidence"} <= set(banking)
    assert (banking["since"], banking["confidence"]) == ("2025-02-10", "high")
    assert banking["legal_basis"].startswith("115-FZ art. 31.1")
    assert len(body["restrictions"]) == 10
    assert body["bank_account_frozen"] is True
    assert {"detained", "since", "facility", "days"} <= set(body["detention"])
    assert (body["detention"]["detained"], body["detention"]["days"]) == (False, 0)
    deadline = appeal(body)
    assert set(deadline) >= DEADLINE_KEYS
    assert {name: deadline[name] for name in DEADLINE_KEYS - {"explanation"}} == {
        "key": "appeal:D1",
        "kind": "appeal",
        "rule": "koap_expulsion_appeal",
        "rule_version": 2,
        "decision_ref": "D1",
        "due_on": "2025-03-10",
        "due_at": "2025-03-10T21:00:00Z",
        "status": "open",
        "estimated": False,
        "confidence": "high",
    }
    assert len(deadline["explanation"]) >= 3
    assert all(isinstance(step, str) and step for step in deadline["explanation"])
    for warning in body["warnings"]:
        assert set(warning) >= {"code", "message"}


def test_it_shows_a_detention_with_its_days(api, alice, client_of_alice):
    detained = {
        "type": "detained",
        "occurred_on": "2025-03-01",
        "data": {"basis": "expulsion", "facility": "No. 1"},
    }
    post(api(alice), client_of_alice, detained)

    body = api(alice).get(status_url(client_of_alice), {"as_of": "2025-03-10"}).json()

    assert body["detention"]["detained"] is True
    assert body["detention"]["since"] == "2025-03-01"
    assert body["detention"]["facility"] == "No. 1"
    assert body["detention"]["days"] == 10  # the day of placement is day 1


def test_as_of_before_an_event_hides_it(api, alice, listed_client):
    as_alice = api(alice)

    before_decision = as_alice.get(status_url(listed_client), {"as_of": "2025-02-26"}).json()
    assert [d["key"] for d in before_decision["deadlines"] if d["key"].startswith("appeal:")] == []
    assert before_decision["register"]["listed"] is True
    assert before_decision["bank_account_frozen"] is True

    before_inclusion = as_alice.get(status_url(listed_client), {"as_of": "2025-02-09"}).json()
    assert before_inclusion["register"]["listed"] is False
    assert before_inclusion["restrictions"] == []
    assert before_inclusion["bank_account_frozen"] is False
    assert before_inclusion["deadlines"] == []


def test_known_at_before_an_event_was_recorded_hides_it(api, alice, client_of_alice):
    as_alice = api(alice)
    post(as_alice, client_of_alice, INCLUSION)
    post(as_alice, client_of_alice, DECISION)
    first, second = Event.objects.filter(client=client_of_alice, version__in=(2, 3)).order_by("version")
    assert first.recorded_at < second.recorded_at
    between = first.recorded_at + (second.recorded_at - first.recorded_at) / 2

    then = as_alice.get(status_url(client_of_alice), {"as_of": "2025-03-01", "known_at": between.isoformat()})
    now = as_alice.get(status_url(client_of_alice), {"as_of": "2025-03-01"})

    assert then.status_code == 200, then.json()
    assert then.json()["version"] == 2
    assert then.json()["known_at"] == between.astimezone(UTC).isoformat().replace("+00:00", "Z")
    assert then.json()["register"]["listed"] is True
    assert not any(d["key"] == "appeal:D1" for d in then.json()["deadlines"])
    assert now.json()["version"] == 3
    assert appeal(now.json())["due_on"] == "2025-03-10"


def test_known_at_just_at_the_recording_instant_includes_the_event(api, alice, client_of_alice):
    as_alice = api(alice)
    post(as_alice, client_of_alice, DECISION)
    recorded_at = Event.objects.get(client=client_of_alice, version=2).recorded_at

    body = as_alice.get(
        status_url(client_of_alice), {"as_of": "2025-03-01", "known_at": recorded_at.isoformat()}
    )

    assert body.json()["version"] == 2
    assert appeal(body.json())["status"] == "open"


@pytest.mark.parametrize(
    ("as_of", "status"),
    [("2025-03-10", "open"), ("2025-03-11", "missed"), ("2026-01-15", "missed")],
)
def test_the_deadline_is_missed_once_as_of_is_after_its_due_date(api, alice, listed_client, as_of, status):
    body = api(alice).get(status_url(listed_client), {"as_of": as_of}).json()

    assert appeal(body)["status"] == status


def test_an_appeal_filed_in_time_meets_the_deadline(api, alice, listed_client):
    as_alice = api(alice)
    post(
        as_alice,
        listed_client,
        {
            "type": "appeal_filed",
            "occurred_on": "2025-03-07",
            "data": {"decision_ref": "D1", "forum": "court"},
        },
    )

    assert appeal(as_alice.get(status_url(listed_client), {"as_of": "2025-03-20"}).json())["status"] == "met"
    # As of a day before the filing it was still open.
    assert appeal(as_alice.get(status_url(listed_client), {"as_of": "2025-03-06"}).json())["status"] == "open"


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"as_of": "2025-13-01"}, "as_of"),
        ({"as_of": "yesterday"}, "as_of"),
        ({"known_at": "2025-03-05T12:00:00"}, "known_at"),
        ({"known_at": "2025-03-05"}, "known_at"),
        ({"known_at": "soon"}, "known_at"),
    ],
)
def test_a_bad_query_gets_400_naming_the_field(api, alice, client_of_alice, query, field):
    response = api(alice).get(status_url(client_of_alice), query)

    assert response.status_code == 400, response.json()
    assert response.json()["code"] == "invalid"
    assert list(response.json()["errors"]) == [field]


def test_a_naive_known_at_is_refused_not_guessed(api, alice, client_of_alice):
    response = api(alice).get(status_url(client_of_alice), {"known_at": "2026-01-01T12:00:00"})

    assert response.status_code == 400
    assert response.json()["errors"] == {"known_at": [NAIVE_INSTANT]}


def test_another_organisation_gets_404(api, charlie, listed_client):
    response = api(charlie).get(status_url(listed_client))

    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_an_unknown_client_gets_404(api, alice, listed_client):
    response = api(alice).get(f"/api/clients/{listed_client.id.hex[::-1]}/status/")

    assert response.status_code == 404


def test_an_analyst_gets_403(api, bob, listed_client):
    response = api(bob).get(status_url(listed_client))

    assert response.status_code == 403
    assert response.json()["code"] == "permission_denied"


def test_an_anonymous_caller_gets_401(api, listed_client):
    response = api(None).get(status_url(listed_client))

    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"


def test_the_supervisor_and_admin_see_the_status(api, sam, dora, listed_client):
    for user in (sam, dora):
        body = api(user).get(status_url(listed_client), {"as_of": "2025-03-01"}).json()
        assert appeal(body)["due_on"] == "2025-03-10"


def test_it_reads_today_in_the_organisations_zone_by_default(api, charlie):
    client = make_client(charlie)
    response = api(charlie).get(status_url(client))

    assert response.status_code == 200
    body = response.json()
    assert body["version"] == 1
    assert body["register"]["listed"] is False
