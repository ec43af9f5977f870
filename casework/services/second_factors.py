"""Second factors: a TOTP authenticator (RFC 6238: 30-second steps, 6 digits) with single-use recovery codes.

The TOTP secret is sealed under the master key with the user's id and its purpose as associated data
(casework.crypto.wrap_secret); recovery codes are kept as hashes only. A code is accepted once: the step it
belongs to is remembered, and a code of that step or an older one is refused afterwards (a conditional
UPDATE, so two requests racing with one code cannot both win). Nothing here logs or echoes a code.
"""

from __future__ import annotations

import hmac
import secrets
from dataclasses import dataclass

import pyotp
from django.conf import settings
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.http import Http404
from django.utils import timezone

from casework import access, crypto
from casework.models import Membership, RecoveryCode, SecondFactorReset, TokenRevocation, TotpFactor
from casework.services.api_tokens import tokens_revoke_for_user
from casework.tokens import hash_token

SECRET_PURPOSE = "totp-secret"  # noqa: S105 - associated data, not a secret
CODE_DIGITS = 6
STEP_SECONDS = 30
CLOCK_SKEW_STEPS = 1  # a phone a little fast or slow still works: the step before and after count too
RECOVERY_CODE_COUNT = 10
# 16 characters of an alphabet without look-alikes (no 0/o, 1/i/l, u): about 78 bits, past offline guessing.
RECOVERY_ALPHABET = "abcdefghjkmnpqrstvwxyz23456789"
RECOVERY_CODE_LENGTH = 16

ALREADY_ENROLLED = "This account already has a second factor."
NOT_ENROLLING = "Start the enrolment first."
CODE_REFUSED = "That code is wrong or was already used."
NO_FACTOR = "This account has no second factor."
RESET_SELF = "You cannot reset your own second factor; ask another administrator."


@dataclass(frozen=True)
class Verified:
    kind: str  # "totp" or "recovery"
    factor: TotpFactor


def _secret(factor: TotpFactor) -> str:
    return crypto.unwrap_secret(
        factor.secret_wrapped, purpose=SECRET_PURPOSE, owner_id=factor.user_id
    ).decode()


def _totp(factor: TotpFactor) -> pyotp.TOTP:
    return pyotp.TOTP(_secret(factor), digits=CODE_DIGITS, interval=STEP_SECONDS)


def totp_secret_for_enrolment(*, actor: access.Actor, factor: TotpFactor) -> str:
    """The secret in base32, for the enrolment page only (QR code and manual entry) while unconfirmed."""
    if factor.user_id != actor.pk or factor.confirmed_at is not None:
        raise ValidationError(NOT_ENROLLING)
    return _secret(factor)


def totp_provisioning_uri(*, actor: access.Actor, factor: TotpFactor) -> str:
    secret = totp_secret_for_enrolment(actor=actor, factor=factor)
    return pyotp.TOTP(secret, digits=CODE_DIGITS, interval=STEP_SECONDS).provisioning_uri(
        name=actor.get_username(), issuer_name=settings.CASEWORK_TOTP_ISSUER
    )


def _normalise_totp(code: str) -> str | None:
    digits = "".join(code.split())
    return digits if len(digits) == CODE_DIGITS and digits.isascii() and digits.isdigit() else None


def _normalise_recovery(code: str) -> str | None:
    text = "".join(ch for ch in code.casefold() if ch not in " -")
    if len(text) != RECOVERY_CODE_LENGTH or any(ch not in RECOVERY_ALPHABET for ch in text):
        return None
    return text


def _matching_step(factor: TotpFactor, code: str) -> int | None:
    totp = _totp(factor)
    current = totp.timecode(timezone.now())
    for step in range(current - CLOCK_SKEW_STEPS, current + CLOCK_SKEW_STEPS + 1):
        if hmac.compare_digest(totp.generate_otp(step), code):
            return step
    return None


def _claim_step(factor: TotpFactor, step: int) -> bool:
    claimed = (
        TotpFactor.objects.filter(pk=factor.pk)
        .filter(Q(last_used_step__isnull=True) | Q(last_used_step__lt=step))
        .update(last_used_step=step)
    )
    if claimed == 1:
        factor.last_used_step = step
    return claimed == 1  # 0: this step's code (or a newer one) was already accepted


def totp_enrolment_start(*, actor: access.Actor) -> TotpFactor:
    """The actor's unconfirmed authenticator, made with a fresh secret if there is none yet."""
    access.membership_of(actor)
    with transaction.atomic():
        factor = TotpFactor.objects.select_for_update().filter(user=actor).first()
        if factor is not None and factor.confirmed_at is not None:
            raise ValidationError(ALREADY_ENROLLED)
        if factor is None:
            secret = pyotp.random_base32(length=32)  # 160 bits, as RFC 4226 recommends
            factor = TotpFactor.objects.create(
                user=actor,
                secret_wrapped=crypto.wrap_secret(secret.encode(), purpose=SECRET_PURPOSE, owner_id=actor.pk),
            )
    return factor


def totp_enrolment_restart(*, actor: access.Actor) -> TotpFactor:
    """A new secret for an unconfirmed enrolment (the QR code was scanned into the wrong app, or shown)."""
    TotpFactor.objects.filter(user=actor, confirmed_at__isnull=True).delete()
    return totp_enrolment_start(actor=actor)


def _recovery_codes_new(factor: TotpFactor) -> list[str]:
    factor.recovery_codes.all().delete()
    codes = [
        "".join(secrets.choice(RECOVERY_ALPHABET) for _ in range(RECOVERY_CODE_LENGTH))
        for _ in range(RECOVERY_CODE_COUNT)
    ]
    RecoveryCode.objects.bulk_create(
        RecoveryCode(factor=factor, code_hash=_recovery_hash(factor, code)) for code in codes
    )
    return [recovery_code_display(code) for code in codes]


def recovery_code_display(code: str) -> str:
    return "-".join(code[i : i + 4] for i in range(0, len(code), 4))


def _recovery_hash(factor: TotpFactor, normalised: str) -> str:
    return hash_token(f"casework-recovery:{factor.pk}:{normalised}")


def totp_enrolment_confirm(*, actor: access.Actor, code: str) -> list[str]:
    """Confirm the authenticator with its first code; returns the recovery codes, shown this once."""
    with transaction.atomic():
        factor = TotpFactor.objects.select_for_update().filter(user=actor, confirmed_at__isnull=True).first()
        if factor is None:
            raise ValidationError(NOT_ENROLLING)
        normalised = _normalise_totp(code)
        step = _matching_step(factor, normalised) if normalised else None
        if step is None or not _claim_step(factor, step):
            raise ValidationError(CODE_REFUSED)
        factor.confirmed_at = timezone.now()
        factor.save(update_fields=["confirmed_at"])
        # Tokens made before the factor were made without it: they end with the change.
        tokens_revoke_for_user(user_id=actor.pk, reason=TokenRevocation.SECOND_FACTOR_CHANGED)
        return _recovery_codes_new(factor)


def second_factor_verify(*, user: User, code: str, allow_recovery: bool = True) -> Verified | None:
    """Check a code from the authenticator or, if allowed, a recovery code (spent by this check).
    None when the code is wrong, already used, or the user has no confirmed factor."""
    factor = TotpFactor.objects.filter(user=user, confirmed_at__isnull=False).first()
    if factor is None:
        return None
    totp_code = _normalise_totp(code)
    if totp_code is not None:
        step = _matching_step(factor, totp_code)
        return Verified("totp", factor) if step is not None and _claim_step(factor, step) else None
    recovery = _normalise_recovery(code) if allow_recovery else None
    if recovery is None:
        return None
    spent = RecoveryCode.objects.filter(
        factor=factor, code_hash=_recovery_hash(factor, recovery), used_at__isnull=True
    ).update(used_at=timezone.now())
    return Verified("recovery", factor) if spent == 1 else None


def recovery_codes_regenerate(*, actor: access.Actor, password: str, code: str) -> list[str]:
    """New recovery codes (the old ones stop working), for whoever shows the password and a current code
    from the app. Not a recovery code: one stolen code must not mint ten more, again and again."""
    with transaction.atomic():
        # The password first, so that a wrong one does not spend a code.
        if not actor.check_password(password):
            raise ValidationError(CODE_REFUSED)
        verified = second_factor_verify(user=actor, code=code, allow_recovery=False)
        if verified is None:
            raise ValidationError(CODE_REFUSED)
        return _recovery_codes_new(verified.factor)


def second_factor_reset(*, actor: access.Actor, user: User) -> SecondFactorReset:
    """An admin removes a colleague's authenticator (a lost phone). The colleague logs in with the password
    alone next time and, where second factors are required, must enrol again before anything else. Their
    sessions that passed the old factor end at their next request (SecondFactorMiddleware)."""
    membership = Membership.objects.filter(user=user).first()
    if membership is None:
        raise Http404(access.NOT_FOUND)
    access.require_admin(actor, membership.organisation_id)
    if user.pk == actor.pk:
        raise ValidationError(RESET_SELF)
    return _reset(user=user, organisation_id=membership.organisation_id, reset_by=actor)


def second_factor_reset_by_operator(*, user: User) -> SecondFactorReset:
    """The same from the command line (an organisation's only admin lost their phone)."""
    membership = Membership.objects.filter(user=user).first()
    if membership is None:
        raise ValidationError(access.NO_MEMBERSHIP)
    return _reset(user=user, organisation_id=membership.organisation_id, reset_by=None)


def _reset(*, user: User, organisation_id: int, reset_by) -> SecondFactorReset:
    with transaction.atomic():
        deleted, _ = TotpFactor.objects.filter(user=user, confirmed_at__isnull=False).delete()
        if not deleted:
            raise ValidationError(NO_FACTOR)
        TotpFactor.objects.filter(user=user).delete()
        # Whoever took the lost phone may also have made tokens with it.
        tokens_revoke_for_user(user_id=user.pk, reason=TokenRevocation.SECOND_FACTOR_CHANGED, by=reset_by)
        return SecondFactorReset.objects.create(
            organisation_id=organisation_id, user=user, reset_by=reset_by, reset_at=timezone.now()
        )
