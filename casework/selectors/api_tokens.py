"""API tokens as their users and their organisation's admins see them (never the secret: only its hash is
stored)."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone

from casework import access
from casework.models import ApiToken


def live_tokens() -> QuerySet[ApiToken]:
    """Tokens that still work now: not revoked, not past their lifetime, used (or made) recently enough."""
    now = timezone.now()
    idle_since = now - timedelta(days=settings.CASEWORK_TOKEN_IDLE_DAYS)
    return (
        ApiToken.objects.filter(revoked_at__isnull=True, expires_at__gt=now)
        .exclude(last_used_at__isnull=True, created_at__lte=idle_since)
        .exclude(last_used_at__lte=idle_since)
    )


def live_token_ids(token_ids: list[int]) -> set[int]:
    """Which of these tokens (already selected for the actor) still work."""
    return set(live_tokens().filter(pk__in=token_ids).values_list("pk", flat=True))


def tokens_of(*, actor: access.Actor) -> QuerySet[ApiToken]:
    """The actor's own tokens that still work, newest first."""
    return live_tokens().filter(user=actor).order_by("-created_at", "-id")


def member_tokens_for(*, actor: access.Actor) -> QuerySet[ApiToken]:
    """The live tokens of the admin's organisation's members, by member."""
    membership = access.membership_of(actor)
    access.require_admin(actor, membership.organisation_id)
    return (
        live_tokens()
        .filter(user__membership__organisation_id=membership.organisation_id)
        .select_related("user")
        .order_by("user__username", "-created_at", "-id")
    )


def token_creations_for(*, actor: access.Actor, user_id: int | None = None) -> QuerySet[ApiToken]:
    """Every token ever made for a member of the admin's organisation (live, expired or revoked), newest
    first: who, when, from where and how."""
    membership = access.membership_of(actor)
    access.require_admin(actor, membership.organisation_id)
    tokens = ApiToken.objects.filter(user__membership__organisation_id=membership.organisation_id)
    if user_id is not None:
        tokens = tokens.filter(user_id=user_id)
    return tokens.select_related("user", "revoked_by").order_by("-created_at", "-id")
