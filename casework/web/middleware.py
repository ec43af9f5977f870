from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django.utils import translation

from casework import tenancy


class UserLanguageMiddleware:
    """A signed-in user's pages are in the language they chose (kept on their membership), on any device."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        membership = getattr(user, "membership", None) if user is not None and user.is_authenticated else None
        if membership is not None:
            translation.activate(membership.language)
            request.LANGUAGE_CODE = membership.language
        return self.get_response(request)


class TenancyMiddleware:
    """Every request runs in one transaction that sees only the signed-in user's organisation's rows
    (casework.tenancy). API tokens are authenticated later, by DRF: ApiTokenAuthentication enters their
    organisation itself. The view's own transaction (ATOMIC_REQUESTS) nests inside this one."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with transaction.atomic():
            tenancy.assume_role(local=True)
            user = getattr(request, "user", None)
            membership = (
                getattr(user, "membership", None) if user is not None and user.is_authenticated else None
            )
            tenancy.enter_organisation(membership.organisation_id if membership is not None else None)
            try:
                return self.get_response(request)
            finally:
                tenancy.leave()


class PermissionsPolicyMiddleware:
    """Browser features no page of ours uses (camera, microphone, location, payment, USB, screen capture…)
    are switched off for every response: an injected script or frame could not turn them on."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.policy = ", ".join(f"{feature}=()" for feature in settings.CASEWORK_PERMISSIONS_POLICY_OFF)

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", self.policy)
        return response
