"""How many SQL statements an append and a rebuild take: deterministic, so asserted (never their time)."""

from __future__ import annotations

from datetime import date

from django.db import connection
from django.test.utils import CaptureQueriesContext

from casework import projections
from casework.models import ClientStatus
from casework.services.events import event_record
from tests.conftest import make_client

WRITES = ("INSERT", "UPDATE", "DELETE")


def _statements(action) -> list[str]:
    with CaptureQueriesContext(connection) as queries:
        action()
    return [query["sql"] for query in queries.captured_queries]


def _note(actor, client):
    return lambda: event_record(
        actor=actor, client=client, type="note_added", data={"text": "Called"}, occurred_on=date(2026, 1, 5)
    )


def test_it_records_a_note_in_eleven_statements(alice):
    client = make_client(alice)
    _note(alice, client)()  # the first note adds a fact-free event; the second is the steady state
    statements = _statements(_note(alice, client))
    # savepoint, lock + erasure check, stream (with its idempotency keys), insert, stream version, stored
    # deadlines, facts and status, the status update, pending reminders, release. No refresh, no second read
    # of the stream, no Membership lookup — and no regional days off: they follow the authorities' regions,
    # and this client's decisions name none.
    assert len(statements) == 11, statements
    assert sum(sql.startswith(WRITES) for sql in statements) == 3  # event, stream head, status


def test_it_writes_only_the_status_columns_that_changed(alice):
    client = make_client(alice)
    statements = _statements(_note(alice, client))
    (update,) = [sql for sql in statements if sql.startswith('UPDATE "casework_clientstatus"')]
    assert '"version"' in update
    assert '"citizenship"' not in update


def _rebuild_statements() -> list[str]:
    return _statements(lambda: projections.rebuild(batch_size=100))


def test_it_rebuilds_a_batch_of_clients_with_the_same_statements_as_one(alice):
    make_client(alice)
    one = _rebuild_statements()
    for _ in range(4):
        client = make_client(alice)
        _note(alice, client)()
    assert len(_rebuild_statements()) == len(one)


def test_it_writes_nothing_when_a_rebuild_finds_the_read_models_current(alice):
    for _ in range(3):
        _note(alice, make_client(alice))()
    statements = _rebuild_statements()
    assert [sql for sql in statements if sql.startswith(WRITES)] == []


def test_it_rewrites_only_the_client_that_differs(alice):
    clients = [make_client(alice) for _ in range(3)]
    ClientStatus.objects.filter(client=clients[1]).update(open_deadlines=7)
    writes = [sql for sql in _rebuild_statements() if sql.startswith(WRITES)]
    assert len(writes) == 1
    assert str(clients[1].id.hex) in writes[0] or str(clients[1].id) in writes[0]
    assert ClientStatus.objects.get(client=clients[1]).open_deadlines == 0
