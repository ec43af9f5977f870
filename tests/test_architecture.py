"""Cheap checks that keep the layering of DESIGN.md: only services write, only selectors read tenant rows."""

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
)


def python_files():
    return sorted(p for p in ROOT.rglob("*.py") if "migrations" not in p.parts)


@pytest.mark.parametrize("path", python_files(), ids=lambda p: str(p.relative_to(ROOT)))
def test_only_services_write_domain_rows(path):
    relative = str(path.relative_to(ROOT))
    if relative.startswith(WRITERS):
        return
    offending = [line for line in path.read_text().splitlines() if WRITE_CALL.search(line)]
    assert offending == [], f"{relative} writes rows outside casework/services"


@pytest.mark.parametrize("path", sorted((ROOT / "api").rglob("*.py")), ids=lambda p: p.name)
def test_api_views_read_tenant_rows_only_through_selectors(path):
    tree = ast.parse(path.read_text())
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and node.attr == "objects" and isinstance(node.value, ast.Name):
            assert node.value.id == "ApiToken", f"{path.name} queries {node.value.id} directly"
