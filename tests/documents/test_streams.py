"""The chunked stream: round trips of every size that matters, and every kind of tampering refused."""

from __future__ import annotations

import io
import os
from uuid import uuid4

import pytest

from casework.crypto import DecryptionFailed, new_data_key
from casework.documents import streams
from casework.documents.streams import CHUNK_SIZE, RECORD_OVERHEAD

HEADER = len(streams.MAGIC) + streams.HEADER.size
RECORD = CHUNK_SIZE + RECORD_OVERHEAD


def sealed(plaintext: bytes, *, data_key: bytes, document_id, pieces: int = 7000) -> bytes:
    target = io.BytesIO()
    chunks = (plaintext[i : i + pieces] for i in range(0, len(plaintext), pieces))
    streams.encrypt(chunks, data_key=data_key, document_id=document_id, target=target)
    return target.getvalue()


def opened(blob: bytes, *, data_key: bytes, document_id) -> bytes:
    return b"".join(streams.decrypt(io.BytesIO(blob), data_key=data_key, document_id=document_id))


@pytest.mark.parametrize(
    "size", [0, 1, CHUNK_SIZE - 1, CHUNK_SIZE, CHUNK_SIZE + 1, 3 * CHUNK_SIZE, 3 * CHUNK_SIZE + 17]
)
def test_it_round_trips(size):
    data_key, document_id = new_data_key(), uuid4()
    plaintext = os.urandom(size)

    blob = sealed(plaintext, data_key=data_key, document_id=document_id)

    assert opened(blob, data_key=data_key, document_id=document_id) == plaintext
    records = max(1, -(-size // CHUNK_SIZE))
    assert len(blob) == HEADER + size + records * RECORD_OVERHEAD


def test_exactly_one_chunk_is_one_record():
    data_key, document_id = new_data_key(), uuid4()

    blob = sealed(b"x" * CHUNK_SIZE, data_key=data_key, document_id=document_id)

    assert len(blob) == HEADER + RECORD


def test_it_yields_the_plaintext_chunk_by_chunk():
    data_key, document_id = new_data_key(), uuid4()
    blob = sealed(b"y" * (2 * CHUNK_SIZE + 5), data_key=data_key, document_id=document_id)

    sizes = [len(c) for c in streams.decrypt(io.BytesIO(blob), data_key=data_key, document_id=document_id)]

    assert sizes == [CHUNK_SIZE, CHUNK_SIZE, 5]


def test_the_plaintext_is_not_in_the_ciphertext():
    data_key, document_id = new_data_key(), uuid4()
    plaintext = b"ZZSENTINEL " * 20_000

    assert b"ZZSENTINEL" not in sealed(plaintext, data_key=data_key, document_id=document_id)


def _flip(blob: bytes, at: int) -> bytes:
    return blob[:at] + bytes([blob[at] ^ 0x01]) + blob[at + 1 :]


def _swap(blob: bytes) -> bytes:
    first, second = blob[HEADER : HEADER + RECORD], blob[HEADER + RECORD : HEADER + 2 * RECORD]
    return blob[:HEADER] + second + first + blob[HEADER + 2 * RECORD :]


TAMPERING = {
    "a flipped byte in the first chunk": lambda blob, other: _flip(blob, HEADER + 100),
    "a flipped byte in the last tag": lambda blob, other: _flip(blob, len(blob) - 1),
    "a flipped nonce byte": lambda blob, other: _flip(blob, HEADER + RECORD),
    "two chunks swapped": lambda blob, other: _swap(blob),
    "the last chunk cut off": lambda blob, other: blob[: HEADER + 2 * RECORD],
    "cut in the middle of a chunk": lambda blob, other: blob[: HEADER + RECORD + 1000],
    "a chunk dropped from the middle": lambda blob, other: (
        blob[: HEADER + RECORD] + blob[HEADER + 2 * RECORD :]
    ),
    "a chunk from another document": lambda blob, other: (
        blob[:HEADER] + other[HEADER : HEADER + RECORD] + blob[HEADER + RECORD :]
    ),
    "a chunk appended": lambda blob, other: blob + blob[HEADER : HEADER + RECORD],
    "the chunk size changed in the header": lambda blob, other: (
        blob[:6] + streams.HEADER.pack(CHUNK_SIZE // 2) + blob[HEADER:]
    ),
    "not a document": lambda blob, other: b"%PDF-1.7 plain",
}


@pytest.mark.parametrize("tamper", TAMPERING.values(), ids=TAMPERING.keys())
def test_tampering_is_refused(tamper):
    data_key, document_id = new_data_key(), uuid4()
    plaintext = os.urandom(2 * CHUNK_SIZE + 1000)
    blob = sealed(plaintext, data_key=data_key, document_id=document_id)
    other = sealed(os.urandom(2 * CHUNK_SIZE), data_key=data_key, document_id=uuid4())

    with pytest.raises(DecryptionFailed):
        opened(tamper(blob, other), data_key=data_key, document_id=document_id)


def test_the_whole_blob_of_another_document_is_refused():
    data_key = new_data_key()
    blob = sealed(b"z" * 100, data_key=data_key, document_id=uuid4())

    with pytest.raises(DecryptionFailed):
        opened(blob, data_key=data_key, document_id=uuid4())


def test_another_clients_key_is_refused():
    document_id = uuid4()
    blob = sealed(b"z" * 100, data_key=new_data_key(), document_id=document_id)

    with pytest.raises(DecryptionFailed):
        opened(blob, data_key=new_data_key(), document_id=document_id)
