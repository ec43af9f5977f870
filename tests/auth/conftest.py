"""Helpers of the second-factor tests. Codes are made with pyotp from the secret, as a phone would."""

from __future__ import annotations

from dataclasses import dataclass

import pyotp
import pytest
import time_machine
from django.utils import timezone

from casework.services.second_factors import (
    totp_enrolment_confirm,
    totp_enrolment_start,
    totp_secret_for_enrolment,
)
from tests.conftest import PASSWORD

# A fixed moment at the start of a 30-second step, so that tests know which step a code belongs to.
MOMENT = "2026-03-02 10:00:00+03:00"


@dataclass
class Enrolled:
    user: object
    secret: str
    recovery_codes: list[str]

    def code(self, *, steps_later: int = 0) -> str:
        """The code the phone shows now, or a number of 30-second steps later."""
        return pyotp.TOTP(self.secret).at(timezone.now().timestamp() + 30 * steps_later)


def enrol(user) -> Enrolled:
    factor = totp_enrolment_start(actor=user)
    secret = totp_secret_for_enrolment(actor=user, factor=factor)
    codes = totp_enrolment_confirm(actor=user, code=pyotp.TOTP(secret).now())
    return Enrolled(user, secret, codes)


@pytest.fixture
def clock():
    """Time stands still at MOMENT until the test moves it (clock.shift(seconds))."""
    with time_machine.travel(MOMENT, tick=False) as traveller:
        yield traveller


def log_in(client, username: str, password: str = PASSWORD, **extra):
    return client.post("/accounts/login/", {"username": username, "password": password, **extra})


def log_in_with_code(client, enrolled: Enrolled, clock, *, next_url: str = ""):
    """The whole login: password, then a code of a later step than any used before."""
    clock.shift(30)
    response = log_in(client, enrolled.user.username, next=next_url)
    assert response.status_code == 302 and response["Location"] == "/accounts/login/code/"
    response = client.post("/accounts/login/code/", {"code": enrolled.code()})
    assert response.status_code == 302, response.content
    return response
