"""A pg_dump and the storage root hold no plaintext byte of a sentinel PDF, its name or description —
before the erasure, and after it (when the blobs are gone too)."""

from __future__ import annotations

import pytest

from casework.services.clients import client_erase
from casework.services.documents import document_retract, document_upload
from tests.conftest import make_client
from tests.documents.conftest import SENTINEL, pdf, stored_files
from tests.test_privacy import dump_database

SENTINEL_NAME = "ZZSENTINEL-Karimov-decision.pdf"
SENTINEL_DESCRIPTION = "ZZSENTINEL stamped copy"
MARKERS = (SENTINEL, b"ZZSENTINEL", b"Karimov-decision")


def found(text: bytes) -> list[bytes]:
    return [marker for marker in MARKERS if marker in text]


def storage_bytes(root) -> bytes:
    return b"".join(path.read_bytes() for path in stored_files(root))


@pytest.mark.django_db(transaction=True)
def test_no_plaintext_of_a_document_in_a_dump_or_the_storage_before_or_after_erasure(alice, dora, media_root):
    client = make_client(alice, full_name="Dump Person", document_number="DP0000001")
    document = document_upload(
        actor=alice,
        client=client,
        file=[pdf(SENTINEL * 3000)],
        kind="decision_copy",
        name=SENTINEL_NAME,
        description=SENTINEL_DESCRIPTION,
    )
    document_retract(actor=alice, document=document, reason="ZZSENTINEL reason")

    before = dump_database().encode()
    assert str(document.id).encode() in before  # the dump really holds the document
    assert found(before) == []
    assert len(stored_files(media_root)) == 1 and found(storage_bytes(media_root)) == []

    client_erase(actor=dora, client=client)

    after = dump_database().encode()
    assert str(document.id).encode() in after  # the anonymous metadata stays
    assert found(after) == []
    assert stored_files(media_root) == []
