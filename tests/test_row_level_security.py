"""Row-level security: under the application's role, the database itself hides another organisation's rows.

The raw SQL here bypasses every selector on purpose: it is what a selector that forgot its filter would
run. The test connection is the owner (a superuser, bypassing the policies); SET ROLE casework_app is how
the web and worker processes run (CASEWORK_DB_ROLE, tests/environment.py)."""

from __future__ import annotations

from datetime import date

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import DatabaseError, connection, transaction
from django.http import HttpResponse
from django.test import RequestFactory

from casework import tenancy
from casework.models import Client
from casework.services.events import event_record
from casework.web.middleware import TenancyMiddleware
from tests.conftest import make_client

APP_ROLE = "casework_app"


@pytest.fixture
def two_organisations(alice, charlie):
    ours = make_client(alice, document_number="RL0000001")
    theirs = make_client(charlie, document_number="RL0000002")
    event_record(
        actor=charlie, client=theirs, type="note_added", data={"text": "x"}, occurred_on=date(2025, 3, 1)
    )
    return ours, theirs


def as_app(sql: str, params=(), *, organisation_id: int | None = None, system: bool = False):
    """Run one statement as casework_app in a savepoint, with the given scope; the rows, or the error."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"SET LOCAL ROLE {APP_ROLE}")
        cursor.execute(
            "SELECT set_config('casework.organisation_id', %s, true)", [str(organisation_id or "")]
        )
        cursor.execute("SELECT set_config('casework.system', %s, true)", ["on" if system else ""])
        cursor.execute(sql, params)
        rows = cursor.fetchall() if cursor.description else cursor.rowcount
        cursor.execute("RESET ROLE")
        return rows


TENANT_TABLES = [
    "casework_client",
    "casework_event",
    "casework_clientstatus",
    "casework_deadline",
    "casework_deadlinechange",
    "casework_casefact",
    "casework_reminder",
    "casework_regionaldayoff",
    "casework_exportgeneration",
    "casework_readaudit",
    "casework_secondfactorreset",
    "casework_document",
    "casework_importbatch",
    "casework_importrow",
]


def test_every_table_with_an_organisation_has_row_level_security(db):
    # Enabled and forced (migration 0015): the policies bind the tables' owner too.
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname, c.relrowsecurity AND c.relforcerowsecurity"
            " FROM pg_class c JOIN pg_attribute a ON a.attrelid = c.oid "
            "WHERE a.attname = 'organisation_id' AND c.relkind = 'r' AND c.relnamespace = 'public'::regnamespace"
        )
        tables = dict(cursor.fetchall())
    # Memberships are read to find a user's organisation before any is set; they hold no client data.
    tables.pop("casework_membership")
    assert tables == dict.fromkeys(TENANT_TABLES, True)


def test_the_app_role_reads_only_its_organisations_rows(two_organisations):
    ours, theirs = two_organisations

    rows = as_app("SELECT id FROM casework_client ORDER BY id", organisation_id=ours.organisation_id)
    targeted = as_app(
        "SELECT count(*) FROM casework_event WHERE client_id = %s",
        [theirs.id],
        organisation_id=ours.organisation_id,
    )
    events = as_app(
        "SELECT DISTINCT organisation_id FROM casework_event", organisation_id=ours.organisation_id
    )

    assert rows == [(ours.id,)]
    assert targeted == [(0,)]
    assert events == [(ours.organisation_id,)]


@pytest.mark.parametrize("table", TENANT_TABLES)
def test_no_organisation_set_means_no_rows(two_organisations, table):
    assert as_app(f"SELECT count(*) FROM {table}") == [(0,)]


def test_the_system_scope_sees_every_organisation(two_organisations):
    ours, theirs = two_organisations

    rows = as_app("SELECT id FROM casework_client", system=True)

    assert sorted(rows) == sorted([(ours.id,), (theirs.id,)])


def test_the_app_role_cannot_write_into_another_organisation(two_organisations):
    ours, theirs = two_organisations

    changed = as_app(
        "UPDATE casework_clientstatus SET listed = NOT listed WHERE client_id = %s",
        [theirs.id],
        organisation_id=ours.organisation_id,
    )
    assert changed == 0
    with pytest.raises(DatabaseError, match="row-level security"):
        as_app(
            "UPDATE casework_client SET organisation_id = %s WHERE id = %s",
            [theirs.organisation_id, ours.id],
            organisation_id=ours.organisation_id,
        )


def test_the_app_role_cannot_truncate_or_drop(two_organisations):
    ours, _ = two_organisations
    for statement in (
        "TRUNCATE casework_event",
        "DROP TABLE casework_event",
        "ALTER TABLE casework_event DISABLE TRIGGER ALL",
    ):
        with pytest.raises(DatabaseError, match=r"permission denied|must be owner"):
            as_app(statement, organisation_id=ours.organisation_id)


def test_a_request_runs_as_the_app_role_in_the_users_organisation(two_organisations, alice):
    seen = {}

    def view(request):
        with connection.cursor() as cursor:
            cursor.execute("SELECT current_user, current_setting('casework.organisation_id', true)")
            seen["who"] = cursor.fetchone()
        seen["clients"] = list(Client.objects.values_list("id", flat=True))  # no filter: the wall filters
        return HttpResponse()

    request = RequestFactory().get("/")
    request.user = alice
    TenancyMiddleware(view)(request)

    ours, _ = two_organisations
    assert seen["who"] == (APP_ROLE, str(alice.membership.organisation_id))
    assert seen["clients"] == [ours.id]
    # And the test's own connection is itself again afterwards.
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_user, current_setting('casework.organisation_id', true)")
        assert cursor.fetchone() == ("postgres", "")


def test_an_anonymous_request_sees_no_organisation(two_organisations):
    seen = {}

    def view(request):
        seen["clients"] = Client.objects.count()
        return HttpResponse()

    request = RequestFactory().get("/")
    request.user = AnonymousUser()
    TenancyMiddleware(view)(request)

    assert seen["clients"] == 0


def test_scopes_nest_and_restore(two_organisations, settings):
    ours, _ = two_organisations
    settings.CASEWORK_DB_ROLE = APP_ROLE
    with transaction.atomic():
        tenancy.assume_role(local=True)
        with tenancy.organisation_scope(ours.organisation_id):
            assert list(Client.objects.values_list("id", flat=True)) == [ours.id]
            with tenancy.system_scope():
                assert Client.objects.count() == 2
            assert Client.objects.count() == 1
        assert Client.objects.count() == 0
        tenancy.leave()


def test_an_api_token_enters_its_users_organisation(api, alice, two_organisations):
    ours, theirs = two_organisations

    assert api(alice).get(f"/api/clients/{ours.id}/").status_code == 200
    assert api(alice).get(f"/api/clients/{theirs.id}/").status_code == 404
    assert [row["id"] for row in api(alice).get("/api/clients/").json()["results"]] == [str(ours.id)]


AUDIT_TABLES = [
    "casework_event",
    "casework_readaudit",
    "casework_exportgeneration",
    "casework_secondfactorreset",
]


@pytest.mark.parametrize("table", AUDIT_TABLES)
@pytest.mark.parametrize("statement", ["UPDATE {table} SET id = id", "DELETE FROM {table}"])
def test_the_app_role_cannot_change_or_delete_audit_rows(two_organisations, table, statement):
    # Issue 14: a compromised web or worker process must not erase its tracks (migration 0015).
    with pytest.raises(DatabaseError, match="permission denied"):
        as_app(statement.format(table=table), system=True)


@pytest.mark.parametrize("table", AUDIT_TABLES)
def test_the_app_role_still_reads_audit_rows(two_organisations, table):
    assert as_app(f"SELECT count(*) FROM {table}", system=True)[0][0] >= 0
