"""Browser sessions: an idle timeout and an absolute lifetime, enforced on the server; the cookie's flags."""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import quote

import pytest
import time_machine
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from casework.accounts.session_expiry import LOGIN_AT, SEEN_AT
from tests.conftest import PASSWORD

pytestmark = pytest.mark.usefixtures("in_english")

CLIENTS = reverse("web:clients")
LOGIN = reverse("login")


@pytest.fixture
def limits(settings):
    settings.CASEWORK_SESSION_IDLE_MINUTES = 30
    settings.CASEWORK_SESSION_LIFETIME_HOURS = 12


def log_in(client, user):
    response = client.post(LOGIN, {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302
    return client


def expired_to_login(response, next_path: str) -> bool:
    return response.status_code == 302 and response["Location"] == f"{LOGIN}?next={quote(next_path)}"


def test_it_keeps_a_session_that_is_used(client, alice, limits):
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        log_in(client, alice)
        for _ in range(5):
            traveller.shift(timedelta(minutes=25))
            assert client.get(CLIENTS).status_code == 200


def test_it_logs_out_after_the_idle_timeout(client, alice, limits):
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        log_in(client, alice)
        traveller.shift(timedelta(minutes=30))
        response = client.get(CLIENTS + "?search=x")
    assert expired_to_login(response, CLIENTS + "?search=x")
    assert "_auth_user_id" not in client.session
    [message] = get_messages(response.wsgi_request)
    assert "30 minutes without activity" in str(message)


def test_it_shows_the_message_on_the_login_page(client, alice, limits):
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        log_in(client, alice)
        traveller.shift(timedelta(hours=1))
        page = client.get(CLIENTS, follow=True)
    assert page.redirect_chain[-1][0].startswith(LOGIN)
    assert "30 minutes without activity" in page.content.decode()


def test_it_logs_out_at_the_end_of_the_lifetime_however_busy(client, alice, limits):
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        log_in(client, alice)
        for _ in range(12 * 3 - 1):
            traveller.shift(timedelta(minutes=20))
            assert client.get(CLIENTS).status_code == 200
        traveller.shift(timedelta(minutes=20))  # 12 hours since the login
        response = client.get(CLIENTS)
    assert expired_to_login(response, CLIENTS)
    [message] = get_messages(response.wsgi_request)
    assert "12 hours after logging in" in str(message)


def test_it_takes_the_limits_from_the_settings(client, alice, settings):
    settings.CASEWORK_SESSION_IDLE_MINUTES = 5
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        log_in(client, alice)
        traveller.shift(timedelta(minutes=4))
        assert client.get(CLIENTS).status_code == 200
        traveller.shift(timedelta(minutes=5))
        assert expired_to_login(client.get(CLIENTS), CLIENTS)


def test_it_lets_the_person_back_to_the_page_after_logging_in(client, alice, limits):
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        log_in(client, alice)
        traveller.shift(timedelta(hours=1))
        client.get(CLIENTS)
        response = client.post(
            LOGIN, {"username": "alice", "password": PASSWORD, "next": CLIENTS}, follow=False
        )
        assert response["Location"] == CLIENTS
        assert client.get(CLIENTS).status_code == 200


def test_it_sends_htmx_to_the_login_page_of_the_whole_page(client, alice, limits):
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        log_in(client, alice)
        traveller.shift(timedelta(hours=1))
        response = client.get(
            CLIENTS,
            headers={"HX-Request": "true", "HX-Current-URL": "http://testserver/clients/?search=x"},
        )
    assert response.status_code == 204
    assert response["HX-Redirect"] == f"{LOGIN}?next={quote('/clients/?search=x')}"


def test_it_answers_an_api_call_on_an_expired_session_as_anonymous(client, alice, limits):
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        log_in(client, alice)  # the API takes no session, live or expired (tests/api/test_token_only.py)
        traveller.shift(timedelta(hours=1))
        response = client.get("/api/clients/")
    assert response.status_code in {401, 403}
    assert response.json()["code"] == "not_authenticated"


def test_it_refuses_a_session_without_its_timestamps(client, alice, limits):
    log_in(client, alice)
    session = client.session
    del session[LOGIN_AT], session[SEEN_AT]
    session.save()
    assert expired_to_login(client.get(CLIENTS), CLIENTS)


def test_it_sets_a_browser_session_cookie_that_scripts_cannot_read(client, alice, settings):
    response = client.post(LOGIN, {"username": "alice", "password": PASSWORD})
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["httponly"]
    assert cookie["samesite"] == "Lax"
    assert cookie["expires"] == "" and cookie["max-age"] == ""  # gone when the browser closes


def test_it_marks_the_cookies_secure_in_production(client, alice, settings):
    # config/settings.py sets these when DEBUG is off; here the effect of the flag on the cookie is checked.
    settings.SESSION_COOKIE_SECURE = True
    response = client.post(LOGIN, {"username": "alice", "password": PASSWORD}, secure=True)
    assert response.cookies[settings.SESSION_COOKIE_NAME]["secure"]
