from __future__ import annotations

import pytest

from casework.models import Client, Event, ReadAction, ReadAudit
from tests.conftest import make_client

NEW_CLIENT = {
    "full_name": "Rustam Karimov",
    "date_of_birth": "1990-05-01",
    "document_number": "AB 1234567",
    "phone": "+7 900 000-00-00",
    "citizenship": "TJK",
    "sex": "M",
    "region": "RU-MOW",
}


def test_it_creates_a_client_with_a_pseudonymous_code(api, alice):
    response = api(alice).post("/api/clients/", NEW_CLIENT, format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert set(body) == {
        "id",
        "code",
        "version",
        "full_name",
        "date_of_birth",
        "document_number",
        "phone",
        "citizenship",
        "sex",
        "region",
        "erased",
    }
    assert body["full_name"] == "Rustam Karimov"
    assert body["version"] == 1
    assert body["erased"] is False
    assert body["code"].startswith("C-")
    assert "Rustam" not in body["code"] and "Karimov" not in body["code"]


def test_the_first_event_carries_only_non_identifying_facts(api, alice):
    client_id = api(alice).post("/api/clients/", NEW_CLIENT, format="json").json()["id"]
    first = Event.objects.get(client_id=client_id, version=1)
    assert first.type == "client_registered"
    assert first.data == {"citizenship": "TJK", "sex": "M", "birth_year": 1990, "region": "RU-MOW"}
    assert first.secret is None


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"full_name": ""}, "full_name"),
        ({"date_of_birth": "1990-02-30"}, "date_of_birth"),
        ({"date_of_birth": "2999-01-01"}, "date_of_birth"),
        ({"citizenship": "ZZZ"}, "citizenship"),
        ({"region": "RU-XX"}, "region"),
    ],
)
def test_it_refuses_bad_input_with_field_errors_and_writes_nothing(api, alice, change, field):
    response = api(alice).post("/api/clients/", {**NEW_CLIENT, **change}, format="json")
    assert response.status_code == 400
    assert response.json()["code"] == "invalid"
    assert field in response.json()["errors"]
    assert Client.objects.count() == 0
    assert Event.objects.count() == 0


def test_it_refuses_a_body_that_is_not_json(api, alice):
    response = api(alice).post("/api/clients/", "{not json", content_type="application/json")
    assert response.status_code == 400


def test_it_reads_a_client(api, alice, client_of_alice):
    body = api(alice).get(f"/api/clients/{client_of_alice.id}/").json()
    assert body["id"] == str(client_of_alice.id)
    assert body["document_number"] == "AB1234567"
    assert body["citizenship"] == "TJK"


def test_another_organisation_gets_404_everywhere(api, charlie, client_of_alice):
    as_charlie = api(charlie)
    base = f"/api/clients/{client_of_alice.id}"
    assert as_charlie.get(f"{base}/").status_code == 404
    assert as_charlie.get(f"{base}/events/").status_code == 404
    assert (
        as_charlie.post(
            f"{base}/events/", {"type": "case_closed", "occurred_on": "2025-01-01"}, format="json"
        ).status_code
        == 404
    )
    assert as_charlie.post(f"{base}/erase/").status_code == 404
    assert as_charlie.get("/api/clients/").json()["count"] == 0


def test_an_analyst_sees_no_client(api, bob, client_of_alice):
    assert api(bob).get(f"/api/clients/{client_of_alice.id}/").status_code == 403
    assert api(bob).get("/api/clients/").status_code == 403
    assert api(bob).post("/api/clients/", NEW_CLIENT, format="json").status_code == 403


def test_anonymous_requests_get_401(api, client_of_alice):
    assert api(None).get("/api/clients/").status_code == 401
    assert api(None).get(f"/api/clients/{client_of_alice.id}/").status_code == 401


SEARCH_URL = "/api/clients/search/"


def search(as_user, text: str, **more):
    return as_user.post(SEARCH_URL, {"q": text, **more}, format="json")


def test_it_searches_by_name_words_or_the_exact_document(api, alice):
    wanted = make_client(alice, full_name="Каримов Рустам", document_number="AB1234567")
    make_client(alice, full_name="Каримова Рустам", document_number="CD7654321")
    as_alice = api(alice)
    for query in [
        "каримов  рустам",
        "Kаримов Рустам",
        "ab 123-45-67",
        "Каримов",
        "Karimov",
        "Rustam Karimov",
    ]:
        response = search(as_alice, query)
        assert response.status_code == 200, response.content
        assert [r["id"] for r in response.json()["results"]] == [str(wanted.id)], query
    assert search(as_alice, "AB123456").json()["count"] == 0  # a document number matches whole only
    assert search(as_alice, "Рустам").json()["count"] == 2


def test_a_search_in_the_url_is_refused_and_points_to_post(api, alice, client_of_alice):
    response = api(alice).get("/api/clients/", {"search": "Rustam Karimov"})

    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid" and SEARCH_URL in body["errors"]["search"][0]
    assert "Rustam" not in response.content.decode()


def test_search_results_come_in_pages_asked_for_in_the_body(api, alice):
    for _ in range(3):
        make_client(alice, full_name="Same Name", document_number="")
    as_alice = api(alice)

    first = search(as_alice, "same name", page_size=2).json()
    second = search(as_alice, "same name", page_size=2, page=2).json()

    assert (first["count"], len(first["results"]), first["next"], first["previous"]) == (3, 2, 2, None)
    assert (len(second["results"]), second["next"], second["previous"]) == (1, None, 1)
    assert search(as_alice, "same name", page=99).status_code == 404


@pytest.mark.parametrize(
    "body",
    [{}, {"q": ""}, {"q": "   "}, {"q": "x" * 201}, {"q": "a\x00b"}, {"q": ["a"]}, {"q": "a", "page": 0}],
)
def test_a_bad_search_is_a_400(api, alice, body):
    response = api(alice).post(SEARCH_URL, body, format="json")

    assert response.status_code == 400 and response.json()["code"] == "invalid"


def test_a_search_is_audited_without_its_text(api, alice, client_of_alice):
    search(api(alice), "Rustam Karimov")

    row = ReadAudit.objects.get(action=ReadAction.CLIENTS_SEARCHED)
    assert row.client_id == client_of_alice.id
    assert "Rustam" not in str(ReadAudit.objects.values().get(pk=row.pk))


def test_it_lists_clients_newest_first_with_pagination(api, alice):
    for n in range(3):
        make_client(alice, full_name=f"Person {n}", document_number=f"N{n}")
    body = api(alice).get("/api/clients/", {"page_size": 2}).json()
    assert body["count"] == 3
    assert len(body["results"]) == 2
    assert body["next"] is not None
    assert [r["full_name"] for r in body["results"]] == ["Person 2", "Person 1"]


def test_an_admin_erases_a_client_and_the_facts_remain(api, dora, alice, client_of_alice):
    assert api(alice).post(f"/api/clients/{client_of_alice.id}/erase/").status_code == 403
    assert api(dora).post(f"/api/clients/{client_of_alice.id}/erase/").status_code == 204
    body = api(dora).get(f"/api/clients/{client_of_alice.id}/").json()
    assert body["erased"] is True
    assert [body[f] for f in ("full_name", "date_of_birth", "document_number", "phone")] == [None] * 4
    assert body["citizenship"] == "TJK"
    assert Event.objects.filter(client=client_of_alice).count() == 1
    assert search(api(dora), "Rustam Karimov").json()["count"] == 0
