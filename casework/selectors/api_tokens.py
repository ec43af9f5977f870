"""API tokens as their users and their organisation's admins see them (never the secret: only its hash is
stored)."""

from __future__ import annotations

from django.db.models import QuerySet

from casework import access
from casework.models import ApiToken
from casework.services.api_tokens import live_tokens


def tokens_of(*, actor) -> QuerySet[ApiToken]:
    """The actor's own tokens that still work, newest first."""
    return live_tokens().filter(user=actor).order_by("-created_at", "-id")


def member_tokens_for(*, actor) -> QuerySet[ApiToken]:
    """The live tokens of the admin's organisation's members, by member."""
    membership = access.membership_of(actor)
    access.require_admin(actor, membership.organisation_id)
    return (
        live_tokens()
        .filter(user__membership__organisation_id=membership.organisation_id)
        .select_related("user")
        .order_by("user__username", "-created_at", "-id")
    )


def token_creations_for(*, actor, user_id: int | None = None) -> QuerySet[ApiToken]:
    """Every token ever made for a member of the admin's organisation (live, expired or revoked), newest
    first: who, when, from where and how."""
    membership = access.membership_of(actor)
    access.require_admin(actor, membership.organisation_id)
    tokens = ApiToken.objects.filter(user__membership__organisation_id=membership.organisation_id)
    if user_id is not None:
        tokens = tokens.filter(user_id=user_id)
    return tokens.select_related("user", "revoked_by").order_by("-created_at", "-id")
