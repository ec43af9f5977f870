from __future__ import annotations

from django.conf import settings
from django.contrib.auth import logout
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse

from casework.accounts.auth_session import AUTH_FACTOR
from casework.selectors.second_factors import totp_factor_id_of

MFA_REQUIRED_CODE = "mfa_required"
MFA_REQUIRED = "Enrol a second factor in the web interface first."
# What a signed-in user without a factor may reach while CASEWORK_REQUIRE_MFA is on (and static files).
OPEN_URL_NAMES = ("web:mfa-enrol", "logout", "web:language")


class SecondFactorMiddleware:
    """For every signed-in request:

    - a user with a confirmed factor whose session did not pass it (a login that skipped the code step, or a
      session of an earlier factor, since reset) is logged out: the view sees an anonymous request;
    - with CASEWORK_REQUIRE_MFA on, a user without one is sent to enrol before anything else (the API, by
      session, answers 403).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            factor_id = totp_factor_id_of(user)
            if request.session.get(AUTH_FACTOR) != factor_id:
                logout(request)
            elif factor_id is None and settings.CASEWORK_REQUIRE_MFA and not self._open(request.path_info):
                if request.path_info.startswith("/api/"):
                    return JsonResponse({"code": MFA_REQUIRED_CODE, "detail": MFA_REQUIRED}, status=403)
                return redirect("web:mfa-enrol")
        return self.get_response(request)

    @staticmethod
    def _open(path: str) -> bool:
        static = "/" + settings.STATIC_URL.lstrip("/")
        return path.startswith(static) or path in {reverse(name) for name in OPEN_URL_NAMES}
