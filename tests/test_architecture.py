"""Cheap checks that keep the layering of DESIGN.md and docs/architecture.md: only the writers write (and
update), only selectors read tenant rows for the pages, and the SQL plumbing of casework/db.py stays in the
storage and the use cases. Each check has a positive control, so that a checker that finds nothing fails."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent / "casework"
WRITE_CALL = re.compile(
    r"\.(save|delete|bulk_create|bulk_update|update_or_create|get_or_create)\(|objects\.create\("
)
# Writers by design: the services, the event store, the read-model projections they call, and the reminder
# ledger (its rows are written by beat and the send tasks, never by views).
WRITERS = (
    "services/",
    "eventstore.py",
    "db.py",
    "accounts/login_throttle.py",  # the cache of failed logins, not rows
    "projections.py",
    "reminders/",
    "migrations/",
    "management/commands/",
    # python-docx's Document.save writes a DOCX to a file or a buffer, never a row.
    "drafts/build.py",
    "drafts/render.py",
)


# A QuerySet's .update() writes rows as surely as .save() does; a dict's .update() does not. The receiver
# tells them apart: a chain through a manager (`.objects`) or a QuerySet method.
QUERYSET_RECEIVER = re.compile(r"\.objects\b|\.(filter|exclude|all|select_for_update|select_related)\(")
# The helpers of casework/db.py write and read by hand-built SQL under row-level security: only the event store,
# the projections, the derivation's reads, the reminder ledger and the services (synthetic data) use them.
DB_HELPER_USERS = ("services/", "db.py", "eventstore.py", "projections.py", "derivation.py", "reminders/")
# The pages read tenant rows only through casework/selectors (DESIGN.md): no manager in a view. The API's
# token authentication is the one exception: it must find a token before there is an actor to scope by.
PAGES = ("web/", "api/", "accounts/")
MANAGERS_THE_PAGES_MAY_USE = {"ApiToken"}


def python_files():
    return sorted(p for p in ROOT.rglob("*.py") if "migrations" not in p.parts)


def relative(path: Path) -> str:
    return str(path.relative_to(ROOT))


def row_writes(source: str) -> list[str]:
    """The lines of ``source`` that write rows: a model's save/delete/create, or a QuerySet's update."""
    found = [line for line in source.splitlines() if WRITE_CALL.search(line)]
    for node in ast.walk(ast.parse(source)):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "update"
            and QUERYSET_RECEIVER.search(ast.unparse(node.func.value))
        ):
            found.append(ast.unparse(node))
    return found


def db_helper_imports(source: str) -> list[str]:
    """Imports of casework.db (``from casework.db import …`` or ``from casework import db``)."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ImportFrom) and node.module == "casework.db":
            found.append(ast.unparse(node))
        elif isinstance(node, ast.ImportFrom) and node.module == "casework":
            found += [ast.unparse(node) for alias in node.names if alias.name == "db"]
        elif isinstance(node, ast.Import):
            found += [ast.unparse(node) for alias in node.names if alias.name == "casework.db"]
    return found


def manager_uses(source: str) -> list[str]:
    """Every ``X.objects`` (or ``get_user_model().objects``) but the allowed ones."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Attribute) and node.attr == "objects":
            owner = node.value.id if isinstance(node.value, ast.Name) else ast.unparse(node.value)
            if owner not in MANAGERS_THE_PAGES_MAY_USE:
                found.append(ast.unparse(node))
    return found


def test_the_checkers_find_what_they_look_for():
    # Positive controls: each checker flags a line that breaks its rule and passes one that does not.
    assert row_writes("Client.objects.filter(pk=1).update(region='RU-MOW')") != []
    assert row_writes("reminders = Reminder.objects.all()\nreminders.select_for_update().update(x=1)") != []
    assert row_writes("client.save()") != []
    assert row_writes("context.update(title='x')\npublished.update(tables)") == []
    assert db_helper_imports("from casework.db import rows_where_in") != []
    assert db_helper_imports("from casework import db, models") != []
    assert db_helper_imports("import casework.db") != []
    assert db_helper_imports("from casework import db_role\nfrom casework.models import Client") == []
    assert manager_uses("Client.objects.filter(organisation=org)") == ["Client.objects"]
    assert manager_uses("get_user_model().objects.get(pk=1)") == ["get_user_model().objects"]
    assert manager_uses("ApiToken.objects.select_related('user')") == []


@pytest.mark.parametrize("path", python_files(), ids=relative)
def test_only_the_writers_write_or_update_rows(path):
    if relative(path).startswith(WRITERS):
        return
    assert row_writes(path.read_text()) == [], f"{relative(path)} writes rows outside casework/services"


@pytest.mark.parametrize("path", python_files(), ids=relative)
def test_only_storage_and_services_use_the_sql_helpers(path):
    if relative(path).startswith(DB_HELPER_USERS):
        return
    assert db_helper_imports(path.read_text()) == [], f"{relative(path)} uses casework/db.py"


@pytest.mark.parametrize("path", [p for p in python_files() if relative(p).startswith(PAGES)], ids=relative)
def test_pages_read_rows_only_through_selectors(path):
    assert manager_uses(path.read_text()) == [], f"{relative(path)} queries a model directly"
