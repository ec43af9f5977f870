"""What an organisation's admin reads: its members, its regional days off and the deadlines they touch."""

from __future__ import annotations

from datetime import date

from django.db.models import QuerySet
from django.http import Http404

from casework import access
from casework.models import Client, Deadline, Membership, RegionalDayOff


def _own_organisation(actor: access.Actor) -> int:
    membership = access.membership_of(actor)
    access.require_admin(actor, membership.organisation_id)
    return membership.organisation_id


def members_for(*, actor: access.Actor) -> QuerySet[Membership]:
    return (
        Membership.objects.filter(organisation_id=_own_organisation(actor))
        .select_related("user")
        .order_by("-user__is_active", "user__username")
    )


def member_get_for(*, actor: access.Actor, user_id: int) -> Membership:
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


def regional_days_off_for(*, actor: access.Actor) -> QuerySet[RegionalDayOff]:
    return RegionalDayOff.objects.filter(organisation_id=_own_organisation(actor)).order_by("-day", "region")


def regional_day_off_get_for(*, actor: access.Actor, day_off_id: int) -> RegionalDayOff:
    membership = access.membership_of(actor)
    day_off = RegionalDayOff.objects.filter(pk=day_off_id, organisation_id=membership.organisation_id).first()
    if day_off is None:
        raise Http404(access.NOT_FOUND)
    access.require_admin(actor, day_off.organisation_id)
    return day_off


def deadlines_naming_regional_days_for(*, actor: access.Actor, limit: int = 200) -> list[dict]:
    """The organisation's deadlines beside which a regional day off names a later date (the deadline keeps the
    federal date: whether a regional day extends a federal period is unsettled), soonest first."""
    deadlines = Deadline.objects.filter(
        organisation_id=_own_organisation(actor), explanation__contains=[{"key": "regional_day_off"}]
    ).select_related("client")
    found = []
    for deadline in deadlines.order_by("due_at", "id")[:limit]:
        step = next(step for step in deadline.explanation if step.get("key") == "regional_day_off")
        params = step.get("params") or {}
        found.append({
            "deadline": deadline,
            "region": params.get("region", ""),
            "regional_due_on": date.fromisoformat(params["due_on"]) if params.get("due_on") else None,
        })  # fmt: skip
    return found


def client_by_code_for(*, actor: access.Actor, code: str) -> Client | None:
    """The admin's way to an erasure when all they have is the case code (read aloud on the phone)."""
    organisation_id = _own_organisation(actor)
    return Client.objects.filter(organisation_id=organisation_id, code=code.strip().upper()).first()
