"""casework/db.py against the ORM: the hand-built SQL must read and write exactly the rows Django would.

Each helper is run next to the ORM call it stands in for, on the same kind of row, and the rows compared
column by column — JSON, dates, instants, foreign keys and database defaults included."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
import time_machine

from casework.db import copy_models, insert_returning, rows_where_in, update_where
from casework.models import Deadline, ReadAction, ReadAudit, ReadChannel
from tests.conftest import make_client, record_decision

COLUMNS = [field.attname for field in Deadline._meta.concrete_fields if field.attname != "id"]
COMPARED = [name for name in COLUMNS if name != "client_id"]


@pytest.fixture
def decided(alice):
    with time_machine.travel("2025-03-03 12:00:00+03:00", tick=False):
        client = make_client(alice)
        record_decision(alice, client)
        record_decision(alice, client, decision_ref="D2", copy_received_on="2025-03-01")
    return client


def clones(deadlines, client):
    return [
        Deadline(**{**{name: getattr(row, name) for name in COLUMNS}, "client_id": client.id})
        for row in deadlines
    ]


def compared(client):
    return list(Deadline.objects.filter(client=client).order_by("key").values_list(*COMPARED))


def test_rows_where_in_reads_what_the_orm_reads(decided):
    through_the_orm = list(Deadline.objects.filter(client=decided).order_by("key").values_list(*COLUMNS))

    through_the_helper = rows_where_in(Deadline, COLUMNS, key="client_id", values=[decided.id], order=["key"])

    assert len(through_the_orm) == 2
    assert through_the_helper == through_the_orm  # the JSON explanation decoded, not left as text


def test_copy_models_writes_what_bulk_create_writes(alice, decided):
    deadlines = list(Deadline.objects.filter(client=decided))
    by_copy, by_bulk_create = (
        make_client(alice, document_number="C1"),
        make_client(alice, document_number="C2"),
    )

    copy_models(clones(deadlines, by_copy))
    Deadline.objects.bulk_create(clones(deadlines, by_bulk_create))

    assert compared(by_copy) == compared(by_bulk_create) == compared(decided)


def test_insert_returning_writes_what_save_writes(alice, decided):
    def row():
        return ReadAudit(
            organisation_id=decided.organisation_id, user=alice, action=ReadAction.CLIENT_VIEWED,
            client=decided, channel=ReadChannel.WEB, at=datetime(2025, 3, 3, 9, 0, tzinfo=UTC),
        )  # fmt: skip

    by_helper, by_save = row(), row()
    returned = insert_returning(by_helper, "id")
    by_save.save(force_insert=True)

    assert returned == by_helper.id and by_helper.id != by_save.id
    assert not by_helper._state.adding
    fields = ["organisation_id", "user_id", "action", "client_id", "channel", "clients_shown", "at"]
    assert ReadAudit.objects.filter(id=by_helper.id).values(*fields).get() == (
        ReadAudit.objects.filter(id=by_save.id).values(*fields).get()
    )


def test_update_where_changes_what_queryset_update_changes(alice, decided):
    deadlines = list(Deadline.objects.filter(client=decided))
    by_helper, by_orm = make_client(alice, document_number="U1"), make_client(alice, document_number="U2")
    Deadline.objects.bulk_create(clones(deadlines, by_helper) + clones(deadlines, by_orm))
    changes = {
        "status": "met",
        "due_on": date(2025, 3, 11),
        "due_at": datetime(2025, 3, 11, 21, 0, tzinfo=UTC),
        "explanation": [{"key": "due_on", "params": {"date": "2025-03-11"}, "text": "Due on 11.03.2025"}],
        "reminder_check_at": None,
    }

    for key in sorted(row.key for row in deadlines):
        target = Deadline.objects.get(client=by_helper, key=key)
        assert update_where(Deadline, key="id", value=target.id, changes=changes) == 1
        assert Deadline.objects.filter(client=by_orm, key=key).update(**changes) == 1

    assert compared(by_helper) == compared(by_orm)
    assert compared(by_helper) != compared(decided)
