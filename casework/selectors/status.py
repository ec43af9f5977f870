from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime

from django.db.models import Case, CharField, F, Q, QuerySet, Value, When
from django.utils import timezone

from casework import access, derivation
from casework.domain import CaseState
from casework.domain.sensitive import merge_sensitive
from casework.domain.timeline import resolve
from casework.eventstore import as_recorded
from casework.models import Client, Deadline, Event
from casework.personal import data_key_of, open_event_secret


def client_status_for(
    *, actor: access.Actor, client: Client, as_of: date | None = None, known_at: datetime | None = None
):
    """The client's state derived live from its stream — for any date, as known at any moment."""
    access.require_case_access(actor, client.organisation_id)
    state: CaseState = derivation.derive_client(client, as_of=as_of, known_at=known_at)
    return _with_facility(client, state)


def _with_facility(client: Client, state: CaseState) -> CaseState:
    """The detention's facility is encrypted (free text): derivation reads the plain stream and knows only
    that there was one. It is opened here with the client's key, from the placement event as last corrected
    (as known at the state's moment); once the client is erased it reads None."""
    placement = state.detention.placement_event
    data_key = data_key_of(client) if placement else None
    if placement is None or data_key is None:
        return state
    rows = Event.objects.filter(client_id=client.id, organisation_id=client.organisation_id).filter(
        Q(id=placement) | Q(corrects_id=placement) | Q(corrects__corrects_id=placement),
        recorded_at__lte=state.known_at,
    )
    stream = []
    for event in rows.order_by("version"):
        recorded = as_recorded(event)
        secret = open_event_secret(client, data_key, event) or {}
        stream.append(replace(recorded, data=merge_sensitive(recorded.data, secret)))
    live = next((event for event in resolve(stream).live if event.id == placement), None)
    facility = live.data.get("facility") if live is not None else None
    return replace(state, detention=replace(state.detention, facility=facility))


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
