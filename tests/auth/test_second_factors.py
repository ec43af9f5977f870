"""The second-factor services: sealed secrets, codes accepted once, recovery codes, resets."""

from __future__ import annotations

import pyotp
import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.http import Http404
from django.utils import timezone

from casework import crypto
from casework.models import RecoveryCode, SecondFactorReset, TotpFactor
from casework.selectors.second_factors import has_second_factor, recovery_codes_left
from casework.services.keys import keys_rewrap
from casework.services.second_factors import (
    ALREADY_ENROLLED,
    CODE_REFUSED,
    RESET_SELF,
    SECRET_PURPOSE,
    recovery_codes_regenerate,
    second_factor_reset,
    second_factor_verify,
    totp_enrolment_confirm,
    totp_enrolment_start,
    totp_provisioning_uri,
    totp_secret_for_enrolment,
)
from tests.auth.conftest import enrol
from tests.conftest import PASSWORD


def test_it_keeps_the_secret_only_sealed_and_bound_to_its_user(alice, dora):
    factor = totp_enrolment_start(actor=alice)
    secret = totp_secret_for_enrolment(actor=alice, factor=factor)

    stored = bytes(TotpFactor.objects.get(pk=factor.pk).secret_wrapped)
    assert secret.encode() not in stored and len(secret) == 32
    assert crypto.unwrap_secret(stored, purpose=SECRET_PURPOSE, owner_id=alice.pk) == secret.encode()
    with pytest.raises(crypto.DecryptionFailed):  # copied to another user's row, it does not open
        crypto.unwrap_secret(stored, purpose=SECRET_PURPOSE, owner_id=dora.pk)
    with pytest.raises(crypto.DecryptionFailed):
        crypto.unwrap_secret(stored, purpose="data-key", owner_id=alice.pk)


def test_it_offers_an_otpauth_uri_while_enrolling(alice, settings):
    settings.CASEWORK_TOTP_ISSUER = "Our NGO"
    factor = totp_enrolment_start(actor=alice)

    uri = totp_provisioning_uri(actor=alice, factor=factor)

    assert uri.startswith("otpauth://totp/Our%20NGO:alice?secret=")
    assert "issuer=Our%20NGO" in uri


def test_it_keeps_the_same_secret_until_enrolment_is_confirmed(alice):
    first = totp_enrolment_start(actor=alice)
    again = totp_enrolment_start(actor=alice)

    assert again.pk == first.pk
    assert not has_second_factor(alice)


def test_it_confirms_with_a_current_code_and_returns_ten_recovery_codes(alice, clock):
    enrolled = enrol(alice)

    assert has_second_factor(alice)
    assert len(enrolled.recovery_codes) == 10 and len(set(enrolled.recovery_codes)) == 10
    assert recovery_codes_left(actor=alice) == 10
    stored = set(RecoveryCode.objects.values_list("code_hash", flat=True))
    assert not stored & {code.replace("-", "") for code in enrolled.recovery_codes}
    with pytest.raises(ValidationError, match=ALREADY_ENROLLED):
        totp_enrolment_start(actor=alice)


def test_it_refuses_to_confirm_with_a_wrong_code(alice, clock):
    factor = totp_enrolment_start(actor=alice)
    secret = totp_secret_for_enrolment(actor=alice, factor=factor)
    wrong = pyotp.TOTP(secret).at(timezone.now().timestamp() + 300)  # a real code, ten steps away

    with pytest.raises(ValidationError, match=CODE_REFUSED):
        totp_enrolment_confirm(actor=alice, code=wrong)
    assert not has_second_factor(alice)


def test_it_accepts_a_code_once_only(alice, clock):
    enrolled = enrol(alice)
    clock.shift(30)
    code = enrolled.code()

    assert second_factor_verify(user=alice, code=code) is not None
    assert second_factor_verify(user=alice, code=code) is None


def test_it_refuses_an_older_steps_code_after_a_newer_one(alice, clock):
    enrolled = enrol(alice)
    clock.shift(60)
    older = enrolled.code(steps_later=-1)

    assert second_factor_verify(user=alice, code=enrolled.code()) is not None
    assert second_factor_verify(user=alice, code=older) is None


def test_it_accepts_a_phone_one_step_fast_or_slow_but_not_two(alice, clock):
    enrolled = enrol(alice)
    clock.shift(120)

    assert second_factor_verify(user=alice, code=enrolled.code(steps_later=-2)) is None
    assert second_factor_verify(user=alice, code=enrolled.code(steps_later=-1)) is not None
    assert second_factor_verify(user=alice, code=enrolled.code(steps_later=1)) is not None
    assert second_factor_verify(user=alice, code=enrolled.code(steps_later=3)) is None


def test_it_refuses_the_code_used_to_confirm_enrolment(alice, clock):
    factor = totp_enrolment_start(actor=alice)
    code = pyotp.TOTP(totp_secret_for_enrolment(actor=alice, factor=factor)).now()
    totp_enrolment_confirm(actor=alice, code=code)

    assert second_factor_verify(user=alice, code=code) is None


def test_a_recovery_code_works_once_in_any_spelling(alice, clock):
    enrolled = enrol(alice)
    code = enrolled.recovery_codes[0]

    verified = second_factor_verify(user=alice, code=f" {code.upper()} ")
    assert verified is not None and verified.kind == "recovery"
    assert second_factor_verify(user=alice, code=code.replace("-", "")) is None
    assert recovery_codes_left(actor=alice) == 9


def test_recovery_codes_can_be_refused(alice, clock):
    enrolled = enrol(alice)

    assert second_factor_verify(user=alice, code=enrolled.recovery_codes[0], allow_recovery=False) is None
    assert recovery_codes_left(actor=alice) == 10


def test_new_recovery_codes_need_a_code_and_replace_the_old_ones(alice, clock):
    enrolled = enrol(alice)
    clock.shift(30)

    with pytest.raises(ValidationError):
        recovery_codes_regenerate(actor=alice, password=PASSWORD, code="000000")
    with pytest.raises(ValidationError):
        recovery_codes_regenerate(actor=alice, password="wrong", code=enrolled.code())
    with pytest.raises(ValidationError):  # a recovery code must not mint new ones
        recovery_codes_regenerate(actor=alice, password=PASSWORD, code=enrolled.recovery_codes[0])
    fresh = recovery_codes_regenerate(actor=alice, password=PASSWORD, code=enrolled.code())

    assert len(fresh) == 10 and not set(fresh) & set(enrolled.recovery_codes)
    assert second_factor_verify(user=alice, code=enrolled.recovery_codes[1]) is None
    assert second_factor_verify(user=alice, code=fresh[0]) is not None


def test_nobody_without_a_factor_passes(alice):
    assert second_factor_verify(user=alice, code="123456") is None


def test_an_admin_resets_a_colleagues_factor_and_it_is_recorded(alice, dora, clock):
    enrol(alice)

    reset = second_factor_reset(actor=dora, user=alice)

    assert not has_second_factor(alice)
    assert not TotpFactor.objects.filter(user=alice).exists()
    assert not RecoveryCode.objects.exists()
    assert (reset.user, reset.reset_by, reset.organisation_id) == (
        alice,
        dora,
        dora.membership.organisation_id,
    )
    assert SecondFactorReset.objects.get().reset_at is not None


def test_only_an_admin_of_the_same_organisation_resets(alice, sam, dora, charlie, clock):
    enrol(alice)
    enrol(dora)

    with pytest.raises(PermissionDenied):
        second_factor_reset(actor=sam, user=alice)
    with pytest.raises(Http404):
        second_factor_reset(actor=charlie, user=alice)
    with pytest.raises(ValidationError, match=RESET_SELF):
        second_factor_reset(actor=dora, user=dora)
    assert has_second_factor(alice) and has_second_factor(dora)
    assert not SecondFactorReset.objects.exists()


def test_an_operator_resets_from_the_command_line(dora, clock, capsys):
    enrol(dora)

    call_command("second_factor_reset", "--username", "dora")

    assert not has_second_factor(dora)
    assert SecondFactorReset.objects.get().reset_by is None


def test_a_master_key_rotation_reseals_the_secrets(alice, clock, settings):
    enrolled = enrol(alice)
    settings.CASEWORK_KEK, settings.CASEWORK_KEK_PREVIOUS = crypto.generate_key_text(), settings.CASEWORK_KEK

    report = keys_rewrap()
    settings.CASEWORK_KEK_PREVIOUS = None  # the old key is gone
    clock.shift(30)

    assert report.second_factors == 1
    assert second_factor_verify(user=alice, code=enrolled.code()) is not None
