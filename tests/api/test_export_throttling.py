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
