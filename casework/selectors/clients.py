from __future__ import annotations

from uuid import UUID

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404

from casework import access, crypto
from casework.models import Client, Event
from casework.personal import name_word_indexes


def _first_events() -> Prefetch:
    # The client_registered event holds citizenship, sex, birth year and region.
    return Prefetch("events", queryset=Event.objects.filter(version=1), to_attr="first_events")


def client_get_for(*, actor: access.Actor, client_id: UUID) -> Client:
    membership = access.membership_of(actor)
    client = (
        Client.objects.select_related("organisation")
        .prefetch_related(_first_events())
        .filter(id=client_id, organisation_id=membership.organisation_id)
        .first()
    )
    if client is None:
        raise Http404(access.NOT_FOUND)
    access.require_case_access(actor, client.organisation_id)
    return client


def client_list_for(*, actor: access.Actor, search: str | None = None) -> QuerySet[Client]:
    """The organisation's clients, newest first. `search` finds the whole name, the document number, or
    every word it holds among the name's words, in any order and either script ("Каримов" finds
    "Karimov Rustam")."""
    membership = access.membership_of(actor)
    access.require_case_access(actor, membership.organisation_id)
    clients = Client.objects.filter(organisation_id=membership.organisation_id)
    if search is not None and search.strip():
        name = crypto.normalise_name(search)
        document = crypto.normalise_document(search)
        organisation_id = membership.organisation_id
        match = Q(name_index=crypto.blind_index("name", name, organisation_id=organisation_id))
        if document:
            match |= Q(
                document_index=crypto.blind_index("document", document, organisation_id=organisation_id)
            )
        words = name_word_indexes(organisation_id, search)
        if words:
            match |= Q(name_word_indexes__contains=words)
        clients = clients.filter(match)
    return (
        clients.select_related("organisation").prefetch_related(_first_events()).order_by("-created_at", "id")
    )


def events_for(*, actor: access.Actor, client: Client) -> QuerySet[Event]:
    access.require_case_access(actor, client.organisation_id)
    return Event.objects.filter(client_id=client.id, organisation_id=client.organisation_id).order_by(
        "version"
    )
