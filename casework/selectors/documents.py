"""The case file, read with the actor: a client's documents, one document, and the storage an organisation
uses (for its admins). Nothing here decrypts (casework/services/reading.py does, and audits)."""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from django.db.models import Count, QuerySet, Sum
from django.http import Http404

from casework import access
from casework.models import Client, Document, Event


def documents_for(*, actor: access.Actor, client: Client) -> QuerySet[Document]:
    """Every version of every document of the client, oldest first (a new version comes after the one it
    replaces), retracted and erased ones included."""
    access.require_case_access(actor, client.organisation_id)
    return (
        Document.objects.filter(client_id=client.id, organisation_id=client.organisation_id)
        .select_related("uploaded_by", "retracted_by", "replaced_by", "client")
        .order_by("uploaded_at", "id")
    )


def document_get_for(*, actor: access.Actor, client: Client, document_id: UUID) -> Document:
    """One document of this client; another client's or organisation's answers 404."""
    document = documents_for(actor=actor, client=client).filter(id=document_id).first()
    if document is None:
        raise Http404(access.NOT_FOUND)
    return document


def evidence_event_for(*, actor: access.Actor, client: Client, event_id: UUID) -> Event | None:
    """The client's event a document evidences, or None when the client has no such event."""
    access.require_case_access(actor, client.organisation_id)
    return Event.objects.filter(
        id=event_id, client_id=client.id, organisation_id=client.organisation_id
    ).first()


def documents_of_events(*, actor: access.Actor, client: Client) -> dict[UUID, list[Document]]:
    """The client's current (not replaced, not retracted) documents by the event they evidence: the
    timeline's paperclips and the deadline explanation's "evidenced by"."""
    by_event: dict[UUID, list[Document]] = {}
    for document in documents_for(actor=actor, client=client).filter(
        event__isnull=False, retracted_at__isnull=True, replaced_by__isnull=True
    ):
        assert document.event_id is not None
        by_event.setdefault(document.event_id, []).append(document)
    return by_event


@dataclass(frozen=True)
class StorageUse:
    documents: int
    bytes: int


def document_storage_use_for(*, actor: access.Actor) -> StorageUse:
    """How much the organisation keeps in the document store (erased documents take nothing): admins only."""
    membership = access.require_admin(actor, access.membership_of(actor).organisation_id)
    totals = Document.objects.filter(
        organisation_id=membership.organisation_id, erased_at__isnull=True
    ).aggregate(documents=Count("id"), bytes=Sum("size"))
    return StorageUse(documents=totals["documents"] or 0, bytes=totals["bytes"] or 0)
