"""The reads of the case file that decrypt — a document's name and description, its content — each one
audited in the same call (services/audit.py), after the selectors' checks and before anything is shown.

These move into casework/services/reading.py, the one door that decrypts, when that module exists.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from itertools import chain
from uuid import UUID

from casework import access, crypto
from casework.documents import storage, streams
from casework.documents.exceptions import DocumentGone
from casework.models import Client, Document, ReadAction
from casework.personal import data_key_of
from casework.services.audit import read_record
from casework.services.documents import field_context

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


def _opened(
    data_key: bytes | None, document: Document, field: str, blob: bytes | memoryview | None
) -> str | None:
    if data_key is None or blob is None:
        return None
    return crypto.decrypt_text(
        data_key, blob, client_id=document.client_id, field=field_context(document.id, field)
    )


def _view(document: Document, data_key: bytes | None) -> DocumentView:
    replaced_by = getattr(document, "replaced_by", None)
    return DocumentView(
        id=document.id,
        client_id=document.client_id,
        kind=document.kind,
        event_id=document.event_id,
        content_type=document.content_type,
        size=document.size,
        sha256=_opened(data_key, document, "sha256", document.sha256_enc),
        name=_opened(data_key, document, "name", document.name_enc),
        description=_opened(data_key, document, "description", document.description_enc)
        or (None if document.erased else ""),
        uploaded_at=document.uploaded_at,
        uploaded_by=document.uploaded_by.username if document.uploaded_by else None,
        replaces_id=document.replaces_id,
        replaced_by_id=replaced_by.id if replaced_by is not None else None,
        retracted_at=document.retracted_at,
        retracted_by=document.retracted_by.username if document.retracted_by else None,
        retraction_reason=_opened(data_key, document, "retraction_reason", document.retraction_reason_enc),
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
    return [_view(document, data_key) for document in documents]


@dataclass(frozen=True)
class OpenedDocument:
    chunks: Iterator[bytes]  # the plaintext, one authenticated chunk at a time; close() releases the blob
    name: str
    content_type: str
    size: int


def _chunks(blob, data_key: bytes, document_id: UUID) -> Iterator[bytes]:
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
    name = _opened(data_key, document, "name", document.name_enc) or ""
    blob = storage.blob_open(document.storage_key)
    chunks = _chunks(blob, data_key, document.id)
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
