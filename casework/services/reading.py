"""The reading door: the only code outside the crypto and storage core (personal.py, crypto.py, eventstore.py)
that opens a client's personal data — and it records the read in the same call.

Each function checks the actor's access first, so a refused read opens nothing and records nothing; then it
records the ReadAudit row (services.audit) and opens, inside one transaction: a read that cannot be recorded
does not happen, and an open that fails leaves no row. Which read leaves which row is pinned by
tests/test_read_audit.py. Views and serializers take what these return and never see ciphertext or a key.

The case file's reads are here too: a document's name and description (documents_read) and its content,
streamed chunk by chunk and recorded once the first chunk has passed its check (document_content_open).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from itertools import chain
from typing import Any
from uuid import UUID

from django.db import transaction

from casework import access, crypto
from casework.documents import storage, streams
from casework.documents.exceptions import DocumentGone
from casework.domain import CaseState
from casework.domain.events import RecordedEvent
from casework.domain.sensitive import merge_sensitive
from casework.domain.timeline import resolve
from casework.eventstore import as_recorded
from casework.models import Client, Document, Event, ReadAction
from casework.personal import PersonalData, data_key_of, open_event_secret, open_personal
from casework.selectors.clients import events_for
from casework.selectors.documents import documents_for
from casework.selectors.status import client_status_for, placement_events_for
from casework.services.audit import list_read_record, read_record
from casework.services.documents import field_context


@dataclass(frozen=True)
class OpenedEvent:
    """A stored event with its secret part opened."""

    event: Event
    recorded: RecordedEvent  # the domain's view: upcast, without the secret part (for resolve and derive)
    data: dict[str, Any]  # as it reads now: upcast, sensitive fields opened (None once erased)
    data_as_stored: dict[str, Any]  # at the event's own schema version, sensitive fields opened (the API's)
    erased: bool  # the client's key is destroyed: the sensitive fields read None


@dataclass(frozen=True)
class ClientPage:
    """Everything the client page shows of the person."""

    personal: PersonalData | None  # None once erased
    events: list[OpenedEvent]
    current: CaseState  # the status now
    state: CaseState  # the status as of the date and as known at the moment asked for (else `current`)


def client_open(*, actor: access.Actor, client: Client, channel: str) -> PersonalData | None:
    """One client's personal data (None once erased): one CLIENT_VIEWED row."""
    access.require_case_access(actor, client.organisation_id)
    with transaction.atomic():
        read_record(actor=actor, client=client, action=ReadAction.CLIENT_VIEWED, channel=channel)
        return open_personal(client)


def client_page_open(
    *,
    actor: access.Actor,
    client: Client,
    events: Sequence[Event],
    channel: str,
    as_of: date | None = None,
    known_at: datetime | None = None,
) -> ClientPage:
    """The personal data, the timeline's events and the status (now, and then if asked) of one client, shown
    together on one page: one CLIENT_VIEWED row for all of it."""
    access.require_case_access(actor, client.organisation_id)
    with transaction.atomic():
        read_record(actor=actor, client=client, action=ReadAction.CLIENT_VIEWED, channel=channel)
        current = _status(actor, client)
        historical = as_of is not None or known_at is not None
        return ClientPage(
            personal=open_personal(client),
            events=_opened(client, events),
            current=current,
            state=_status(actor, client, as_of=as_of, known_at=known_at) if historical else current,
        )


def client_name_open(*, actor: access.Actor, client: Client, channel: str) -> str | None:
    """The name alone, shown on the erase page so that the admin erases the right person. One CLIENT_VIEWED
    row when there is a name to show; once erased there is none, and no row."""
    access.require_case_access(actor, client.organisation_id)
    with transaction.atomic():
        personal = open_personal(client)
        if personal is None:
            return None
        read_record(actor=actor, client=client, action=ReadAction.CLIENT_VIEWED, channel=channel)
        return personal.full_name


def clients_open(
    *, actor: access.Actor, clients: Sequence[Client], searched: bool, channel: str
) -> list[PersonalData | None]:
    """The personal data of a page of clients, in their order, with one bulk write: a list leaves one row
    with the number shown, a search one row per client shown (see services.audit.list_read_record)."""
    membership = access.membership_of(actor)
    access.require_case_access(actor, membership.organisation_id)
    with transaction.atomic():
        list_read_record(actor=actor, shown=clients, searched=searched, channel=channel)
        return [open_personal(client) for client in clients]


def events_open(
    *, actor: access.Actor, client: Client, events: Sequence[Event], channel: str
) -> list[OpenedEvent]:
    """A client's events with their secret parts opened: one EVENTS_VIEWED row, however many events."""
    access.require_case_access(actor, client.organisation_id)
    with transaction.atomic():
        read_record(actor=actor, client=client, action=ReadAction.EVENTS_VIEWED, channel=channel)
        return _opened(client, events)


def events_unopened(*, actor: access.Actor, client: Client, events: Sequence[Event]) -> list[OpenedEvent]:
    """The events' plain parts only (upcast; sensitive fields read None, secrets left closed), for deciding
    what a request will do — which event a correction targets, whether it was retracted — never for
    showing. Nothing is opened, so nothing is recorded."""
    access.require_case_access(actor, client.organisation_id)
    unopened = []
    for event in events:
        recorded = as_recorded(event)
        unopened.append(OpenedEvent(event, recorded, dict(recorded.data), event.data, erased=False))
    return unopened


def status_open(
    *,
    actor: access.Actor,
    client: Client,
    channel: str,
    as_of: date | None = None,
    known_at: datetime | None = None,
) -> CaseState:
    """The client's status derived live (as of a date, as known at a moment), with the detention facility
    opened: one STATUS_VIEWED row."""
    access.require_case_access(actor, client.organisation_id)
    with transaction.atomic():
        read_record(actor=actor, client=client, action=ReadAction.STATUS_VIEWED, channel=channel)
        return _status(actor, client, as_of=as_of, known_at=known_at)


def client_open_for_author(*, actor: access.Actor, client: Client) -> PersonalData | None:
    """The personal data of a client just registered, in the response to the request that registered it: the
    author is shown what they sent, so no read is recorded."""
    access.require_case_access(actor, client.organisation_id)
    return open_personal(client)


def event_open_for_author(*, actor: access.Actor, client: Client, event: Event) -> OpenedEvent:
    """An event just recorded, in the response to the request that recorded it (or its idempotent retry): the
    author is shown what they sent, so no read is recorded."""
    access.require_case_access(actor, client.organisation_id)
    return _opened(client, [event])[0]


def _opened(client: Client, events: Sequence[Event]) -> list[OpenedEvent]:
    data_key = data_key_of(client)
    opened = []
    for event in events:
        recorded = as_recorded(event)
        secret = open_event_secret(client, data_key, event)
        opened.append(
            OpenedEvent(
                event=event,
                recorded=recorded,
                data=merge_sensitive(recorded.data, secret),
                data_as_stored=merge_sensitive(event.data, secret),
                erased=secret is None,
            )
        )
    return opened


def _status(
    actor: access.Actor, client: Client, *, as_of: date | None = None, known_at: datetime | None = None
) -> CaseState:
    """The derived state with the detention's facility opened. The facility is free text, so encrypted:
    derivation reads the plain stream and knows only that there was one. It is opened from the placement
    event as last corrected (as known at the state's moment); once the client is erased it reads None."""
    state = client_status_for(actor=actor, client=client, as_of=as_of, known_at=known_at)
    placement = state.detention.placement_event
    data_key = data_key_of(client) if placement else None
    if placement is None or data_key is None:
        return state
    rows = placement_events_for(actor=actor, client=client, placement=placement, known_at=state.known_at)
    stream = []
    for event in rows:
        recorded = as_recorded(event)
        secret = open_event_secret(client, data_key, event) or {}
        stream.append(replace(recorded, data=merge_sensitive(recorded.data, secret)))
    live = next((event for event in resolve(stream).live if event.id == placement), None)
    facility = live.data.get("facility") if live is not None else None
    return replace(state, detention=replace(state.detention, facility=facility))


# ---------------------------------------------------------------------------------------------------------
# The case file: a document's name, description and sha256 (documents_listed), its content (document_viewed
# inline, document_downloaded as an attachment)

INLINE = "inline"
ATTACHMENT = "attachment"
DISPOSITIONS = (INLINE, ATTACHMENT)


@dataclass(frozen=True)
class DocumentView:
    """A document as its reader sees it; name, description, sha256 and reason are None once erased."""

    id: UUID
    client_id: UUID
    kind: str
    event_id: UUID | None
    content_type: str
    size: int
    sha256: str | None
    name: str | None
    description: str | None
    uploaded_at: datetime
    uploaded_by: str | None
    replaces_id: UUID | None
    replaced_by_id: UUID | None
    retracted_at: datetime | None
    retracted_by: str | None
    retraction_reason: str | None
    pdf_has_javascript: bool
    pdf_encrypted: bool
    erased: bool


def _document_field(
    data_key: bytes | None, document: Document, field: str, blob: bytes | memoryview | None
) -> str | None:
    if data_key is None or blob is None:
        return None
    return crypto.decrypt_text(
        data_key, blob, client_id=document.client_id, field=field_context(document.id, field)
    )


def _document_view(document: Document, data_key: bytes | None) -> DocumentView:
    replaced_by = getattr(document, "replaced_by", None)
    return DocumentView(
        id=document.id,
        client_id=document.client_id,
        kind=document.kind,
        event_id=document.event_id,
        content_type=document.content_type,
        size=document.size,
        sha256=_document_field(data_key, document, "sha256", document.sha256_enc),
        name=_document_field(data_key, document, "name", document.name_enc),
        description=_document_field(data_key, document, "description", document.description_enc)
        or (None if document.erased else ""),
        uploaded_at=document.uploaded_at,
        uploaded_by=document.uploaded_by.username if document.uploaded_by else None,
        replaces_id=document.replaces_id,
        replaced_by_id=replaced_by.id if replaced_by is not None else None,
        retracted_at=document.retracted_at,
        retracted_by=document.retracted_by.username if document.retracted_by else None,
        retraction_reason=_document_field(
            data_key, document, "retraction_reason", document.retraction_reason_enc
        ),
        pdf_has_javascript=document.pdf_has_javascript,
        pdf_encrypted=document.pdf_encrypted,
        erased=document.erased,
    )


def documents_read(
    *, actor: access.Actor, client: Client, documents: Sequence[Document], channel: str, one: bool = False
) -> list[DocumentView]:
    """The documents' metadata with their names (documents_listed; `one`: the row names the document)."""
    if any(document.client_id != client.id for document in documents):
        raise ValueError("documents of another client")
    access.require_case_access(actor, client.organisation_id)
    read_record(
        actor=actor,
        client=client,
        action=ReadAction.DOCUMENTS_LISTED,
        channel=channel,
        document=documents[0] if one and documents else None,
    )
    data_key = data_key_of(client)
    return [_document_view(document, data_key) for document in documents]


@dataclass(frozen=True)
class OpenedDocument:
    chunks: Iterator[bytes]  # the plaintext, one authenticated chunk at a time; close() releases the blob
    name: str
    content_type: str
    size: int


def _document_chunks(blob, data_key: bytes, document_id: UUID) -> Iterator[bytes]:
    try:
        yield from streams.decrypt(blob, data_key=data_key, document_id=document_id)
    finally:
        blob.close()


def document_content_open(
    *, actor: access.Actor, document: Document, channel: str, disposition: str = ATTACHMENT
) -> OpenedDocument:
    """The document's content for the actor, streamed: the read is recorded (document_viewed inline,
    document_downloaded as an attachment) once the first chunk has passed its check, so a blob that
    fails at once is neither served nor recorded. A later chunk that fails raises in the iteration: the
    response is cut short of its Content-Length and the reader's client reports an incomplete download.
    Raises DocumentGone once the client is erased."""
    if disposition not in DISPOSITIONS:
        raise ValueError(f"unknown disposition {disposition}")
    client = document.client
    access.require_case_access(actor, client.organisation_id)
    data_key = data_key_of(client)
    if data_key is None or document.storage_key is None or document.name_enc is None:
        raise DocumentGone()
    name = _document_field(data_key, document, "name", document.name_enc) or ""
    blob = storage.blob_open(document.storage_key)
    chunks = _document_chunks(blob, data_key, document.id)
    first = next(chunks, None)  # authenticated here, before the read is recorded and the response starts
    read_record(
        actor=actor,
        client=client,
        action=ReadAction.DOCUMENT_VIEWED if disposition == INLINE else ReadAction.DOCUMENT_DOWNLOADED,
        channel=channel,
        document=document,
    )
    rest = chain([first] if first is not None else [], chunks)
    return OpenedDocument(
        chunks=_closing(rest, chunks), name=name, content_type=document.content_type, size=document.size
    )


def _closing(iterator: Iterator[bytes], generator) -> Iterator[bytes]:
    try:
        yield from iterator
    finally:
        generator.close()


# ---------------------------------------------------------------------------------------------------------
# Drafts (casework/drafts): the personal data, the decisions' official numbers, the derived state and the
# names of the case file's documents, opened together to write one draft: one DRAFT_GENERATED row.


@dataclass(frozen=True)
class DraftSources:
    personal: PersonalData | None  # None once erased
    state: CaseState  # the status now
    official_numbers: dict[str, str]  # decision_ref → the decision's official number, as last corrected
    documents: list[tuple[str, str]]  # (kind, name) of the case file's current documents, oldest first


def draft_context_open(*, actor: access.Actor, client: Client, channel: str) -> DraftSources:
    """Everything a draft is written from (casework/drafts/context.py). Called by services/drafts.py in the
    transaction that stores the draft, so the read is recorded only with a draft that was made."""
    access.require_case_access(actor, client.organisation_id)
    with transaction.atomic():
        read_record(actor=actor, client=client, action=ReadAction.DRAFT_GENERATED, channel=channel)
        state = _status(actor, client)
        opened = _opened(client, list(events_for(actor=actor, client=client)))
        stream = [replace(item.recorded, data=item.data) for item in opened]
        numbers = {
            str(event.data.get("decision_ref")): str(event.data.get("official_number") or "")
            for event in resolve(stream).live
            if event.type == "decision_issued" and event.data.get("official_number")
        }
        data_key = data_key_of(client)
        documents = [
            (document.kind, _document_field(data_key, document, "name", document.name_enc) or "")
            for document in documents_for(actor=actor, client=client)
            if document.retracted_at is None and getattr(document, "replaced_by", None) is None
            and not document.erased and document.kind != "draft"
        ]  # fmt: skip
        return DraftSources(
            personal=open_personal(client), state=state, official_numbers=numbers, documents=documents
        )
