"""`rebuild_projections --processes N`: the clients split by id over N processes, each share exactly once."""

from __future__ import annotations

from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from casework.management.commands.rebuild_projections import shares
from casework.models import Client, ClientStatus
from casework.services.events import event_record
from tests.conftest import make_client
from tests.reminders.conftest import database_url

pytestmark = pytest.mark.django_db(transaction=True)  # the shares run in other processes: data must commit


@pytest.fixture
def clients(alice):
    made = []
    for number in range(7):
        client = make_client(alice, document_number=f"RP{number:07d}")
        event_record(
            actor=alice, client=client, type="decision_issued", occurred_on=date.today(),
            data={"decision_ref": f"D{number}", "kind": "administrative_expulsion",
                  "copy_received_on": date.today().isoformat()},
        )  # fmt: skip
        made.append(client)
    return made


@pytest.fixture
def shares_see_this_database(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", database_url())


def members(share, ids):
    after, through = share
    return [i for i in ids if (after is None or i > after) and (through is None or i <= through)]


@pytest.mark.parametrize("processes", [1, 2, 3, 4, 7, 9])
@pytest.mark.parametrize("limit", [None, 5, 7, 0])
def test_the_shares_cover_every_client_once_in_id_order(clients, processes, limit):
    ids = sorted(Client.objects.values_list("id", flat=True))
    wanted = ids if limit is None else ids[:limit]

    found = [members(share, ids) for share in shares(limit, processes)]

    assert [i for share in found for i in share] == wanted
    assert all(found), "no empty share"
    assert len(found) <= processes


def test_a_parallel_verify_reports_the_tampered_client_and_a_parallel_rebuild_repairs_it(
    clients, shares_see_this_database
):
    victim = clients[4]
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE casework_clientstatus SET listed = NOT listed WHERE client_id = %s", [victim.id]
        )
    out = StringIO()

    with pytest.raises(CommandError, match="1 of 2 processes failed"):
        call_command("rebuild_projections", "--verify", "--processes", "2", stdout=out)

    report = out.getvalue()
    assert f"{victim.id}: status.listed: stored " in report
    assert "1 of " in report and "clients differ" in report
    assert "Verified " in report  # the other share passed

    out = StringIO()
    call_command("rebuild_projections", "--processes", "2", "--batch-size", "2", stdout=out)

    rebuilt = [int(line.split()[5]) for line in out.getvalue().splitlines() if line.startswith("Rebuilt")]
    assert sorted(rebuilt) == [3, 4]
    assert ClientStatus.objects.get(client=victim).listed is False
    out = StringIO()
    call_command("rebuild_projections", "--verify", stdout=out)
    assert "Verified 7 clients" in out.getvalue()
