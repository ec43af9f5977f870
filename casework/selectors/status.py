from __future__ import annotations

from datetime import date, datetime

from django.db.models import Case, CharField, F, Q, QuerySet, Value, When
from django.utils import timezone

from casework import access, derivation
from casework.domain import CaseState
from casework.models import Client, Deadline, Event


def client_status_for(
    *, actor: access.Actor, client: Client, as_of: date | None = None, known_at: datetime | None = None
) -> CaseState:
    """The client's state derived live from its stream — for any date, as known at any moment. Derived from
    the plain stream, so the detention's facility (encrypted free text) reads None here: pages and the API
    get the state through services.reading, which opens it and records the read."""
    access.require_case_access(actor, client.organisation_id)
    return derivation.derive_client(client, as_of=as_of, known_at=known_at)


def placement_events_for(
    *, actor: access.Actor, client: Client, placement: str, known_at: datetime
) -> QuerySet[Event]:
    """The detention's placement event and the corrections of it (and of those) recorded by `known_at`."""
    access.require_case_access(actor, client.organisation_id)
    rows = Event.objects.filter(client_id=client.id, organisation_id=client.organisation_id).filter(
        Q(id=placement) | Q(corrects_id=placement) | Q(corrects__corrects_id=placement),
        recorded_at__lte=known_at,
    )
    return rows.order_by("version")


def deadlines_for(
    *,
    actor: access.Actor,
    status: str | None = None,
    due_before: date | None = None,
    assigned_to: str | None = None,
) -> QuerySet[Deadline]:
    """The organisation's deadlines across clients, soonest first.

    The stored status was derived on the day of the last derivation; an open deadline whose cut-off has
    passed since then reads as missed here at once, before beat's refresh re-derives it."""
    membership = access.membership_of(actor)
    access.require_case_access(actor, membership.organisation_id)
    deadlines = (
        Deadline.objects.filter(organisation_id=membership.organisation_id)
        .annotate(
            effective_status=Case(
                When(status="open", due_at__lt=timezone.now(), then=Value("missed")),
                default=F("status"),
                output_field=CharField(),
            )
        )
        .select_related("client", "client__status__assigned_to")
    )
    if status:
        deadlines = deadlines.filter(effective_status=status)
    if due_before:
        deadlines = deadlines.filter(due_on__lt=due_before)
    if assigned_to:
        deadlines = deadlines.filter(client__status__assigned_to__username=assigned_to)
    return deadlines.order_by("due_at", "client_id", "key")
