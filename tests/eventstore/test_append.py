from __future__ import annotations

from datetime import date

import pytest
from django.db import DatabaseError, connection, transaction

from casework import eventstore
from casework.eventstore import IdempotencyKeyReused, NewEvent, VersionConflict
from casework.models import Client, Event


def note(text_date=date(2025, 3, 1)):
    return lambda _stream: NewEvent(type="case_closed", data={}, occurred_on=text_date)


def append(client, user, **kwargs):
    return eventstore.append(client=client, prepare=note(), recorded_by_id=user.pk, **kwargs)


def test_it_appends_with_the_next_version_and_a_position(client_of_alice, alice):
    result = append(client_of_alice, alice, expected_version=1)
    assert result.created
    assert result.event.version == 2
    assert result.event.position > 0
    assert Client.objects.get(pk=client_of_alice.pk).version == 2
    assert result.event.recorded_at is not None


def test_it_refuses_a_stale_expected_version_and_writes_nothing(client_of_alice, alice):
    append(client_of_alice, alice, expected_version=1)
    with pytest.raises(VersionConflict) as conflict:
        append(client_of_alice, alice, expected_version=1)
    assert conflict.value.current == 2
    assert Event.objects.filter(client=client_of_alice).count() == 2


def test_it_returns_the_first_event_for_a_repeated_idempotency_key(client_of_alice, alice):
    first = append(client_of_alice, alice, idempotency_key="k1", fingerprint="f")
    again = append(client_of_alice, alice, idempotency_key="k1", fingerprint="f", expected_version=1)
    assert not again.created
    assert again.event.pk == first.event.pk
    assert Event.objects.filter(client=client_of_alice).count() == 2


def test_it_refuses_a_different_request_under_a_used_key(client_of_alice, alice):
    append(client_of_alice, alice, idempotency_key="k1", fingerprint="f")
    with pytest.raises(IdempotencyKeyReused):
        append(client_of_alice, alice, idempotency_key="k1", fingerprint="g")
    assert Event.objects.filter(client=client_of_alice).count() == 2


def test_it_writes_nothing_when_preparation_fails(client_of_alice, alice):
    def refuse(_stream):
        raise ValueError("invalid")

    with pytest.raises(ValueError):
        eventstore.append(client=client_of_alice, prepare=refuse, recorded_by_id=alice.pk)
    assert Event.objects.filter(client=client_of_alice).count() == 1
    assert Client.objects.get(pk=client_of_alice.pk).version == 1


def test_it_hands_preparation_the_stream_under_the_lock(client_of_alice, alice):
    seen = []

    def remember(stream):
        seen.extend(stream)
        return NewEvent(type="case_closed", data={}, occurred_on=date(2025, 3, 1))

    eventstore.append(client=client_of_alice, prepare=remember, recorded_by_id=alice.pk)
    assert [event.type for event in seen] == ["client_registered"]


@pytest.mark.parametrize("statement", ["UPDATE casework_event SET type = 'x'", "DELETE FROM casework_event"])
def test_the_database_refuses_to_change_or_delete_events(client_of_alice, statement):
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(statement)
    assert Event.objects.filter(client=client_of_alice, type="client_registered").count() == 1
