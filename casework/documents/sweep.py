"""Blobs without a committed row: an upload whose transaction rolled back after its blob was written, or
whose process died in between, and an erasure's blobs if its process died before removing them. Beat runs
the sweep; a blob younger than the grace period may belong to an upload still under way and stays."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

from django.utils import timezone

from casework import tenancy
from casework.documents import storage
from casework.models import Document
from casework.services.documents import blob_discard

GRACE = timedelta(hours=1)


def orphan_blobs(*, older_than: timedelta = GRACE) -> Iterator[str]:
    """Keys of blobs that no committed document names and that were written before now - older_than."""
    cutoff = timezone.now() - older_than
    store = storage.document_storage()
    batch: list[str] = []

    def orphans(keys: list[str]) -> list[str]:
        with tenancy.system_scope():  # every organisation's documents: a blob names none
            known = set(Document.objects.filter(storage_key__in=keys).values_list("storage_key", flat=True))
        return [key for key in keys if key not in known and store.get_modified_time(key) < cutoff]

    for key in storage.blob_keys():
        batch.append(key)
        if len(batch) >= 500:
            yield from orphans(batch)
            batch = []
    if batch:
        yield from orphans(batch)


def sweep_orphans(*, older_than: timedelta = GRACE) -> int:
    removed = 0
    for key in list(orphan_blobs(older_than=older_than)):
        blob_discard(key)
        removed += 1
    return removed
