from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings

from casework import crypto
from casework.models import Client, Membership, Organisation
from casework.personal import open_personal
from tests.conftest import api_as, make_client


def run(*args) -> str:
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue().strip()


def test_org_user_and_token_commands_give_a_working_api_token(db):
    from rest_framework.test import APIClient

    slug = run("org_create", "--name", "Civic Assistance", "--timezone", "Asia/Yekaterinburg")
    assert slug == "civic-assistance"
    assert Organisation.objects.get(slug=slug).timezone == "Asia/Yekaterinburg"
    run(
        "user_create",
        "--org",
        slug,
        "--username",
        "erin",
        "--password",
        "a long enough pass phrase",
        "--role",
        "caseworker",
        "--language",
        "en",
    )
    membership = Membership.objects.get(user__username="erin")
    assert (membership.role, membership.language, membership.organisation.slug) == ("caseworker", "en", slug)
    token = run("token_create", "--username", "erin")
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert api.get("/api/clients/").status_code == 200
    api.credentials(HTTP_AUTHORIZATION=f"Token {token}x")
    assert api.get("/api/clients/").status_code == 401


def test_commands_refuse_bad_input_clearly(db):
    with pytest.raises(CommandError, match="time zone"):
        run("org_create", "--name", "X", "--timezone", "Mars/Olympus")
    with pytest.raises(CommandError, match="No organisation"):
        run("user_create", "--org", "nope", "--username", "u", "--password", "p" * 12, "--role", "admin")


@override_settings(CASEWORK_REQUIRE_MFA=False)
def test_the_token_endpoint_exchanges_a_password_for_a_token(alice):
    from rest_framework.test import APIClient

    api = APIClient()
    wrong = api.post("/api/auth/token/", {"username": "alice", "password": "nope"}, format="json")
    assert wrong.status_code == 400
    response = api.post(
        "/api/auth/token/", {"username": "alice", "password": "correct horse battery staple"}, format="json"
    )
    assert response.status_code == 200
    api.credentials(HTTP_AUTHORIZATION=f"Token {response.json()['token']}")
    assert api.get("/api/clients/").status_code == 200


@override_settings(CASEWORK_REQUIRE_MFA=True)
def test_with_mfa_required_a_user_without_a_factor_gets_no_token(alice):
    from rest_framework.test import APIClient

    response = APIClient().post(
        "/api/auth/token/", {"username": "alice", "password": "correct horse battery staple"}, format="json"
    )
    assert response.status_code == 400
    assert "otp" in response.json()["errors"]


def test_rewrap_moves_every_data_key_to_the_new_master_key(alice, dora, settings):
    from casework.services.clients import client_erase

    kept = make_client(alice, full_name="Kept Person", document_number="K1")
    client_erase(actor=dora, client=make_client(alice, full_name="Gone", document_number="G1"))
    old = settings.CASEWORK_KEK
    settings.CASEWORK_KEK, settings.CASEWORK_KEK_PREVIOUS = crypto.generate_key_text(), old
    output = run("crypto_rewrap_keys")
    assert "Re-wrapped 1 data keys" in output and "1 erased" in output
    settings.CASEWORK_KEK_PREVIOUS = None  # the old key is gone now
    kept = Client.objects.get(pk=kept.pk)
    assert open_personal(kept).full_name == "Kept Person"
    found = api_as(alice).post("/api/clients/search/", {"q": "kept person"}, format="json").json()["results"]
    assert [c["id"] for c in found] == [str(kept.id)]
