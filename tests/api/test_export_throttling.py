"""The export endpoints are rate-limited per user, counted in the real Redis cache (tests/conftest.py gives
each test a key prefix of its own)."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from casework.api.throttling import UNAVAILABLE

LIST_URL = "/api/exports/"
TABLE_URL = "/api/exports/inclusions_by_ground/?period=2025"


@pytest.fixture
def three_an_hour(settings):
    settings.CASEWORK_EXPORT_THROTTLE_RATE = "3/hour"


def test_it_refuses_the_request_over_the_rate_with_the_api_error_shape(api, bob, three_an_hour):
    as_bob = api(bob)
    for _ in range(3):
        assert as_bob.get(LIST_URL).status_code == 200
    response = as_bob.get(LIST_URL)
    assert response.status_code == 429
    assert response.json()["code"] == "throttled"
    assert set(response.json()) == {"code", "detail"}
    assert 3500 <= int(response["Retry-After"]) <= 3600


def test_it_counts_the_list_and_the_tables_together(api, bob, three_an_hour):
    as_bob = api(bob)
    assert as_bob.get(LIST_URL).status_code == 200
    assert as_bob.get(TABLE_URL).status_code == 200
    assert as_bob.get(TABLE_URL + "&format=csv").status_code == 200
    response = as_bob.get(TABLE_URL + "&format=csv")
    assert response.status_code == 429
    assert response["Content-Type"] == "application/json"  # errors are JSON, even for ?format=csv
    assert response.json()["code"] == "throttled"


def test_it_counts_each_user_apart(api, bob, dora, three_an_hour):
    for _ in range(3):
        api(bob).get(LIST_URL)
    assert api(bob).get(LIST_URL).status_code == 429
    assert api(dora).get(LIST_URL).status_code == 200


def test_it_lets_the_user_in_again_after_the_period(api, bob, three_an_hour):
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        for _ in range(3):
            api(bob).get(LIST_URL)
        assert api(bob).get(LIST_URL).status_code == 429
        traveller.shift(timedelta(hours=1, seconds=1))
        assert api(bob).get(LIST_URL).status_code == 200


def test_it_keeps_the_default_rate_of_the_settings(api, bob, settings):
    assert settings.CASEWORK_EXPORT_THROTTLE_RATE == "60/hour"
    for _ in range(60):
        assert api(bob).get(LIST_URL).status_code == 200
    assert api(bob).get(LIST_URL).status_code == 429


def test_it_does_not_throttle_other_endpoints(api, alice, three_an_hour):
    for _ in range(5):
        assert api(alice).get("/api/clients/").status_code == 200


def test_it_refuses_to_export_unmetered_when_redis_is_away(api, bob, settings):
    # Nothing listens on port 1: the cache client fails at once, as with Redis down.
    settings.CACHES = {
        **settings.CACHES,
        "default": {**settings.CACHES["default"], "LOCATION": "redis://127.0.0.1:1/0"},
    }
    response = api(bob).get(LIST_URL)
    assert response.status_code == 503
    assert response.json() == {"code": "unavailable", "detail": UNAVAILABLE}


# Issue 14 item 9: the web's exports page and downloads draw on the same bucket as the API.
PAGE = "/exports/"
DOWNLOAD = "/exports/inclusions_by_ground/download/"


def signed_in_web(client, user):
    from casework.services.organisations import user_language_set

    user_language_set(actor=user, language="en")
    client.force_login(user)
    return client


def test_the_web_exports_are_rate_limited_like_the_api(client, bob, three_an_hour):
    browser = signed_in_web(client, bob)
    assert browser.get(PAGE, {"period": "2025"}).status_code == 200
    assert browser.get(DOWNLOAD, {"period": "2025", "format": "csv"}).status_code == 200
    assert browser.get(DOWNLOAD, {"period": "2025", "format": "json"}).status_code == 200

    refused_page = browser.get(PAGE, {"period": "2025"})
    refused_download = browser.get(DOWNLOAD, {"period": "2025", "format": "csv"})
    assert refused_page.status_code == 429 and refused_download.status_code == 429
    assert 3500 <= int(refused_download["Retry-After"]) <= 3600
    assert "Too many exports" in refused_page.content.decode()


def test_the_web_and_the_api_share_one_bucket(api, client, bob, three_an_hour):
    browser = signed_in_web(client, bob)
    for _ in range(3):
        assert api(bob).get(LIST_URL).status_code == 200
    assert browser.get(DOWNLOAD, {"period": "2025", "format": "csv"}).status_code == 429


def test_the_web_refuses_to_export_unmetered_when_redis_is_away(client, bob, settings):
    browser = signed_in_web(client, bob)
    settings.CACHES = {
        **settings.CACHES,
        "default": {**settings.CACHES["default"], "LOCATION": "redis://127.0.0.1:1/0"},
    }
    assert browser.get(DOWNLOAD, {"period": "2025", "format": "csv"}).status_code == 503
