"""What an organisation's admin reads: its members, its regional days off and the due dates they moved."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from casework.models import Client, DeadlineChange, Membership, RegionalDayOff
from casework.services import access

# The reason casework.services.calendar gives the re-derivation, as the projection logs it.
DAY_OFF_REASON = "regional day off "


def _own_organisation(actor) -> int:
    membership = access.membership_of(actor)
    access.require_admin(actor, membership.organisation_id)
    return membership.organisation_id


def members_for(*, actor) -> QuerySet[Membership]:
    return (
        Membership.objects.filter(organisation_id=_own_organisation(actor))
        .select_related("user")
        .order_by("-user__is_active", "user__username")
    )


def member_get_for(*, actor, user_id: int) -> Membership:
    """Another organisation's member does not exist for the actor (404); a non-admin is refused (403)."""
    membership = access.membership_of(actor)
    member = (
        Membership.objects.select_related("user")
        .filter(user_id=user_id, organisation_id=membership.organisation_id)
        .first()
    )
    if member is None:
        raise Http404(access.NOT_FOUND)
    access.require_admin(actor, member.organisation_id)
    return member


def regional_days_off_for(*, actor) -> QuerySet[RegionalDayOff]:
    return RegionalDayOff.objects.filter(organisation_id=_own_organisation(actor)).order_by("-day", "region")


def regional_day_off_get_for(*, actor, day_off_id: int) -> RegionalDayOff:
    membership = access.membership_of(actor)
    day_off = RegionalDayOff.objects.filter(pk=day_off_id, organisation_id=membership.organisation_id).first()
    if day_off is None:
        raise Http404(access.NOT_FOUND)
    access.require_admin(actor, day_off.organisation_id)
    return day_off


def regional_day_off_changes_for(*, actor, limit: int = 200) -> list[DeadlineChange]:
    """Due dates moved (or dropped) by adding or removing a regional day off, newest first."""
    changes = DeadlineChange.objects.filter(
        organisation_id=_own_organisation(actor), reason__contains=DAY_OFF_REASON
    ).select_related("client")
    return list(changes.order_by("-changed_at", "-id")[:limit])


def client_by_code_for(*, actor, code: str) -> Client | None:
    """The admin's way to an erasure when all they have is the case code (read aloud on the phone)."""
    organisation_id = _own_organisation(actor)
    return Client.objects.filter(organisation_id=organisation_id, code=code.strip().upper()).first()
