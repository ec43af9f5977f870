"""Documents encrypted as a stream of AES-256-GCM chunks, so that a 25 MB scan is never whole in memory.

Format (version 1): a header `CWDOC1` + the chunk size (4 bytes, big-endian), then records of
`nonce (12) ‖ ciphertext ‖ tag (16)`, every record but the last holding exactly one chunk of plaintext.
The key is the document's own, derived with HKDF from the client's data key and the document's id: once the
client's key is destroyed (erasure) no blob of theirs opens. Each record's associated data names the
document, its index and whether it is the final one, so that a flipped byte, two swapped records, a stream
cut after any record or a record moved in from another document fails its check on reading. Nothing of
the plaintext is returned before its record has been authenticated.
"""

from __future__ import annotations

import hashlib
import secrets
import struct
from collections.abc import Iterable, Iterator
from typing import BinaryIO
from uuid import UUID

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from casework.crypto import KEY_BYTES, NONCE_BYTES, DecryptionFailed

MAGIC = b"CWDOC1"
HEADER = struct.Struct(">I")
CHUNK_SIZE = 64 * 1024
TAG_BYTES = 16
RECORD_OVERHEAD = NONCE_BYTES + TAG_BYTES

STREAM_DAMAGED = "The document's ciphertext failed its integrity check (damaged, truncated or reordered)."
STREAM_NOT_A_DOCUMENT = "This is not an encrypted document of casework."


def document_key(data_key: bytes, document_id: UUID) -> bytes:
    return HKDF(
        algorithm=hashes.SHA256(),
        length=KEY_BYTES,
        salt=None,
        info=b"casework document v1:" + document_id.bytes,
    ).derive(data_key)


def _associated(document_id: UUID, index: int, final: bool, chunk_size: int) -> bytes:
    return b"casework:document:%s:chunk:%d:of:%d:final:%d" % (
        str(document_id).encode(),
        index,
        chunk_size,
        int(final),
    )


class StreamEncryptor:
    """Feed plaintext in pieces of any size (`write`), then `close`; sealed records go to `target` as soon
    as a whole chunk is known not to be the last. Counts the bytes and hashes them on the way."""

    def __init__(self, *, data_key: bytes, document_id: UUID, target: BinaryIO, chunk_size: int = CHUNK_SIZE):
        self._aead = AESGCM(document_key(data_key, document_id))
        self._document_id = document_id
        self._target = target
        self._chunk_size = chunk_size
        self._pending = bytearray()
        self._index = 0
        self._closed = False
        self.size = 0
        self.sha256 = hashlib.sha256()
        target.write(MAGIC + HEADER.pack(chunk_size))

    def _seal(self, plaintext: bytes, final: bool) -> None:
        nonce = secrets.token_bytes(NONCE_BYTES)
        associated = _associated(self._document_id, self._index, final, self._chunk_size)
        self._target.write(nonce + self._aead.encrypt(nonce, plaintext, associated))
        self._index += 1

    def write(self, data: bytes) -> None:
        if self._closed:
            raise ValueError("the stream is closed")
        self.size += len(data)
        self.sha256.update(data)
        self._pending += data
        # Keep at least one byte back: only close() knows which chunk is the final one.
        while len(self._pending) > self._chunk_size:
            self._seal(bytes(self._pending[: self._chunk_size]), final=False)
            del self._pending[: self._chunk_size]

    def close(self) -> None:
        if not self._closed:
            self._seal(bytes(self._pending), final=True)
            self._pending.clear()
            self._closed = True

    @property
    def chunks(self) -> int:
        return self._index


def encrypt(
    chunks: Iterable[bytes],
    *,
    data_key: bytes,
    document_id: UUID,
    target: BinaryIO,
    chunk_size: int = CHUNK_SIZE,
) -> StreamEncryptor:
    """Encrypt an iterable of plaintext pieces into `target`; the encryptor tells the size and the hash."""
    encryptor = StreamEncryptor(
        data_key=data_key, document_id=document_id, target=target, chunk_size=chunk_size
    )
    for piece in chunks:
        encryptor.write(piece)
    encryptor.close()
    return encryptor


def _read_exactly(source: BinaryIO, size: int) -> bytes:
    parts = []
    while size > 0:
        part = source.read(size)
        if not part:
            break
        parts.append(part)
        size -= len(part)
    return b"".join(parts)


def decrypt(source: BinaryIO, *, data_key: bytes, document_id: UUID) -> Iterator[bytes]:
    """The plaintext, one authenticated chunk at a time. Raises DecryptionFailed at the first record that
    does not check out — including a stream that ends early (its last record was not sealed as final)."""
    header = _read_exactly(source, len(MAGIC) + HEADER.size)
    if len(header) != len(MAGIC) + HEADER.size or not header.startswith(MAGIC):
        raise DecryptionFailed(STREAM_NOT_A_DOCUMENT)
    (chunk_size,) = HEADER.unpack(header[len(MAGIC) :])
    if not 0 < chunk_size <= 16 * 1024 * 1024:
        raise DecryptionFailed(STREAM_NOT_A_DOCUMENT)
    aead = AESGCM(document_key(data_key, document_id))
    record_size = chunk_size + RECORD_OVERHEAD
    record = _read_exactly(source, record_size)
    index = 0
    while True:
        if len(record) < RECORD_OVERHEAD:
            raise DecryptionFailed(STREAM_DAMAGED)
        following = _read_exactly(source, record_size) if len(record) == record_size else b""
        final = not following
        nonce, sealed = record[:NONCE_BYTES], record[NONCE_BYTES:]
        try:
            plaintext = aead.decrypt(nonce, sealed, _associated(document_id, index, final, chunk_size))
        except InvalidTag as error:
            raise DecryptionFailed(STREAM_DAMAGED) from error
        if plaintext:
            yield plaintext
        if final:
            return
        record, index = following, index + 1
