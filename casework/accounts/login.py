"""Logging in: the password step (Django's LoginView, counted by the throttle), then the code step for every
account with a second factor. Only when both have passed is the session logged in (auth_session)."""

from __future__ import annotations

import math

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import LoginView
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.debug import sensitive_post_parameters

from casework.accounts import auth_session, login_throttle
from casework.accounts.second_factor_forms import CODE_WRONG, LoginCodeForm
from casework.selectors.second_factors import recovery_codes_left, totp_factor_id_of
from casework.services.second_factors import second_factor_verify

LOCKED_STATUS = 429
RECOVERY_USED = ngettext_lazy(
    "You used a recovery code; %(count)d is left. Make new ones on the two-step login page.",
    "You used a recovery code; %(count)d are left. Make new ones on the two-step login page.",
    "count",
)


def _minutes(seconds: int) -> int:
    return max(1, math.ceil(seconds / 60))


class PasswordStepView(LoginView):
    template_name = "registration/login.html"

    def post(self, request, *args, **kwargs):
        wait = login_throttle.retry_after(
            username=request.POST.get("username", ""), address=login_throttle.client_address(request)
        )
        if wait is not None:
            # Refused before the password is even checked, with the same words for any username.
            context = self.get_context_data(
                form=self.get_form_class()(request), locked_minutes=_minutes(wait)
            )
            return self.render_to_response(context, status=LOCKED_STATUS)
        return super().post(request, *args, **kwargs)

    def form_invalid(self, form):
        if form.non_field_errors():  # a wrong password, an unknown or deactivated account
            login_throttle.failure_record(
                username=form.data.get("username", ""), address=login_throttle.client_address(self.request)
            )
        return super().form_invalid(form)

    def form_valid(self, form):
        user = form.get_user()
        if totp_factor_id_of(user) is None:
            auth_session.login_complete(self.request, user, backend=user.backend, factor_id=None)
            return redirect(self.get_success_url())
        auth_session.pending_start(self.request, user, next_url=self.get_success_url())
        return redirect("login-code")


@sensitive_post_parameters("code")
@csrf_protect
@never_cache
def code_step(request):
    pending = auth_session.pending_get(request)
    if pending is None:
        return redirect("login")
    user = pending.user
    form = LoginCodeForm(request.POST or None)
    status, locked_minutes = 200, None
    if request.method == "POST":
        address = login_throttle.client_address(request)
        wait = login_throttle.retry_after(username=user.get_username(), address=address)
        if wait is not None:
            status, locked_minutes = LOCKED_STATUS, _minutes(wait)
            form = LoginCodeForm()
        elif form.is_valid() and (
            verified := second_factor_verify(user=user, code=form.cleaned_data["code"])
        ):
            auth_session.login_complete(request, user, backend=pending.backend, factor_id=verified.factor.pk)
            if verified.kind == "recovery":
                left = recovery_codes_left(actor=user)
                messages.warning(
                    request,
                    RECOVERY_USED % {"count": left},
                )
            return redirect(pending.next_url)
        else:
            login_throttle.failure_record(username=user.get_username(), address=address)
            if auth_session.pending_failed(request) >= settings.CASEWORK_MFA_CODE_ATTEMPTS:
                messages.error(request, _("Too many wrong codes. Log in again with your password."))
                return redirect("login")
            form = LoginCodeForm(request.POST)
            form.is_valid()
            form.add_error("code", CODE_WRONG)
    return render(
        request,
        "registration/login_code.html",
        {"form": form, "locked_minutes": locked_minutes},
        status=status,
    )
