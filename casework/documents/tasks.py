"""Celery tasks of the case file: thin, no arguments."""

from __future__ import annotations

from celery import shared_task

from casework.documents.sweep import sweep_orphans


@shared_task(name="casework.documents.sweep_orphans", ignore_result=True, acks_late=True)
def sweep_orphan_documents() -> int:
    # Blobs without a committed row, older than an hour (casework/documents/sweep.py).
    return sweep_orphans()
