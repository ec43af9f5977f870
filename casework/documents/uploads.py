"""Uploads encrypted as they arrive: no plaintext byte of a document is ever written to disk.

Django's default upload handlers keep a small file in memory and write a larger one (over 2.5 MB) to a
plaintext temporary file. The upload view replaces them with EncryptingUploadHandler before the body is
read: each piece of the `file` field goes through the type sniffer and the stream encryptor at once, and
only ciphertext reaches the temporary file the blob is later stored from. It counts the bytes and stops the
upload at CASEWORK_MAX_UPLOAD_MB (413), before the body has been read in full; the view refuses a too
large Content-Length before reading anything.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterable
from typing import IO, Any
from uuid import UUID, uuid4

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.core.files.uploadedfile import UploadedFile
from django.core.files.uploadhandler import FileUploadHandler

from casework.documents import streams
from casework.documents.exceptions import DocumentGone
from casework.documents.sniffing import Sniffer, Verdict
from casework.models import Client
from casework.personal import data_key_of

FIELD = "file"
# The multipart framing, kind, event and description around the file: a Content-Length beyond the limit
# plus this is refused before a byte is read.
FORM_ALLOWANCE = 64 * 1024
TOO_LARGE = "The document is larger than casework accepts (CASEWORK_MAX_UPLOAD_MB)."
DEFAULT_NAME = "document"


class UploadTooLarge(RequestDataTooBig):
    """Over CASEWORK_MAX_UPLOAD_MB; the API answers 413 (api/errors.py handles RequestDataTooBig)."""

    def __init__(self) -> None:
        super().__init__(TOO_LARGE)


def max_upload_bytes() -> int:
    return settings.CASEWORK_MAX_UPLOAD_MB * 1024 * 1024


def refuse_too_large_body(content_length: str | None) -> None:
    try:
        declared = int(content_length or 0)
    except ValueError:
        return  # Django's parser refuses a malformed length itself
    if declared > max_upload_bytes() + FORM_ALLOWANCE:
        raise UploadTooLarge()


class EncryptedUpload(UploadedFile):
    """A document sealed for one client and one (future) document id: the ciphertext in a temporary file,
    with what was learnt on the way — the plaintext's size and SHA-256, and the sniffer's verdict."""

    def __init__(
        self,
        *,
        ciphertext: IO[bytes],
        name: str,
        client_id: UUID,
        document_id: UUID,
        size: int,
        sha256: str,
        verdict: Verdict,
    ) -> None:
        super().__init__(
            file=ciphertext,
            name=name or DEFAULT_NAME,
            content_type=verdict.content_type or "application/octet-stream",
            size=size,
        )
        self.client_id = client_id
        self.document_id = document_id
        self.sha256 = sha256
        self.verdict = verdict


class Sealing:
    """One document being sealed: sniffer, encryptor and byte counter over a temporary ciphertext file."""

    def __init__(self, *, data_key: bytes, client_id: UUID, document_id: UUID, name: str) -> None:
        self.client_id = client_id
        self.document_id = document_id
        self.name = name
        self.ciphertext: IO[bytes] = tempfile.TemporaryFile()  # noqa: SIM115 - handed on to the upload
        self.sniffer = Sniffer()
        self.encryptor = streams.StreamEncryptor(
            data_key=data_key, document_id=document_id, target=self.ciphertext
        )

    def write(self, data: bytes) -> None:
        if self.encryptor.size + len(data) > max_upload_bytes():
            self.discard()
            raise UploadTooLarge()
        self.sniffer.feed(data)
        self.encryptor.write(data)

    def finish(self) -> EncryptedUpload:
        self.encryptor.close()
        self.ciphertext.seek(0)
        return EncryptedUpload(
            ciphertext=self.ciphertext,
            name=self.name,
            client_id=self.client_id,
            document_id=self.document_id,
            size=self.encryptor.size,
            sha256=self.encryptor.sha256.hexdigest(),
            verdict=self.sniffer.verdict(),
        )

    def discard(self) -> None:
        self.ciphertext.close()  # an unnamed temporary file: closing it is deleting it


def seal(
    chunks: Iterable[bytes], *, data_key: bytes, client_id: UUID, name: str, document_id: UUID | None = None
) -> EncryptedUpload:
    """Seal plaintext that is already here (a command, a test, a form that used this module's handler)."""
    sealing = Sealing(data_key=data_key, client_id=client_id, document_id=document_id or uuid4(), name=name)
    try:
        for piece in chunks:
            sealing.write(piece)
    except BaseException:
        sealing.discard()
        raise
    return sealing.finish()


class EncryptingUploadHandler(FileUploadHandler):
    """The only upload handler of the document upload view (request.upload_handlers). Takes the one
    `file` field; any other file field is dropped unread (but counted against the limit)."""

    def __init__(self, request: Any = None, *, data_key: bytes, client_id: UUID) -> None:
        super().__init__(request)
        self._data_key = data_key
        self._client_id = client_id
        self._sealing: Sealing | None = None
        self._done = False
        self._received = 0

    def new_file(self, field_name: str, file_name: str, *args: Any, **kwargs: Any) -> None:
        super().new_file(field_name, file_name, *args, **kwargs)
        if field_name == FIELD and self._sealing is None and not self._done:
            self._sealing = Sealing(
                data_key=self._data_key, client_id=self._client_id, document_id=uuid4(), name=file_name
            )

    def receive_data_chunk(self, raw_data: bytes, start: int) -> None:
        self._received += len(raw_data)
        if self._received > max_upload_bytes():
            self.upload_interrupted()
            raise UploadTooLarge()
        if self._sealing is not None:
            self._sealing.write(raw_data)
        return None  # nothing for another handler: there is none, and plaintext goes nowhere else

    def file_complete(self, file_size: int) -> EncryptedUpload | None:
        if self._sealing is None:
            return None
        upload = self._sealing.finish()
        self._sealing, self._done = None, True
        return upload

    def upload_interrupted(self) -> None:
        if self._sealing is not None:
            self._sealing.discard()
            self._sealing = None


def upload_handler_for(request: Any, client: Client) -> EncryptingUploadHandler:
    """The handler for an upload into this client's case file; DocumentGone once the client is erased.
    Install it (request.upload_handlers = [it]) before anything reads the body."""
    data_key = data_key_of(client)
    if data_key is None:
        raise DocumentGone()
    return EncryptingUploadHandler(request, data_key=data_key, client_id=client.id)
