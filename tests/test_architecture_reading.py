"""One door for personal data (DESIGN.md, issue 15 part 3): outside the crypto and storage core only
casework/services/reading.py opens a client's personal data, and it records the read in the same call."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent / "casework"

# What opens a client's personal data or its key — or, for as_recorded, reads a stored event past the door
# (the door hands out the upcast view together with the opened secret) — and recording reads, which
# belongs with the opening.
OPENERS = frozenset(
    {"open_personal", "open_event_secret", "as_recorded", "data_key_of", "unwrap_data_key", "decrypt_text"}
)
RECORDERS = frozenset({"read_record", "list_read_record"})  # defined in services/audit.py, called by the door
CORE_MODULES = ("personal", "crypto", "eventstore")

# The crypto and storage core, where these are defined: it may use them all.
CORE = {
    "crypto.py": "the envelope encryption itself",
    "personal.py": "seals and opens the encrypted columns of Client and Event",
    "eventstore.py": "the store's own upcast of its rows on read",
}
# Everything else that may, module (relative to casework/) -> (the names it may use, why).
ALLOWED: dict[str, tuple[frozenset[str], str]] = {
    "services/reading.py": (OPENERS | RECORDERS, "the door: opens and records the read in one call"),
    "services/events.py": (
        frozenset({"data_key_of"}),
        "the append path seals a new event's secret under the client's key and keys the idempotency "
        "fingerprint with it; nothing is opened or shown",
    ),
    "services/documents.py": (
        frozenset({"data_key_of"}),
        "an upload, a new version and a retraction seal the content, name, description and reason under the "
        "client's key; nothing is opened or shown",
    ),
    "services/keys.py": (
        frozenset({"data_key_of", "open_personal"}),
        "master-key rotation re-wraps the data key and opens the personal data only to seal it again and "
        "rebuild the blind indexes; nothing leaves the function, and no person reads it",
    ),
}


def uses(source: str) -> set[str]:
    """The opening and recording names a module's source refers to: called, passed on or imported."""
    found: set[str] = set()
    watched = OPENERS | RECORDERS
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Name) and node.id in watched:
            found.add(node.id)
        elif isinstance(node, ast.Attribute):
            if node.attr in watched:
                found.add(node.attr)
            elif node.attr.startswith("open_") and _names_core_module(node.value):
                found.add(node.attr)  # personal.open_whatever, however it is spelled
        elif isinstance(node, ast.ImportFrom) and node.module:
            module = node.module.removeprefix("casework.")
            for alias in node.names:
                if alias.name in watched or (module in CORE_MODULES and alias.name.startswith("open_")):
                    found.add(alias.name)
    return found


def _names_core_module(node: ast.expr) -> bool:
    if isinstance(node, ast.Name):
        return node.id in CORE_MODULES
    return isinstance(node, ast.Attribute) and node.attr in CORE_MODULES


def modules() -> list[Path]:
    return sorted(path for path in ROOT.rglob("*.py") if "migrations" not in path.parts)


@pytest.mark.parametrize("path", modules(), ids=lambda path: str(path.relative_to(ROOT)))
def test_only_the_reading_door_opens_personal_data(path):
    relative = path.relative_to(ROOT).as_posix()
    if relative in CORE:
        return
    allowed, _reason = ALLOWED.get(relative, (frozenset(), ""))

    outside = uses(path.read_text()) - allowed

    assert not outside, (
        f"casework/{relative} uses {sorted(outside)}: read through casework/services/reading.py"
    )


def test_every_exception_still_exists_and_is_needed():
    for relative, (allowed, reason) in ALLOWED.items():
        assert reason
        assert uses((ROOT / relative).read_text()) & allowed, f"{relative} no longer needs its exception"


@pytest.mark.parametrize(
    "source",
    [
        "from casework import personal\npersonal.open_personal(client)\n",
        "from casework.personal import open_event_secret\n",
        "import casework.personal\ncasework.personal.open_anything_new(client)\n",
        "from casework.eventstore import as_recorded\n",
        "from casework.services.audit import read_record\n",
        "key = data_key_of(client)\n",
    ],
)
def test_the_checker_flags_a_module_that_opens_personal_data(source):
    assert uses(source)


def test_the_checker_lets_a_view_use_the_door():
    source = "from casework.services import reading\nreading.client_open(actor=a, client=c, channel='web')\n"

    assert uses(source) == set()
