"""A rebuild batch holds its streams' locks: an append waits for it and is never overwritten by it."""

from __future__ import annotations

import threading
from datetime import date

import pytest
from django.db import OperationalError, connection, connections, transaction

from casework import projections
from casework.models import ClientStatus
from casework.services.events import event_record
from tests.conftest import make_client


def _note(actor, client):
    return event_record(
        actor=actor, client=client, type="note_added", data={"text": "Called"}, occurred_on=date(2026, 1, 5)
    )


@pytest.mark.django_db(transaction=True)
def test_it_makes_an_append_wait_for_the_batch_and_keeps_the_append(alice, monkeypatch):
    client = make_client(alice)
    read, release = threading.Event(), threading.Event()
    load = projections.Stored.load

    def load_then_pause(client_ids):
        stored = load(client_ids)  # read under the batch's locks, then held there
        read.set()
        release.wait(timeout=30)
        return stored

    monkeypatch.setattr(projections.Stored, "load", staticmethod(load_then_pause))

    def rebuild():
        try:
            projections.rebuild()
        finally:
            connections.close_all()

    rebuilding = threading.Thread(target=rebuild)
    rebuilding.start()
    try:
        assert read.wait(timeout=30)
        with pytest.raises(OperationalError, match="lock timeout"), transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL lock_timeout = '1s'")
            _note(alice, client)
    finally:
        release.set()
        rebuilding.join(timeout=30)
    monkeypatch.undo()
    _note(alice, client)
    assert ClientStatus.objects.get(client=client).version == 2
    assert projections.differences(client) == []
