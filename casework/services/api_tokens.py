"""API tokens: made with the second factor (or by an operator), and ended by time or by revocation.

A token works until `expires_at` (CASEWORK_TOKEN_TTL_DAYS after it was made), only while it is used at least
every CASEWORK_TOKEN_IDLE_DAYS, and until it is revoked: by its user, by an admin of the organisation, or
because the password, the second factor, the role or the active flag of its user changed (whoever held the
old credentials must not keep a way in). Rows are never deleted: they are the audit of token creation."""

from __future__ import annotations

import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.models import User
from django.http import Http404
from django.utils import timezone

from casework import access
from casework.models import ApiToken, TokenRevocation
from casework.selectors.api_tokens import live_tokens
from casework.tokens import hash_token

VIA_API = "api"
VIA_COMMAND = "command"


def token_create(*, user: User, label: str = "", via: str = VIA_API, address: str = "") -> str:
    """A new API token; only its hash is kept, so the plaintext is shown once."""
    plaintext = "cw_" + secrets.token_urlsafe(32)
    ApiToken.objects.create(
        user=user,
        key_hash=hash_token(plaintext),
        prefix=plaintext[3:11],
        label=label,
        created_via=via,
        created_from=address,
        expires_at=timezone.now() + timedelta(days=settings.CASEWORK_TOKEN_TTL_DAYS),
    )
    return plaintext


def token_authenticate(plaintext: str) -> ApiToken | None:
    """The live token of an active user with this plaintext, its use recorded; None otherwise."""
    token = (
        live_tokens()
        .select_related("user", "user__membership")
        .filter(key_hash=hash_token(plaintext), user__is_active=True)
        .first()
    )
    if token is not None:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
    return token


def tokens_revoke_for_user(*, user_id: int, reason: str, by=None) -> int:
    """Revoke every token of the user (their credentials or standing changed). Returns how many."""
    return ApiToken.objects.filter(user_id=user_id, revoked_at__isnull=True).update(
        revoked_at=timezone.now(), revoked_reason=reason, revoked_by=by
    )


def _revoke(token: ApiToken, *, reason: str, by) -> ApiToken:
    ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(
        revoked_at=timezone.now(), revoked_reason=reason, revoked_by=by
    )
    token.refresh_from_db()
    return token


def token_revoke_own(*, actor: access.Actor, token_id: int) -> ApiToken:
    """The actor ends one of their own tokens; anybody else's answers 404."""
    token = live_tokens().filter(pk=token_id, user=actor).first()
    if token is None:
        raise Http404(access.NOT_FOUND)
    return _revoke(token, reason=TokenRevocation.BY_USER, by=actor)


def token_revoke_by_admin(*, actor: access.Actor, token_id: int) -> ApiToken:
    """An admin ends a member's token; another organisation's tokens do not exist for them."""
    membership = access.membership_of(actor)
    token = (
        live_tokens()
        .filter(pk=token_id, user__membership__organisation_id=membership.organisation_id)
        .first()
    )
    if token is None:
        raise Http404(access.NOT_FOUND)
    access.require_admin(actor, membership.organisation_id)  # 404 before 403: nothing about other tenants
    return _revoke(token, reason=TokenRevocation.BY_ADMIN, by=actor)


def on_user_pre_save(sender, instance, update_fields=None, **kwargs) -> None:
    """A password changed (set_password and save, `changepassword`), or an account turned inactive through
    save(): the user's tokens end. Queryset updates do not send this signal: the services that change the
    active flag that way revoke themselves (members.member_deactivate)."""
    if instance.pk is None:
        return
    if update_fields is not None and not {"password", "is_active"} & set(update_fields):
        return
    before = type(instance)._default_manager.filter(pk=instance.pk).values("password", "is_active").first()
    if before is None:
        return
    if before["password"] != instance.password:
        tokens_revoke_for_user(user_id=instance.pk, reason=TokenRevocation.PASSWORD_CHANGED)
    elif before["is_active"] and not instance.is_active:
        tokens_revoke_for_user(user_id=instance.pk, reason=TokenRevocation.DEACTIVATED)
