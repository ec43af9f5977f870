from __future__ import annotations

from django.utils import timezone
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions

from casework import tenancy
from casework.models import ApiToken
from casework.tokens import hash_token

INVALID_TOKEN = "Invalid or revoked token."  # noqa: S105 - a message, not a secret


class ApiTokenAuthentication(authentication.TokenAuthentication):
    """`Authorization: Token <token>`, checked against the stored hash."""

    def authenticate_credentials(self, key: str):
        token = (
            ApiToken.objects.select_related("user", "user__membership")
            .filter(key_hash=hash_token(key))
            .first()
        )
        if token is None or not token.user.is_active:
            raise exceptions.AuthenticationFailed(INVALID_TOKEN)
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
        membership = getattr(token.user, "membership", None)
        # The request's transaction shows this organisation's rows from here on (TenancyMiddleware).
        tenancy.enter_organisation(membership.organisation_id if membership is not None else None)
        return token.user, token


class ApiTokenScheme(OpenApiAuthenticationExtension):
    target_class = "casework.api.authentication.ApiTokenAuthentication"
    name = "tokenAuth"

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": "`Token <token>` from POST /api/auth/token/ or the token_create command.",
        }
