"""POST /api/auth/token/ with second factors and the failure throttle (API.md, Authentication and roles)."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from casework.api.auth import OTP_REQUIRED, OTP_WRONG, THROTTLED
from casework.selectors.second_factors import recovery_codes_left
from tests.auth.conftest import enrol
from tests.conftest import PASSWORD

URL = "/api/auth/token/"


def obtain(**body):
    return APIClient().post(URL, {"username": "alice", "password": PASSWORD, **body}, format="json")


@pytest.mark.parametrize("require_mfa", [True, False])
def test_a_user_with_a_factor_must_send_the_current_code(alice, clock, settings, require_mfa):
    settings.CASEWORK_REQUIRE_MFA = require_mfa
    enrolled = enrol(alice)
    clock.shift(30)

    without = obtain()
    wrong = obtain(otp="000000")
    right = obtain(otp=enrolled.code())

    assert without.status_code == 400 and without.json()["errors"] == {"otp": [OTP_REQUIRED]}
    assert wrong.status_code == 400 and wrong.json()["errors"] == {"otp": [OTP_WRONG]}
    assert right.status_code == 200
    authorised = APIClient()
    authorised.credentials(HTTP_AUTHORIZATION=f"Token {right.json()['token']}")
    assert authorised.get("/api/clients/").status_code == 200


def test_a_code_gets_one_token_only(alice, clock):
    enrolled = enrol(alice)
    clock.shift(30)
    code = enrolled.code()

    assert obtain(otp=code).status_code == 200
    assert obtain(otp=code).json()["errors"] == {"otp": [OTP_WRONG]}


def test_recovery_codes_are_for_the_web_login_only(alice, clock):
    enrolled = enrol(alice)

    for spelling in (enrolled.recovery_codes[0], enrolled.recovery_codes[0].replace("-", "")):
        response = obtain(otp=spelling)
        assert response.status_code == 400 and "otp" in response.json()["errors"]
    assert recovery_codes_left(actor=alice) == 10


def test_without_a_factor_and_not_required_the_password_is_enough(alice, settings):
    settings.CASEWORK_REQUIRE_MFA = False

    assert obtain().status_code == 200


def test_without_a_factor_and_required_there_is_no_token(alice, settings):
    settings.CASEWORK_REQUIRE_MFA = True

    response = obtain()

    assert response.status_code == 400 and "otp" in response.json()["errors"]


class TestThrottle:
    @pytest.fixture(autouse=True)
    def small_limits(self, settings):
        settings.CASEWORK_REQUIRE_MFA = False
        settings.CASEWORK_LOGIN_FAILURES_PER_ACCOUNT = 3

    def test_it_answers_429_with_retry_after_once_the_account_is_locked(self, alice):
        for _ in range(3):
            assert obtain(password="wrong").status_code == 400

        response = obtain()

        assert response.status_code == 429
        assert response.json()["code"] == "throttled"
        assert response.json()["detail"].startswith(THROTTLED)
        assert 14 * 60 < int(response["Retry-After"]) <= 15 * 60

    def test_unknown_accounts_lock_the_same_way(self, db):
        for _ in range(3):
            APIClient().post(URL, {"username": "nobody", "password": "x"}, format="json")

        response = APIClient().post(URL, {"username": "nobody", "password": "x"}, format="json")

        assert response.status_code == 429

    def test_wrong_codes_count(self, alice, clock):
        enrolled = enrol(alice)
        clock.shift(30)
        for _ in range(3):
            obtain(otp="000000")

        assert obtain(otp=enrolled.code()).status_code == 429

    def test_the_web_and_the_api_share_the_count(self, client, alice):
        for _ in range(2):
            client.post("/accounts/login/", {"username": "alice", "password": "wrong"})
        obtain(password="wrong")

        assert client.post("/accounts/login/", {"username": "alice", "password": PASSWORD}).status_code == 429

    def test_success_resets_the_account_count(self, alice):
        for _ in range(2):
            obtain(password="wrong")
        assert obtain().status_code == 200
        for _ in range(2):
            obtain(password="wrong")

        assert obtain().status_code == 200
