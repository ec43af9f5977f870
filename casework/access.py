"""Who may do what: the role checks that services and selectors share."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.http import Http404

from casework.models import CASE_ROLES, Membership, Role

NO_MEMBERSHIP = "This account belongs to no organisation."
ROLE_REFUSED = "Your role does not allow this."
NOT_FOUND = "Not found."
REASSIGN_REFUSED = "Only supervisors and admins can reassign a client."
# Who may record caseworker_assigned, or correct or retract one (API.md: reassignment is the supervisor's).
ASSIGNING_ROLES = frozenset({Role.SUPERVISOR, Role.ADMIN})

# Who acts: the signed-in user of a request, task or command. The checks here refuse one without an active
# membership, so an anonymous request.user that slips through is refused, never trusted.
Actor = User


def membership_of(actor: Actor) -> Membership:
    membership = getattr(actor, "membership", None) if actor is not None else None
    if membership is None or not actor.is_active:
        raise PermissionDenied(NO_MEMBERSHIP)
    return membership


def require_role(actor: Actor, roles) -> Membership:
    membership = membership_of(actor)
    if membership.role not in roles:
        raise PermissionDenied(ROLE_REFUSED)
    return membership


def require_case_access(actor: Actor, organisation_id: int) -> Membership:
    """Case work inside the actor's own organisation; another organisation's rows do not exist for them."""
    membership = membership_of(actor)
    if membership.organisation_id != organisation_id:
        raise Http404(NOT_FOUND)
    if membership.role not in CASE_ROLES:
        raise PermissionDenied(ROLE_REFUSED)
    return membership


def require_assigning_role(actor: Actor, organisation_id: int) -> Membership:
    membership = require_case_access(actor, organisation_id)
    if membership.role not in ASSIGNING_ROLES:
        raise PermissionDenied(REASSIGN_REFUSED)
    return membership


def require_admin(actor: Actor, organisation_id: int) -> Membership:
    membership = require_case_access(actor, organisation_id)
    if membership.role != Role.ADMIN:
        raise PermissionDenied(ROLE_REFUSED)
    return membership
