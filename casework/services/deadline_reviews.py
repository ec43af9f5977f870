"""Marking a deadline re-opened by a rules update, already missed, as reviewed (the dashboard's review list):
someone of the organisation has looked at it and decided on a restoration petition."""

from __future__ import annotations

from django.db import transaction
from django.http import Http404
from django.utils import timezone

from casework import access
from casework.models import DeadlineChange
from casework.selectors.deadline_changes import REOPENED_MISSED


@transaction.atomic
def reopened_deadline_reviewed(*, actor: access.Actor, change_id: int) -> int:
    """Record who reviewed the re-opened deadline of this change, and when; every unreviewed re-opening of
    the same deadline goes with it (the list shows one row per deadline). Another organisation's change, or
    a change that is no such re-opening, does not exist (404). Returns the rows marked; 0: already done."""
    membership = access.membership_of(actor)
    own = DeadlineChange.objects.filter(REOPENED_MISSED, organisation_id=membership.organisation_id)
    change = own.filter(pk=change_id).only("organisation_id", "client_id", "key").first()
    if change is None:
        raise Http404(access.NOT_FOUND)
    access.require_case_access(actor, change.organisation_id)
    return DeadlineChange.objects.filter(
        REOPENED_MISSED,
        organisation_id=change.organisation_id,
        client_id=change.client_id,
        key=change.key,
        reviewed_at__isnull=True,
    ).update(reviewed_at=timezone.now(), reviewed_by=actor)
