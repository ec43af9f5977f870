"""Logging in through the pages: the password, then the code; enforcement of second factors; lockouts."""

from __future__ import annotations

import logging
import re

import pytest
from django.urls import reverse

from casework.selectors.second_factors import has_second_factor
from casework.services.organisations import user_language_set
from casework.services.second_factors import second_factor_reset
from tests.auth.conftest import enrol, log_in, log_in_with_code
from tests.conftest import PASSWORD

DASHBOARD = "/"
CODE_STEP = "/accounts/login/code/"


def signed_in_user(client):
    return client.get(DASHBOARD).status_code == 200


def test_a_user_without_a_factor_logs_in_with_the_password(client, alice):
    response = log_in(client, "alice")

    assert response.status_code == 302 and response["Location"] == "/"
    assert signed_in_user(client)


def test_a_user_with_a_factor_is_not_logged_in_by_the_password_alone(client, alice, clock):
    enrol(alice)
    clock.shift(30)

    response = log_in(client, "alice")

    assert response.status_code == 302 and response["Location"] == CODE_STEP
    assert client.get(DASHBOARD)["Location"].startswith("/accounts/login/")
    assert client.get(CODE_STEP).status_code == 200


@pytest.mark.parametrize("require_mfa", [True, False])
def test_a_user_with_a_factor_always_passes_the_code_step(client, alice, clock, settings, require_mfa):
    settings.CASEWORK_REQUIRE_MFA = require_mfa
    enrolled = enrol(alice)

    response = log_in_with_code(client, enrolled, clock, next_url="/clients/")

    assert response["Location"] == "/clients/"
    assert signed_in_user(client)


def test_a_wrong_code_is_refused_and_the_login_waits(client, alice, clock):
    enrolled = enrol(alice)
    clock.shift(30)
    log_in(client, "alice")

    response = client.post(CODE_STEP, {"code": enrolled.code(steps_later=5)})

    assert response.status_code == 200
    assert "code" in response.context["form"].errors
    assert client.get(DASHBOARD).status_code == 302
    assert client.post(CODE_STEP, {"code": enrolled.code()}).status_code == 302
    assert signed_in_user(client)


def test_a_replayed_code_is_refused(client, alice, clock):
    enrolled = enrol(alice)
    log_in_with_code(client, enrolled, clock)
    used = enrolled.code()
    client.post(reverse("logout"))

    log_in(client, "alice")
    response = client.post(CODE_STEP, {"code": used})

    assert response.status_code == 200 and "code" in response.context["form"].errors
    assert not signed_in_user(client)


def test_after_five_wrong_codes_the_login_starts_again(client, alice, clock):
    enrolled = enrol(alice)
    clock.shift(30)
    log_in(client, "alice")

    for _ in range(4):
        assert client.post(CODE_STEP, {"code": "000000"}).status_code == 200
    response = client.post(CODE_STEP, {"code": "000000"})

    assert response.status_code == 302 and response["Location"] == reverse("login")
    assert client.get(CODE_STEP)["Location"] == reverse("login")  # no pending login any more
    assert client.post(CODE_STEP, {"code": enrolled.code()}).status_code == 302
    assert not signed_in_user(client)


def test_a_pending_login_expires(client, alice, clock, settings):
    enrolled = enrol(alice)
    log_in(client, "alice")
    clock.shift(settings.CASEWORK_MFA_PENDING_MINUTES * 60 + 1)

    response = client.post(CODE_STEP, {"code": enrolled.code()})

    assert response["Location"] == reverse("login")
    assert not signed_in_user(client)


def test_a_recovery_code_logs_in_once_only(client, alice, clock):
    user_language_set(actor=alice, language="en")
    enrolled = enrol(alice)
    clock.shift(30)
    log_in(client, "alice")

    response = client.post(CODE_STEP, {"code": enrolled.recovery_codes[0]}, follow=True)

    assert response.status_code == 200 and response.wsgi_request.user == alice
    assert "9 are left" in response.text
    client.post(reverse("logout"))
    log_in(client, "alice")
    assert client.post(CODE_STEP, {"code": enrolled.recovery_codes[0]}).status_code == 200
    assert not signed_in_user(client)


def test_a_session_that_skipped_the_code_step_is_logged_out(client, alice, clock):
    enrol(alice)

    client.force_login(alice)  # as any login() outside our two steps would

    response = client.get(DASHBOARD)
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_a_reset_ends_the_sessions_of_the_old_factor(client, alice, dora, clock):
    enrolled = enrol(alice)
    log_in_with_code(client, enrolled, clock)

    second_factor_reset(actor=dora, user=alice)

    assert not signed_in_user(client)
    log_in(client, "alice")  # the password alone, now
    assert signed_in_user(client)


def test_enrolling_ends_other_sessions_that_never_passed_a_code(client, alice, clock):
    from django.test import Client

    other_device = Client()
    other_device.force_login(alice)
    enrol(alice)

    assert other_device.get(DASHBOARD).status_code == 302


class TestEnforcement:
    PROTECTED = ["/", "/clients/", "/exports/", "/admin/", "/admin/users/", "/accounts/two-step/",
                 "/accounts/password_change/"]  # fmt: skip

    @pytest.fixture(autouse=True)
    def required(self, settings):
        settings.CASEWORK_REQUIRE_MFA = True

    @pytest.mark.parametrize("url", PROTECTED)
    def test_a_user_without_a_factor_is_sent_to_enrol_first(self, client, dora, url):
        client.force_login(dora)

        response = client.get(url)

        assert response.status_code == 302 and response["Location"] == reverse("web:mfa-enrol")

    def test_the_api_by_session_answers_403(self, client, dora, client_of_alice):
        client.force_login(dora)

        for url in ("/api/clients/", f"/api/clients/{client_of_alice.id}/", "/api/docs/"):
            response = client.get(url)
            assert response.status_code == 403 and response.json()["code"] == "mfa_required"

    def test_enrolment_logout_language_and_static_files_stay_open(self, client, dora):
        client.force_login(dora)

        assert client.get(reverse("web:mfa-enrol")).status_code == 200
        assert client.post(reverse("web:language"), {"language": "en", "next": "/"}).status_code == 302
        assert client.get("/static/casework/css/app.css").status_code in (200, 404)  # not redirected
        assert client.post(reverse("logout")).status_code == 302
        assert client.get(DASHBOARD)["Location"].startswith("/accounts/login/")

    def test_after_enrolling_everything_opens(self, client, dora, clock):
        enrolled = enrol(dora)

        log_in_with_code(client, enrolled, clock)

        assert client.get("/admin/users/").status_code == 200

    def test_switched_off_nobody_is_sent_to_enrol(self, client, dora, settings):
        settings.CASEWORK_REQUIRE_MFA = False
        client.force_login(dora)

        assert client.get("/admin/users/").status_code == 200


class TestLockout:
    @pytest.fixture(autouse=True)
    def small_limits(self, settings):
        settings.CASEWORK_LOGIN_FAILURES_PER_ACCOUNT = 3
        settings.CASEWORK_LOGIN_FAILURES_PER_IP = 30

    def test_after_the_limit_even_the_right_password_is_refused_in_words(self, client, alice):
        for _ in range(3):
            assert log_in(client, "alice", "wrong password").status_code == 200

        response = log_in(client, "alice")

        assert response.status_code == 429
        assert response.context["locked_minutes"] == 15
        assert not signed_in_user(client)

    def test_an_unknown_username_is_answered_the_same_way(self, client, alice):
        for username in ("alice", "nobody"):
            for _ in range(3):
                log_in(client, username, "wrong password")

        known, unknown = log_in(client, "alice", "x"), log_in(client, "nobody", "x")

        assert (known.status_code, known.context["locked_minutes"]) == (429, 15)
        assert (unknown.status_code, unknown.context["locked_minutes"]) == (429, 15)

        def page(response):
            return re.sub(r'name="csrfmiddlewaretoken" value="\w+"', "", response.text).replace(
                "alice", "nobody"
            )

        assert page(known) == page(unknown)

    def test_another_account_from_elsewhere_is_not_affected(self, client, alice, sam):
        for _ in range(3):
            log_in(client, "alice", "wrong password", REMOTE_ADDR="192.0.2.1")

        assert log_in(client, "sam").status_code == 302

    def test_a_complete_login_resets_the_count(self, client, alice):
        for _ in range(2):
            log_in(client, "alice", "wrong password")
        log_in(client, "alice")
        client.post(reverse("logout"))

        for _ in range(2):
            log_in(client, "alice", "wrong password")
        assert log_in(client, "alice").status_code == 302

    def test_wrong_codes_count_against_the_account(self, client, alice, clock):
        enrolled = enrol(alice)
        clock.shift(30)
        log_in(client, "alice")
        for _ in range(3):
            client.post(CODE_STEP, {"code": "000000"})

        response = client.post(CODE_STEP, {"code": enrolled.code()})

        assert response.status_code == 429
        assert not signed_in_user(client)

    def test_a_right_password_does_not_buy_more_guesses_at_the_code(self, client, alice, clock):
        enrol(alice)
        clock.shift(30)
        log_in(client, "alice")
        client.post(CODE_STEP, {"code": "000000"})
        client.post(CODE_STEP, {"code": "000000"})
        log_in(client, "alice")  # right again: the account's count stays
        client.post(CODE_STEP, {"code": "000000"})

        assert log_in(client, "alice").status_code == 429

    @pytest.mark.parametrize("variant", ["\uff41lice", "\U0001d41alice", "\u24d0lice", " ALICE"])
    def test_a_unicode_variant_of_the_username_shares_the_accounts_count(self, client, alice, variant):
        for _ in range(3):
            log_in(client, variant, "wrong password", REMOTE_ADDR="192.0.2.1")

        # The variant logs in as alice (Django's UsernameField applies NFKC), so it is alice's count.
        assert log_in(client, "alice", REMOTE_ADDR="192.0.2.2").status_code == 429
        assert log_in(client, "\uff41lice", REMOTE_ADDR="192.0.2.3").status_code == 429
        assert not signed_in_user(client)

    def test_the_right_password_under_a_variant_is_refused_while_locked(self, client, alice):
        for _ in range(3):
            log_in(client, "alice", "wrong password")

        assert log_in(client, "\uff41lice", REMOTE_ADDR="192.0.2.4").status_code == 429
        assert not signed_in_user(client)

    def test_the_address_limit_holds_across_accounts(self, client, db, settings):
        settings.CASEWORK_LOGIN_FAILURES_PER_IP = 4
        for number in range(4):
            log_in(client, f"user{number}", "wrong password", REMOTE_ADDR="203.0.113.9")

        assert log_in(client, "another", "x", REMOTE_ADDR="203.0.113.9").status_code == 429


def test_no_password_code_or_secret_reaches_a_log_or_a_url(client, alice, clock, caplog):
    caplog.set_level(logging.DEBUG)
    enrolled = enrol(alice)
    clock.shift(30)
    code = enrolled.code()

    first = log_in(client, "alice")
    second = client.post(CODE_STEP, {"code": code})
    client.post(reverse("logout"))
    wrong = log_in(client, "alice", "a wrong passphrase")

    locations = " ".join(r.get("Location", "") for r in (first, second, wrong))
    logged = " ".join(record.getMessage() for record in caplog.records)
    for secret in (PASSWORD, "a wrong passphrase", code, enrolled.secret, *enrolled.recovery_codes):
        assert secret not in logged and secret not in locations
    assert has_second_factor(alice)
