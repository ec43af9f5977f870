"""casework/domain is pure: no Django, no DRF, nothing from the rest of casework, no third-party packages."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import casework.domain

DOMAIN = Path(casework.domain.__file__).parent


def _imported_modules(path: Path) -> set[str]:
    modules = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            modules.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            modules.add(node.module)
    return modules


def test_it_imports_nothing_from_django() -> None:
    offenders = {
        (path.name, module)
        for path in DOMAIN.rglob("*.py")
        for module in _imported_modules(path)
        if module.split(".")[0] in ("django", "rest_framework")
    }
    assert offenders == set()


def test_it_imports_only_the_standard_library_and_itself() -> None:
    offenders = set()
    for path in DOMAIN.rglob("*.py"):
        for module in _imported_modules(path):
            top = module.split(".")[0]
            if (module.startswith("casework.") and not module.startswith("casework.domain")) or (
                top not in sys.stdlib_module_names and top not in ("__future__", "casework")
            ):
                offenders.add((path.name, module))
    assert offenders == set()


def test_it_finds_the_domain_modules_it_scans() -> None:
    assert {"events.py", "calendar.py", "periods.py", "rules.py", "derive.py", "state.py"} <= {
        path.name for path in DOMAIN.glob("*.py")
    }
