"""The two-step login pages of one's own account: enrol an authenticator app, see and renew recovery codes,
and confirm one's identity again before a sensitive action (re-authentication)."""

from __future__ import annotations

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters

from casework.accounts import auth_session, login_throttle
from casework.accounts.second_factor_forms import (
    CODE_WRONG,
    PASSWORD_WRONG,
    EnrolConfirmForm,
    ReauthenticateForm,
    RecoveryCodesForm,
)
from casework.selectors.second_factors import recovery_codes_left, totp_factor_id_of
from casework.services.notices import recovery_codes_renewed_notify
from casework.services.second_factors import (
    recovery_codes_regenerate,
    second_factor_verify,
    totp_enrolment_confirm,
    totp_enrolment_restart,
    totp_enrolment_start,
    totp_provisioning_uri,
    totp_secret_for_enrolment,
)

NAV = "security"


def _recovery_codes_page(request, codes: list[str]):
    # Rendered straight into the response, never redirected: the codes must not sit in a message or a URL.
    return render(request, "casework/recovery_codes.html", {"nav": NAV, "codes": codes})


@sensitive_post_parameters("password", "code")
@never_cache
@login_required
def second_factor_page(request):
    user = request.user
    factor_id = totp_factor_id_of(user)
    form = RecoveryCodesForm(request.POST or None)
    status, locked_minutes = 200, None
    if request.method == "POST" and factor_id is not None:
        # New recovery codes are a way in for good: guesses count as at the login and re-authentication.
        address = login_throttle.client_address(request)
        wait = login_throttle.retry_after(username=user.get_username(), address=address)
        if wait is not None:
            status, locked_minutes = 429, max(1, -(-wait // 60))
        elif form.is_valid():
            try:
                codes = recovery_codes_regenerate(
                    actor=user, password=form.cleaned_data["password"], code=form.cleaned_data["code"]
                )
            except ValidationError:
                login_throttle.failure_record(username=user.get_username(), address=address)
                if auth_session.reauth_failed(request) >= settings.CASEWORK_MFA_CODE_ATTEMPTS:
                    logout(request)  # someone at an unlocked screen is guessing
                    messages.error(request, _("Too many wrong attempts. Log in again."))
                    return redirect("login")
                form.add_error(None, PASSWORD_WRONG)
            else:
                login_throttle.account_clear(username=user.get_username())
                recovery_codes_renewed_notify(user=user)
                return _recovery_codes_page(request, codes)
    context = {
        "nav": NAV,
        "enrolled": factor_id is not None,
        "codes_left": recovery_codes_left(actor=user) if factor_id is not None else 0,
        "form": form,
        "required": settings.CASEWORK_REQUIRE_MFA,
        "locked_minutes": locked_minutes,
    }
    return render(request, "casework/second_factor.html", context, status=status)


def _qr_data_uri(uri: str) -> str:
    # An SVG in a data: URI (img-src allows data:), drawn here: no script, no inline style, no third party.
    return segno.make(uri, error="m").svg_data_uri(scale=5, border=4, dark="#000", light="#fff")


@sensitive_post_parameters("password", "code")
@never_cache
@login_required
def enrol_page(request):
    user = request.user
    if totp_factor_id_of(user) is not None:
        return redirect("web:mfa")
    form = EnrolConfirmForm()
    status, locked_minutes = 200, None
    if request.method == "POST" and "restart" in request.POST:
        totp_enrolment_restart(actor=user)
        return redirect("web:mfa-enrol")
    if request.method == "POST":
        form = EnrolConfirmForm(request.POST)
        address = login_throttle.client_address(request)
        wait = login_throttle.retry_after(username=user.get_username(), address=address)
        if wait is not None:
            # Password guesses here count with the login's: the lockout holds on this page too.
            status, locked_minutes = 429, max(1, -(-wait // 60))
        elif form.is_valid() and not user.check_password(form.cleaned_data["password"]):
            login_throttle.failure_record(username=user.get_username(), address=address)
            form.add_error("password", PASSWORD_WRONG)
        elif form.is_valid():
            try:
                codes = totp_enrolment_confirm(actor=user, code=form.cleaned_data["code"])
            except ValidationError:
                form.add_error("code", CODE_WRONG)
            else:
                # The session has now passed the factor. It is not a re-authentication, though: the clock
                # before erasure and exports still counts from the login (or the last re-authentication).
                request.session[auth_session.AUTH_FACTOR] = totp_factor_id_of(user)
                messages.success(
                    request, _("Two-step login is on. You will be asked for a code at every login.")
                )
                return _recovery_codes_page(request, codes)
    factor = totp_enrolment_start(actor=request.user)
    secret = totp_secret_for_enrolment(actor=request.user, factor=factor)
    context = {
        "nav": NAV,
        "form": form,
        "qr": _qr_data_uri(totp_provisioning_uri(actor=request.user, factor=factor)),
        "secret_groups": [secret[i : i + 4] for i in range(0, len(secret), 4)],
        "required": settings.CASEWORK_REQUIRE_MFA,
        "locked_minutes": locked_minutes,
    }
    return render(request, "casework/second_factor_enrol.html", context, status=status)


@sensitive_post_parameters("password", "code")
@never_cache
@login_required
def reauthenticate_page(request):
    user = request.user
    with_code = totp_factor_id_of(user) is not None
    next_url = auth_session.safe_next(request, request.POST.get("next") or request.GET.get("next"))
    form = ReauthenticateForm(request.POST or None, with_code=with_code)
    status, locked_minutes = 200, None
    if request.method == "POST":
        address = login_throttle.client_address(request)
        wait = login_throttle.retry_after(username=user.get_username(), address=address)
        if wait is not None:
            status, locked_minutes = 429, max(1, -(-wait // 60))
        elif form.is_valid() and _credentials_right(user, form.cleaned_data, with_code=with_code):
            auth_session.reauthenticated(request)
            login_throttle.account_clear(username=user.get_username())
            return redirect(next_url)
        else:
            login_throttle.failure_record(username=user.get_username(), address=address)
            if auth_session.reauth_failed(request) >= settings.CASEWORK_MFA_CODE_ATTEMPTS:
                # Someone at an unlocked screen is guessing: end the session.
                logout(request)
                messages.error(request, _("Too many wrong attempts. Log in again."))
                return redirect("login")
            form.add_error(None, PASSWORD_WRONG)
    context = {"form": form, "next": next_url, "locked_minutes": locked_minutes}
    return render(request, "registration/reauthenticate.html", context, status=status)


def _credentials_right(user: User, data: dict, *, with_code: bool) -> bool:
    # The password first, so that a wrong one does not spend a code.
    if not user.check_password(data["password"]):
        return False
    return not with_code or second_factor_verify(user=user, code=data["code"]) is not None
