"""The Russian catalogue is complete, compiled from its current .po, and actually used by the pages."""

from __future__ import annotations

import ast
import gettext
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django.utils import translation

from casework.domain.catalogue import EVENT_TYPES
from casework.domain.restrictions import RESTRICTION_RULES
from casework.wording import domain_catalogue

LC_MESSAGES = Path(__file__).resolve().parent.parent / "casework" / "locale" / "ru" / "LC_MESSAGES"
PO = LC_MESSAGES / "django.po"
MO = LC_MESSAGES / "django.mo"
PLURAL_FORMS = (
    "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);"
)
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|\{\w*\}")


def po_entries() -> list[dict]:
    """A tiny .po reader: each entry's flags, msgctxt, msgid, msgid_plural and msgstr (by index; None = plain)."""
    entries: list[dict] = []
    entry: dict | None = None
    last: tuple[str, int | None] | None = None
    for line in [*PO.read_text(encoding="utf-8").splitlines(), ""]:
        if not line.strip():
            if entry is not None:
                entries.append(entry)
            entry, last = None, None
            continue
        if entry is None:
            entry = {"flags": set(), "msgctxt": None, "msgid": "", "msgid_plural": None, "msgstr": {}}
        if line.startswith("#~"):
            raise AssertionError(f"obsolete entry left in the .po: {line}")
        if line.startswith("#,"):
            entry["flags"].update(flag.strip() for flag in line[2:].split(","))
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            assert last is not None, line
            field, index = last
            if field == "msgstr":
                entry["msgstr"][index] += ast.literal_eval(line)
            else:
                entry[field] += ast.literal_eval(line)
        else:
            keyword, _, value = line.partition(" ")
            found = re.fullmatch(r"msgstr(?:\[(\d+)\])?", keyword)
            if found:
                index = int(found.group(1)) if found.group(1) is not None else None
                entry["msgstr"][index] = ast.literal_eval(value)
                last = ("msgstr", index)
            else:
                assert keyword in ("msgctxt", "msgid", "msgid_plural"), line
                entry[keyword] = ast.literal_eval(value)
                last = (keyword, None)
    return entries


ENTRIES = po_entries()
HEADER, MESSAGES = ENTRIES[0], ENTRIES[1:]


def entry_id(entry: dict) -> str:
    return f"{entry['msgctxt']}|{entry['msgid']}" if entry["msgctxt"] else entry["msgid"]


def test_the_header_is_russian_utf8_with_three_plural_forms():
    assert HEADER["msgid"] == ""
    assert "fuzzy" not in HEADER["flags"]
    header = dict(line.split(": ", 1) for line in HEADER["msgstr"][None].splitlines() if line)
    assert header["Language"] == "ru"
    assert header["Content-Type"] == "text/plain; charset=UTF-8"
    assert header["Plural-Forms"] == PLURAL_FORMS


def test_the_catalogue_is_not_empty():
    assert len(MESSAGES) > 400


@pytest.mark.parametrize("entry", MESSAGES, ids=entry_id)
def test_every_entry_is_translated_and_keeps_its_placeholders(entry):
    assert "fuzzy" not in entry["flags"]
    if entry["msgid_plural"] is None:
        assert set(entry["msgstr"]) == {None}
    else:
        assert set(entry["msgstr"]) == {0, 1, 2}, "Russian has three plural forms"
    for index, text in entry["msgstr"].items():
        assert text.strip(), f"msgstr[{index}] is empty"
        source = entry["msgid"] if index in (None, 0) else entry["msgid_plural"]
        assert sorted(PLACEHOLDER.findall(text)) == sorted(PLACEHOLDER.findall(source))


def test_the_domain_strings_are_in_the_catalogue():
    msgids = {entry["msgid"] for entry in MESSAGES}
    listed = {*domain_catalogue.EVENT_TYPES, *domain_catalogue.MESSAGES, *domain_catalogue.RESTRICTIONS}

    assert listed - msgids == set(), "run `make messages`"


def test_the_mo_holds_exactly_the_po():
    with MO.open("rb") as compiled:
        catalogue = gettext.GNUTranslations(compiled)
    for entry in MESSAGES:
        context = entry["msgctxt"]
        if entry["msgid_plural"] is None:
            found = (
                catalogue.pgettext(context, entry["msgid"]) if context else catalogue.gettext(entry["msgid"])
            )
            assert found == entry["msgstr"][None], entry["msgid"]
        else:
            for n, index in ((1, 0), (3, 1), (5, 2), (21, 0), (22, 1), (11, 2)):
                found = catalogue.ngettext(entry["msgid"], entry["msgid_plural"], n)
                assert found == entry["msgstr"][index], (entry["msgid"], n)


def test_the_mo_is_compiled_from_the_current_po(tmp_path):
    msgfmt = shutil.which("msgfmt")
    if msgfmt is None:
        pytest.skip("GNU msgfmt is not installed; the .mo is still checked entry by entry above")
    fresh = tmp_path / "django.mo"
    # The way `manage.py compilemessages` runs it.
    subprocess.run([msgfmt, "--check-format", "-o", str(fresh), str(PO)], check=True)
    assert fresh.read_bytes() == MO.read_bytes(), "django.mo is stale: run `make messages`"


def test_the_domain_is_translated_at_runtime():
    with translation.override("ru"):
        assert (
            translation.gettext(EVENT_TYPES["register_inclusion"].label)
            == "Включён в реестр контролируемых лиц"
        )
        assert translation.gettext(EVENT_TYPES["decision_issued"].label) == "Вынесено решение"
        assert all(translation.gettext(rule.description) != rule.description for rule in RESTRICTION_RULES)


def test_the_login_page_is_in_russian(client, db):
    html = client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="ru").content.decode()

    assert '<html lang="ru">' in html
    assert "Войти" in html
    assert "Имя пользователя" in html
    assert "Log in" not in html
