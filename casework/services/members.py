"""An organisation's members: an admin creates accounts, changes roles, deactivates and reactivates them
(operators make users with user_create). Every change that makes, unmakes or shuts out an admin is told to
the organisation's other admins (services.admin_notices).

The organisation must always keep one active admin, or nobody could manage it any more."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction

from casework import access
from casework.models import Language, Membership, Role, TokenRevocation
from casework.services import admin_notices
from casework.services.api_tokens import tokens_revoke_for_user
from casework.services.organisations import user_create

UNKNOWN_ROLE = "Choose one of: " + ", ".join(Role.values) + "."
LAST_ADMIN = "The organisation must keep at least one active administrator."
DEACTIVATE_SELF = "You cannot deactivate your own account; ask another administrator."


def _lock_active_admins(organisation_id: int) -> list[int]:
    # Locking every active admin's row serialises two admins demoting each other at the same moment.
    admins = Membership.objects.select_for_update().filter(
        organisation_id=organisation_id, role=Role.ADMIN, user__is_active=True
    )
    return list(admins.values_list("user_id", flat=True))


def member_create(
    *,
    actor: access.Actor,
    username: str,
    password: str,
    role: str,
    email: str,
    language: str = Language.RUSSIAN,
):
    """A new account in the admin's own organisation."""
    membership = access.membership_of(actor)
    access.require_admin(actor, membership.organisation_id)
    user = user_create(
        organisation=membership.organisation,
        username=username,
        password=password,
        role=role,
        email=email,
        language=language,
    )
    if role == Role.ADMIN:
        admin_notices.admins_notify(
            organisation_id=membership.organisation_id,
            kind=admin_notices.ADMIN_CREATED,
            actor=actor,
            affected_user_id=user.pk,
        )
    return user


def member_role_set(*, actor: access.Actor, member: Membership, role: str) -> Membership:
    access.require_admin(actor, member.organisation_id)
    if role not in Role.values:
        raise ValidationError({"role": [UNKNOWN_ROLE]})
    with transaction.atomic():
        admins = _lock_active_admins(member.organisation_id)
        if role != Role.ADMIN and admins == [member.user_id]:
            raise ValidationError({"role": [LAST_ADMIN]})
        before = member.role
        changed = Membership.objects.filter(pk=member.pk).exclude(role=role).update(role=role)
        if changed:  # a token made for the old role must not carry it on
            tokens_revoke_for_user(user_id=member.user_id, reason=TokenRevocation.ROLE_CHANGED, by=actor)
        member.refresh_from_db(fields=["role"])
    if changed and Role.ADMIN in (before, role):
        kind = admin_notices.ADMIN_PROMOTED if role == Role.ADMIN else admin_notices.ADMIN_DEMOTED
        admin_notices.admins_notify(
            organisation_id=member.organisation_id, kind=kind, actor=actor, affected_user_id=member.user_id
        )
    return member


def member_deactivate(*, actor: access.Actor, member: Membership) -> Membership:
    """The account can no longer log in and its API tokens are revoked; its history and assignments stay."""
    access.require_admin(actor, member.organisation_id)
    if member.user_id == actor.pk:
        raise ValidationError({"user": [DEACTIVATE_SELF]})
    with transaction.atomic():
        admins = _lock_active_admins(member.organisation_id)
        if admins == [member.user_id]:
            raise ValidationError({"user": [LAST_ADMIN]})
        get_user_model().objects.filter(pk=member.user_id).update(is_active=False)
        # Revoked, not only refused while inactive: reactivating the account brings no old token back.
        tokens_revoke_for_user(user_id=member.user_id, reason=TokenRevocation.DEACTIVATED, by=actor)
        member.user.refresh_from_db(fields=["is_active"])
    if member.role == Role.ADMIN:
        admin_notices.admins_notify(
            organisation_id=member.organisation_id,
            kind=admin_notices.ADMIN_DEACTIVATED,
            actor=actor,
            affected_user_id=member.user_id,
        )
    return member


def member_reactivate(*, actor: access.Actor, member: Membership) -> Membership:
    """A deactivated account can log in again (with its password; no old API token comes back)."""
    access.require_admin(actor, member.organisation_id)
    reactivated = get_user_model().objects.filter(pk=member.user_id, is_active=False).update(is_active=True)
    member.user.refresh_from_db(fields=["is_active"])
    if reactivated and member.role == Role.ADMIN:
        admin_notices.admins_notify(
            organisation_id=member.organisation_id,
            kind=admin_notices.ADMIN_REACTIVATED,
            actor=actor,
            affected_user_id=member.user_id,
        )
    return member
