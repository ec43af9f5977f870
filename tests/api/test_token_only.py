"""The API authenticates by token only (API.md, Authentication and roles), and erasure is rate-limited per
admin and shown on the audit page (issue 14, item 4)."""

from __future__ import annotations

import pytest
from django.middleware.csrf import get_token
from django.test import Client as BrowserClient

from casework.models import Client
from casework.services.clients import ErasuresTooMany, client_erase
from casework.services.organisations import user_language_set
from tests.conftest import make_client


@pytest.fixture
def dora_in_english(dora):
    user_language_set(actor=dora, language="en")


@pytest.fixture
def browser(dora):
    browser = BrowserClient(enforce_csrf_checks=True)
    browser.force_login(dora)
    return browser


def _csrf(browser) -> str:
    # The token any page form carries, as an attacker at the keyboard would read it.
    response = browser.get("/")
    return get_token(response.wsgi_request)


def test_it_refuses_the_api_to_a_browser_session(browser, client_of_alice):
    for url in ("/api/clients/", f"/api/clients/{client_of_alice.id}/", "/api/deadlines/"):
        response = browser.get(url)
        assert response.status_code == 401, url
        assert response.json()["code"] == "not_authenticated"


def test_it_does_not_erase_through_the_api_with_a_session_and_its_csrf_token(browser, client_of_alice):
    token = _csrf(browser)

    response = browser.post(
        f"/api/clients/{client_of_alice.id}/erase/", "{}", "application/json", headers={"X-CSRFToken": token}
    )

    assert response.status_code == 401
    client_of_alice.refresh_from_db()
    assert not client_of_alice.erased


def test_it_does_not_export_through_the_api_with_a_session(client, bob):
    client.force_login(bob)

    assert client.get("/api/exports/").status_code == 401


def test_it_limits_erasures_per_admin(api, dora, alice, settings):
    settings.CASEWORK_ERASURES_PER_HOUR = 2
    cases = [make_client(alice, full_name=f"Client {n}", document_number=f"AB{n:07d}") for n in range(3)]
    as_dora = api(dora)

    answers = [as_dora.post(f"/api/clients/{case.id}/erase/").status_code for case in cases]

    assert answers == [204, 204, 429]
    assert Client.objects.filter(erased_at__isnull=False).count() == 2


def test_the_erasure_limit_counts_the_web_and_the_api_alike(dora, alice, settings):
    settings.CASEWORK_ERASURES_PER_HOUR = 1
    first, second = (make_client(alice, document_number=f"AB{n:07d}") for n in range(2))
    client_erase(actor=dora, client=first)

    with pytest.raises(ErasuresTooMany):
        client_erase(actor=dora, client=second)

    second.refresh_from_db()
    assert not second.erased


def test_the_web_erasure_page_refuses_over_the_limit(client, dora, alice, settings, dora_in_english):
    settings.CASEWORK_ERASURES_PER_HOUR = 1
    first, second = (make_client(alice, document_number=f"AB{n:07d}") for n in range(2))
    client_erase(actor=dora, client=first)
    client.force_login(dora)

    response = client.post(f"/clients/{second.id}/erase/", {"code": second.code})

    assert response.status_code == 429
    assert b"Too many erasures" in response.content
    second.refresh_from_db()
    assert not second.erased


def test_the_audit_page_lists_erasures(client, dora, alice, client_of_alice, dora_in_english):
    client_erase(actor=dora, client=client_of_alice)
    client.force_login(dora)

    page = client.get("/admin/audit/").content.decode()

    assert "Erasures" in page
    assert client_of_alice.code in page and "dora" in page
