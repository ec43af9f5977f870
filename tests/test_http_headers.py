"""Response headers: no caching of anything a signed-in person or the API sees; a strict CSP on every page."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.templatetags.static import static
from django.urls import reverse

from tests.web.conftest import signed_in

NO_STORE = "no-store"


def assert_not_stored(response) -> None:
    assert response["Cache-Control"] == NO_STORE
    assert response["Pragma"] == "no-cache"


@pytest.mark.parametrize(
    "url",
    [reverse("web:dashboard"), reverse("web:clients"), reverse("web:client-new"), reverse("web:exports")],
)
def test_it_forbids_storing_a_signed_in_persons_pages(client, alice, url):
    assert_not_stored(signed_in(client, alice).get(url))


def test_it_forbids_storing_a_client_page(client, alice, client_of_alice):
    response = signed_in(client, alice).get(reverse("web:client", args=[client_of_alice.id]))
    assert response.status_code == 200
    assert_not_stored(response)


def test_it_forbids_storing_redirects_and_refusals_too(client, alice, bob, client_of_alice):
    assert_not_stored(signed_in(client, bob).get(reverse("web:client", args=[client_of_alice.id])))
    assert_not_stored(signed_in(client, alice).post(reverse("web:language"), {"language": "en", "next": "/"}))


@pytest.mark.parametrize("url", ["/api/clients/", "/api/deadlines/", "/api/exports/"])
def test_it_forbids_storing_api_responses(api, alice, url):
    assert_not_stored(api(alice).get(url))


def test_it_forbids_storing_a_client_from_the_api(api, alice, client_of_alice):
    response = api(alice).get(f"/api/clients/{client_of_alice.id}/")
    assert response.status_code == 200
    assert_not_stored(response)


def test_it_forbids_storing_api_errors_and_anonymous_api_calls(api, alice, client, db):
    assert_not_stored(api(alice).get("/api/clients/00000000-0000-0000-0000-000000000000/"))
    assert_not_stored(client.get("/api/clients/"))
    assert_not_stored(client.post("/api/auth/token/", {"username": "x", "password": "y"}, "application/json"))


def test_it_lets_the_api_schema_and_docs_be_cached(client, alice):
    # They describe the API, not anybody's data, even when a signed-in person opens them.
    signed_in(client, alice)
    for url in (reverse("api-schema"), reverse("api-docs")):
        response = client.get(url)
        assert response.status_code == 200
        assert NO_STORE not in response.get("Cache-Control", "")


def test_it_leaves_static_files_alone(client, alice):
    response = signed_in(client, alice).get(static("casework/css/app.css"))
    assert NO_STORE not in response.get("Cache-Control", "")


def test_it_sends_the_strict_policy_on_pages(client, alice, client_of_alice):
    signed_in(client, alice)
    for url in (reverse("login"), reverse("web:dashboard"), reverse("web:client", args=[client_of_alice.id])):
        policy = directives(client.get(url)["Content-Security-Policy"])
        assert policy["default-src"] == ["'self'"]
        assert policy["script-src"] == ["'self'"]
        assert policy["style-src"] == ["'self'"]
        assert policy["object-src"] == ["'none'"]
        assert policy["frame-ancestors"] == ["'none'"]
        assert policy["form-action"] == ["'self'"]
        assert policy["base-uri"] == ["'self'"]


def test_it_relaxes_the_policy_on_the_api_docs_only(client, db):
    policy = directives(client.get(reverse("api-docs"))["Content-Security-Policy"])
    assert "'unsafe-inline'" in policy["script-src"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["connect-src"] == ["'self'"]


def test_it_forbids_framing_and_sniffing(client, db):
    response = client.get(reverse("login"))
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


@pytest.mark.parametrize("url", [reverse("login"), "/api/clients/", reverse("api-docs")])
def test_it_turns_off_the_browser_features_no_page_uses(client, db, url):
    policy = dict(part.strip().split("=", 1) for part in client.get(url)["Permissions-Policy"].split(","))
    for feature in ("camera", "microphone", "geolocation", "payment", "usb", "display-capture"):
        assert policy[feature] == "()", feature


ROOT = Path(__file__).resolve().parent.parent
THIRD_PARTY_MARKERS = (
    "http://",
    "https://",
    "//cdn",
    "googletagmanager",
    "google-analytics",
    "gtag(",
    "yandex",
)


def test_it_loads_nothing_from_another_site():
    # Templates and our own static files: every script, style, image and font comes from this server.
    # (E-mails are not pages; they link to CASEWORK_BASE_URL only and are checked by their own tests.)
    offenders = []
    sources = [
        *(ROOT / "templates" / "casework").rglob("*.html"),
        *(ROOT / "templates" / "registration").rglob("*"),
    ]
    sources += [
        path for path in (ROOT / "casework" / "static").rglob("*") if path.suffix in {".js", ".css", ".svg"}
    ]
    for path in sources:
        if not path.is_file():
            continue
        text = path.read_text(encoding="utf-8").lower().replace("http://www.w3.org/", "")  # XML namespaces
        offenders += [
            f"{path.relative_to(ROOT)}: {marker}" for marker in THIRD_PARTY_MARKERS if marker in text
        ]
    assert offenders == []


def directives(header: str) -> dict[str, list[str]]:
    parsed = {}
    for part in header.split(";"):
        name, *values = part.split()
        parsed[name] = values
    return parsed


def test_the_api_docs_ask_no_outside_validator(client, db):
    # Swagger UI's default validator badge is an image from validator.swagger.io, with our schema's URL.
    docs = client.get(reverse("api-docs")).content.decode()
    assert '"validatorUrl": null' in docs
