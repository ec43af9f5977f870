"""Arrows point down: reminders, exports, the domain, wording and template filters never import casework.web.

Wording is the one home for texts (casework/wording/); a module that needs a label or a sentence imports it
from there, not from the pages.
"""

from __future__ import annotations

import ast
from pathlib import Path

CASEWORK = Path(__file__).resolve().parent.parent / "casework"
BELOW_WEB = ("reminders", "exports", "domain", "wording", "templatetags")
FORBIDDEN = "casework.web"


def web_imports(source: str) -> list[str]:
    """The casework.web modules a source imports: ``import casework.web.x``, ``from casework.web import x``,
    ``from casework import web``."""
    found: list[str] = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [alias.name for alias in node.names if _is_web(alias.name)]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if _is_web(node.module):
                found.append(node.module)
            elif node.module == "casework":
                found += [f"casework.{alias.name}" for alias in node.names if alias.name == "web"]
    return found


def _is_web(module: str) -> bool:
    return module == FORBIDDEN or module.startswith(FORBIDDEN + ".")


def test_the_checker_flags_every_way_of_importing_web():
    source = (
        "import casework.web.client_page\n"
        "from casework.web.event_forms import CHOICE_LABELS\n"
        "from casework import web\n"
        "def later():\n"
        "    from casework.web import explanations\n"
    )
    assert web_imports(source) == [
        "casework.web.client_page",
        "casework.web.event_forms",
        "casework.web",
        "casework.web",
    ]


def test_the_checker_leaves_lookalikes_alone():
    assert web_imports("import casework.webhooks\nfrom casework.wording.labels import CHOICE_LABELS\n") == []


def test_it_finds_no_web_import_below_the_pages():
    offenders = {
        str(path.relative_to(CASEWORK.parent)): imported
        for package in BELOW_WEB
        for path in sorted((CASEWORK / package).rglob("*.py"))
        if (imported := web_imports(path.read_text(encoding="utf-8")))
    }
    assert offenders == {}
    assert all((CASEWORK / package).is_dir() for package in BELOW_WEB)  # a renamed package must not pass
