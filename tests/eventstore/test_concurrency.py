"""Real threads, real PostgreSQL connections: optimistic concurrency under contention."""

from __future__ import annotations

import threading
from collections import Counter
from datetime import date

import pytest
from django.db import OperationalError, connection, connections, transaction

from casework import eventstore
from casework.eventstore import NewEvent, VersionConflict
from casework.models import Client, Event
from tests.conftest import make_client

WRITERS = 8
EVENTS_PER_WRITER = 5


def _marked(writer: int, number: int):
    return lambda _stream: NewEvent(
        type="note_added", data={"writer": writer, "number": number}, occurred_on=date(2025, 3, 1)
    )


@pytest.mark.django_db(transaction=True)
def test_eight_writers_on_one_stream_produce_a_gap_free_sequence(alice):
    client = make_client(alice)
    start = threading.Barrier(WRITERS)
    conflicts = Counter()
    attempts = Counter()
    failures = []

    def writer(number: int) -> None:
        try:
            start.wait()
            written = 0
            while written < EVENTS_PER_WRITER:
                current = Client.objects.get(pk=client.pk).version
                attempts[number] += 1
                try:
                    eventstore.append(
                        client=Client.objects.get(pk=client.pk),
                        prepare=_marked(number, written),
                        recorded_by_id=alice.pk,
                        expected_version=current,
                    )
                    written += 1
                except VersionConflict as conflict:
                    assert conflict.current > current
                    conflicts[number] += 1
        except Exception as error:  # noqa: BLE001 - reported to the main thread below
            failures.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(WRITERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    assert failures == []
    events = list(Event.objects.filter(client=client).order_by("version"))
    total = 1 + WRITERS * EVENTS_PER_WRITER
    assert [event.version for event in events] == list(range(1, total + 1))
    marks = [(event.data["writer"], event.data["number"]) for event in events[1:]]
    assert sorted(marks) == [(w, n) for w in range(WRITERS) for n in range(EVENTS_PER_WRITER)]
    # Every attempt either wrote one event or reported a conflict: nothing lost, nothing doubled.
    assert sum(attempts.values()) == WRITERS * EVENTS_PER_WRITER + sum(conflicts.values())
    assert Client.objects.get(pk=client.pk).version == total


def _hold_stream_lock(client, locked: threading.Event, release: threading.Event, user_id: int) -> None:
    try:
        with transaction.atomic():
            eventstore.append(client=client, prepare=_marked(0, 0), recorded_by_id=user_id)
            locked.set()
            release.wait(timeout=30)
    finally:
        connections.close_all()


def _append_with_lock_timeout(client, user_id: int) -> None:
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL lock_timeout = '2s'")
        eventstore.append(client=client, prepare=_marked(1, 0), recorded_by_id=user_id)


@pytest.mark.django_db(transaction=True)
def test_writers_on_different_streams_do_not_block_each_other(alice):
    first, second = make_client(alice), make_client(alice, full_name="Other Person")
    locked, release = threading.Event(), threading.Event()
    holder = threading.Thread(target=_hold_stream_lock, args=(first, locked, release, alice.pk))
    holder.start()
    try:
        assert locked.wait(timeout=30)
        # While the first stream's append is uncommitted, the second stream takes its append at once...
        _append_with_lock_timeout(second, alice.pk)
        assert Client.objects.get(pk=second.pk).version == 2
        # ...whereas a second writer on the first stream waits (and gives up at the lock timeout).
        with pytest.raises(OperationalError, match="lock timeout"):
            _append_with_lock_timeout(first, alice.pk)
    finally:
        release.set()
        holder.join(timeout=30)
    assert Client.objects.get(pk=first.pk).version == 2
