from __future__ import annotations

from django.db.models import QuerySet

from casework import access
from casework.models import Client, Reminder, ReminderState, Role


def reminders_for_client(*, actor: access.Actor, client: Client) -> QuerySet[Reminder]:
    access.require_case_access(actor, client.organisation_id)
    return (
        Reminder.objects.filter(client_id=client.id, organisation_id=client.organisation_id)
        .select_related("recipient")
        .order_by("-send_at", "-id")
    )


def delivery_failures_for(*, actor: access.Actor) -> QuerySet[Reminder]:
    """Reminders that could not be delivered: the organisation's for supervisors and admins, one's own for
    caseworkers (their dashboard shows them)."""
    membership = access.membership_of(actor)
    access.require_case_access(actor, membership.organisation_id)
    failures = Reminder.objects.filter(organisation_id=membership.organisation_id, state=ReminderState.FAILED)
    if membership.role == Role.CASEWORKER:
        failures = failures.filter(recipient=actor)
    return failures.select_related("client", "recipient").order_by("-send_at", "-id")
