"""Which organisation's rows the database shows: PostgreSQL row-level security, the second wall.

The selectors already filter every query by the actor's organisation. Row-level security (migration 0009)
makes the database refuse the rows of any other organisation too, so a selector that forgets its filter
shows nothing instead of another NGO's clients. Policies compare each row's organisation with the setting
`casework.organisation_id`; `casework.system = on` opens every row, for the jobs that are about all
organisations (beat's scans, network statistics, operators' commands).

Policies bind only a role that is neither the tables' owner nor a superuser: in production the web and
worker processes connect as such a role (docs/operations.md). `CASEWORK_DB_ROLE` makes a process that
connects as the owner take that role for each request and each task (SET ROLE), which is how the test
suite and development run every page, API call and task under the policies.

This protects against mistakes in the application, not against SQL injection: a statement that can run
`set_config` can also open the system scope.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.conf import settings
from django.db import connection

ORGANISATION = "casework.organisation_id"
SYSTEM = "casework.system"


def _get(name: str) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_setting(%s, true)", [name])
        value = cursor.fetchone()[0]
    return value or ""


def _set(name: str, value: str) -> None:
    # Inside a transaction the value lasts until its end (is_local): a pooled connection carries nothing
    # from one request to the next. Outside one (a task, a command) it lasts until it is set back.
    with connection.cursor() as cursor:
        cursor.execute("SELECT set_config(%s, %s, %s)", [name, value, connection.in_atomic_block])


def enter_organisation(organisation_id: int | None) -> None:
    """Show this organisation's rows for the rest of the transaction (or until changed)."""
    _set(ORGANISATION, "" if organisation_id is None else str(int(organisation_id)))


@contextmanager
def organisation_scope(organisation_id: int | None) -> Iterator[None]:
    previous = _get(ORGANISATION)
    enter_organisation(organisation_id)
    try:
        yield
    finally:
        _set(ORGANISATION, previous)


@contextmanager
def system_scope() -> Iterator[None]:
    """Every organisation's rows, for work that is about all of them. Callers check who may first."""
    previous = _get(SYSTEM)
    _set(SYSTEM, "on")
    try:
        yield
    finally:
        _set(SYSTEM, previous)


# Role name -> the identifier PostgreSQL quoted for it: asked once per process, not on every request.
_quoted_roles: dict[str, str] = {}


def assume_role(*, local: bool) -> None:
    """Take CASEWORK_DB_ROLE, if set: for this transaction (a request) or until reset (a task)."""
    role = settings.CASEWORK_DB_ROLE
    if role:
        with connection.cursor() as cursor:
            if role not in _quoted_roles:
                # A role name is an identifier, not a value: quoted by PostgreSQL itself, never formatted in.
                cursor.execute("SELECT quote_ident(%s)", [role])
                _quoted_roles[role] = cursor.fetchone()[0]
            cursor.execute(f"SET {'LOCAL ' if local else ''}ROLE {_quoted_roles[role]}")


def reset_role() -> None:
    if settings.CASEWORK_DB_ROLE:
        with connection.cursor() as cursor:
            cursor.execute("RESET ROLE")


def leave() -> None:
    """Back to no organisation and the connection's own role, before the transaction ends: a caller's
    outer transaction (a test's) must not go on under the request's settings."""
    if connection.needs_rollback:
        return  # rolling back undoes the settings anyway, and no statement may run before it
    with connection.cursor() as cursor:  # both settings in one round trip
        local = connection.in_atomic_block
        cursor.execute(
            "SELECT set_config(%s, '', %s), set_config(%s, '', %s)", [ORGANISATION, local, SYSTEM, local]
        )
    reset_role()
