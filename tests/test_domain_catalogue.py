"""casework/wording/domain_catalogue.py: the domain's constant strings, generated for makemessages."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from casework.domain import messages
from casework.domain.catalogue import EVENT_TYPES
from casework.domain.restrictions import RESTRICTION_RULES
from casework.management.commands import domain_catalogue
from casework.wording import domain_catalogue as committed


def generated() -> str:
    out = StringIO()
    call_command("domain_catalogue", stdout=out)
    return out.getvalue()


def test_the_committed_module_is_the_generated_one():
    assert domain_catalogue.MODULE.read_text(encoding="utf-8") == generated(), (
        "casework/wording/domain_catalogue.py is out of date: run `make messages`"
    )


def test_check_passes_on_the_committed_module():
    out = StringIO()
    call_command("domain_catalogue", "--check", stdout=out)
    assert "up to date" in out.getvalue()


def test_check_fails_when_the_module_is_stale(tmp_path, monkeypatch):
    stale = tmp_path / "domain_catalogue.py"
    stale.write_text(generated().replace('gettext_noop("Decision issued"),\n', ""), encoding="utf-8")
    monkeypatch.setattr(domain_catalogue, "MODULE", stale)

    with pytest.raises(CommandError, match="out of date"):
        call_command("domain_catalogue", "--check", stdout=StringIO())


def test_it_lists_every_constant_domain_string_once_and_no_formatted_one():
    listed = [*committed.EVENT_TYPES, *committed.MESSAGES, *committed.RESTRICTIONS]
    expected = {
        *(text for event_type in EVENT_TYPES.values() for text in (event_type.label, event_type.help)),
        *(
            text
            for event_type in EVENT_TYPES.values()
            for spec in event_type.fields.values()
            for text in (spec.label, spec.help)
        ),
        *(value for name, value in vars(messages).items() if name.isupper() and "{" not in value),
        *(rule.description for rule in RESTRICTION_RULES),
    } - {""}

    assert len(listed) == len(set(listed))
    assert set(listed) == expected
    assert messages.INVALID_CHOICE not in listed  # formatted: cannot be looked up after formatting
    assert "Included in the register of controlled persons" in committed.EVENT_TYPES
    assert messages.TARGET_ALREADY_RETRACTED in committed.MESSAGES
    assert "Marriage prohibited" in committed.RESTRICTIONS
