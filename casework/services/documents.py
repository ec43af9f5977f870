"""The case file's writes: upload, a new version, retraction, and the part of an erasure that concerns it.

Each call is one transaction. The blob is written before the row, inside the transaction, and removed
again if the call fails after it was written; a blob whose row was rolled back later (the request's outer
transaction) or whose process died in between has no committed row, and the sweep removes it after an hour
(casework/documents/sweep.py).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from django.utils import timezone

from casework import access, crypto
from casework.documents import storage, uploads
from casework.documents.exceptions import DocumentGone
from casework.documents.uploads import EncryptedUpload, EncryptingUploadHandler
from casework.models import Client, Document, DocumentKind, Event
from casework.personal import data_key_of

KIND_UNKNOWN = "Not a kind of document casework knows."
EVENT_OF_ANOTHER_CLIENT = "The event must be one of this client's."
UPLOAD_OF_ANOTHER_CLIENT = "This upload was sealed for another client."
REASON_REQUIRED = "Say why the document is retracted."
REASON_TOO_LONG = "The reason is at most 1000 characters."
DESCRIPTION_TOO_LONG = "The description is at most 2000 characters."
ALREADY_RETRACTED = "The document is retracted already."
ALREADY_REPLACED = "A newer version of this document exists; replace that one."
RETRACTED_NOT_REPLACEABLE = "A retracted document cannot get a new version."
MAX_DESCRIPTION = 2000
MAX_REASON = 1000
MAX_NAME = 255


def field_context(document_id: Any, field: str) -> str:
    """The `field` of crypto.encrypt_text for a document's encrypted columns (casework/services/reading.py
    opens them with the same)."""
    return f"document:{document_id}:{field}"


def _seal_text(data_key: bytes, client: Client, document_id: Any, field: str, value: str) -> bytes:
    return crypto.encrypt_text(data_key, value, client_id=client.id, field=field_context(document_id, field))


def _locked_data_key(client: Client) -> bytes:
    # The client's row, locked: an erasure waits for this upload, or this upload sees the erasure.
    locked = Client.objects.select_for_update().get(id=client.id)
    data_key = data_key_of(locked)
    if data_key is None:
        raise DocumentGone()
    return data_key


def _sealed(file: EncryptedUpload | Iterable[bytes] | Any, client: Client, data_key: bytes, name: str | None):
    """An EncryptedUpload of this client: the upload handler's, or plaintext sealed here."""
    if isinstance(file, EncryptedUpload):
        if file.client_id != client.id:
            raise ValidationError({"file": [UPLOAD_OF_ANOTHER_CLIENT]})
        return file
    if isinstance(file, bytes | bytearray | memoryview):
        chunks: Iterable[bytes] = [bytes(file)]
    else:
        chunks = file.chunks() if hasattr(file, "chunks") else file
    return uploads.seal(
        chunks, data_key=data_key, client_id=client.id, name=name or getattr(file, "name", "") or ""
    )


def _clean_name(name: str) -> str:
    """A file name fit for a Content-Disposition header: its last path part, no control characters."""
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join("_" if unicodedata.category(ch).startswith("C") else ch for ch in name).strip()
    return name[:MAX_NAME] or uploads.DEFAULT_NAME


def upload_handler_for(request: Any, client: Client) -> EncryptingUploadHandler:
    """The handler for an upload into this client's case file (uploads.EncryptingUploadHandler); raises
    DocumentGone once the client is erased. Install it — request.upload_handlers = [it] — before anything
    reads the body (a Django view behind CsrfViewMiddleware: csrf_exempt, then csrf_protect inside)."""
    data_key = data_key_of(client)
    if data_key is None:
        raise DocumentGone()
    return EncryptingUploadHandler(request, data_key=data_key, client_id=client.id)


def _check_text(description: str) -> str:
    description = description.strip()
    if len(description) > MAX_DESCRIPTION:
        raise ValidationError({"description": [DESCRIPTION_TOO_LONG]})
    return description


def _store(
    *,
    actor: access.Actor,
    client: Client,
    upload: EncryptedUpload,
    data_key: bytes,
    kind: str,
    event: Event | None,
    description: str,
    replaces: Document | None,
) -> Document:
    verdict = upload.verdict
    if not verdict.accepted:
        raise ValidationError({"file": [verdict.reason]})
    document_id = upload.document_id
    assert verdict.content_type is not None and upload.file is not None and upload.size is not None
    storage_key = storage.new_storage_key()
    try:
        blob_write(storage_key, upload.file)  # a blob half-written when the storage fails goes too
        with transaction.atomic():
            return Document.objects.create(
                id=document_id,
                organisation_id=client.organisation_id,
                client=client,
                event=event,
                kind=kind,
                content_type=verdict.content_type,
                size=upload.size,
                storage_key=storage_key,
                name_enc=_seal_text(data_key, client, document_id, "name", _clean_name(upload.name or "")),
                description_enc=(
                    _seal_text(data_key, client, document_id, "description", description)
                    if description
                    else None
                ),
                sha256_enc=_seal_text(data_key, client, document_id, "sha256", upload.sha256),
                uploaded_at=timezone.now(),
                uploaded_by=actor,
                replaces=replaces,
                pdf_has_javascript=verdict.pdf_has_javascript,
                pdf_encrypted=verdict.pdf_encrypted,
            )
    except BaseException:
        blob_discard(storage_key)
        raise


def document_upload(
    *,
    actor: access.Actor,
    client: Client,
    file: EncryptedUpload | Iterable[bytes] | Any,
    kind: str,
    event: Event | None = None,
    description: str = "",
    name: str | None = None,
) -> Document:
    """Add a document to the client's case file. `file` is an EncryptedUpload (the upload handler's) or
    plaintext (a file object or an iterable of bytes), encrypted here as it is read; `name` names the
    latter (default: its own name)."""
    access.require_case_access(actor, client.organisation_id)
    if kind not in DocumentKind.values:
        raise ValidationError({"kind": [KIND_UNKNOWN]})
    if event is not None and (
        event.client_id != client.id or event.organisation_id != client.organisation_id
    ):
        raise ValidationError({"event": [EVENT_OF_ANOTHER_CLIENT]})
    description = _check_text(description)
    with transaction.atomic():
        data_key = _locked_data_key(client)
        upload = _sealed(file, client, data_key, name)
        try:
            return _store(
                actor=actor,
                client=client,
                upload=upload,
                data_key=data_key,
                kind=kind,
                event=event,
                description=description,
                replaces=None,
            )
        finally:
            upload.close()


def document_replace(
    *,
    actor: access.Actor,
    document: Document,
    file: EncryptedUpload | Iterable[bytes] | Any,
    description: str = "",
    name: str | None = None,
) -> Document:
    """A new version of the document: a new row of the same kind and event that `replaces` it. The old
    version stays, readable, in the history."""
    access.require_case_access(actor, document.organisation_id)
    description = _check_text(description)
    with transaction.atomic():
        client = document.client
        data_key = _locked_data_key(client)
        previous = Document.objects.select_for_update().get(id=document.id)
        if previous.retracted_at is not None:
            raise ValidationError({"non_field_errors": [RETRACTED_NOT_REPLACEABLE]})
        if Document.objects.filter(replaces=previous).exists():
            raise ValidationError({"non_field_errors": [ALREADY_REPLACED]})
        upload = _sealed(file, client, data_key, name)
        try:
            return _store(
                actor=actor,
                client=client,
                upload=upload,
                data_key=data_key,
                kind=previous.kind,
                event=previous.event,
                description=description,
                replaces=previous,
            )
        finally:
            upload.close()


def document_retract(*, actor: access.Actor, document: Document, reason: str) -> Document:
    """Withdraw a document from the case file, with the reason (encrypted). It is never deleted: it stays
    in the history, marked, until an erasure."""
    access.require_case_access(actor, document.organisation_id)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": [REASON_REQUIRED]})
    if len(reason) > MAX_REASON:
        raise ValidationError({"reason": [REASON_TOO_LONG]})
    with transaction.atomic():
        data_key = _locked_data_key(document.client)
        changed = Document.objects.filter(id=document.id, retracted_at__isnull=True).update(
            retracted_at=timezone.now(),
            retracted_by=actor,
            retraction_reason_enc=_seal_text(
                data_key, document.client, document.id, "retraction_reason", reason
            ),
        )
        if changed != 1:
            raise ValidationError({"non_field_errors": [ALREADY_RETRACTED]})
        document.refresh_from_db()
    return document


def documents_erase(*, client: Client) -> int:
    """Part of client_erase, in its transaction: blank the documents' encrypted columns and their storage
    keys, and remove the blobs once the erasure has committed (a blob left by a crash has no row and goes
    with the sweep). Kind, type, size, dates and flags stay, anonymous, for the statistics."""
    documents = Document.objects.filter(client_id=client.id, organisation_id=client.organisation_id)
    storage_keys = [key for key in documents.values_list("storage_key", flat=True) if key]
    erased = documents.filter(erased_at__isnull=True).update(
        storage_key=None,
        name_enc=None,
        description_enc=None,
        sha256_enc=None,
        retraction_reason_enc=None,
        erased_at=timezone.now(),
    )

    def discard_blobs() -> None:
        for key in storage_keys:
            blob_discard(key)

    transaction.on_commit(discard_blobs)
    return erased


def blob_write(storage_key: str, ciphertext: IO[bytes]) -> None:
    """Store one blob of ciphertext under its random key."""
    ciphertext.seek(0)
    stored = storage.document_storage().save(storage_key, File(ciphertext))
    if stored != storage_key:  # 128 random bits do not collide; a storage that renames is misconfigured
        raise RuntimeError("the document storage stored a blob under another name")


def blob_discard(storage_key: str) -> None:
    """Remove one blob; a blob already gone is fine (the sweep and an erasure may meet)."""
    storage.document_storage().delete(storage_key)
