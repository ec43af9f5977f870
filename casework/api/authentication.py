from __future__ import annotations

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions

from casework import tenancy
from casework.services.api_tokens import token_authenticate

INVALID_TOKEN = "Invalid, expired or revoked token."  # noqa: S105 - a message, not a secret


class ApiTokenAuthentication(authentication.TokenAuthentication):
    """`Authorization: Token <token>`, checked against the stored hash; expired and revoked tokens, and
    tokens of inactive users, get the same 401."""

    def authenticate_credentials(self, key: str):
        token = token_authenticate(key)
        if token is None:
            raise exceptions.AuthenticationFailed(INVALID_TOKEN)
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
