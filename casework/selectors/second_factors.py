"""Reading second factors: one's own, and (for an organisation's admin) which members have one."""

from __future__ import annotations

from django.contrib.auth.models import User

from casework import access
from casework.models import Membership, RecoveryCode, SecondFactorReset, TotpFactor


def totp_factor_id_of(user: User) -> int | None:
    """The id of the user's confirmed authenticator, or None. Asked on every signed-in request."""
    return (
        TotpFactor.objects.filter(user=user, confirmed_at__isnull=False).values_list("pk", flat=True).first()
    )


def has_second_factor(user: User) -> bool:
    return totp_factor_id_of(user) is not None


def totp_enrolment_of(*, actor: access.Actor) -> TotpFactor | None:
    """The actor's enrolment in progress (an authenticator not confirmed yet)."""
    return TotpFactor.objects.filter(user=actor, confirmed_at__isnull=True).first()


def recovery_codes_left(*, actor: access.Actor) -> int:
    return RecoveryCode.objects.filter(
        factor__user=actor, factor__confirmed_at__isnull=False, used_at__isnull=True
    ).count()


def members_with_second_factor(*, actor: access.Actor) -> set[int]:
    """User ids of the admin's organisation who have a confirmed authenticator."""
    membership = access.membership_of(actor)
    access.require_admin(actor, membership.organisation_id)
    members = Membership.objects.filter(organisation_id=membership.organisation_id).values("user_id")
    return set(
        TotpFactor.objects.filter(user_id__in=members, confirmed_at__isnull=False).values_list(
            "user_id", flat=True
        )
    )


def second_factor_resets_for(*, actor: access.Actor, limit: int = 50) -> list[SecondFactorReset]:
    membership = access.membership_of(actor)
    access.require_admin(actor, membership.organisation_id)
    resets = SecondFactorReset.objects.filter(organisation_id=membership.organisation_id)
    return list(resets.select_related("user", "reset_by").order_by("-reset_at", "-id")[:limit])
