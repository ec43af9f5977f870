"""Where the encrypted blobs live: Django's storage alias "documents" (settings.STORAGES).

The local filesystem under CASEWORK_MEDIA_ROOT by default, an S3-compatible bucket through django-storages
in deployments (docs/operations.md). Writing and removing blobs is the services' (services/documents.py).
Only ciphertext is ever handed to the storage; a blob's key is random, never derived from the document's
name, the client or the organisation.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from typing import IO

from django.core.files.storage import Storage, storages

ALIAS = "documents"


def document_storage() -> Storage:
    return storages[ALIAS]


def new_storage_key() -> str:
    token = secrets.token_hex(16)
    return f"{token[:2]}/{token}"  # 256 directories, so that no one directory holds every blob


def blob_open(storage_key: str) -> IO[bytes]:
    return document_storage().open(storage_key, "rb")


def blob_exists(storage_key: str) -> bool:
    return document_storage().exists(storage_key)


def blob_keys() -> Iterator[str]:
    """Every blob's key (two levels: prefix directory, then the blob)."""
    storage = document_storage()
    if not storage.exists(""):
        return
    directories, _files = storage.listdir("")
    for directory in sorted(directories):
        _subdirectories, files = storage.listdir(directory)
        for name in sorted(files):
            yield f"{directory}/{name}"
