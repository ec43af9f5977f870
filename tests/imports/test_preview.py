"""The preview, through the command and the selector: what the import would do, matched against the
organisation's clients by their blind indexes, and nothing written."""

from __future__ import annotations

import json
from io import StringIO

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.core.management import CommandError, call_command

from casework.models import Client, Event
from casework.selectors.imports import BY_DOCUMENT, BY_NAME, import_preview_for
from tests.conftest import make_client

HEADER = (
    "ФИО;Дата рождения;Номер документа;Гражданство;Пол;Регион;Вид решения;Номер решения;Дата решения;"
    "Дата получения копии решения"
)
ROWS = [
    # The client alice registered (make_client: Rustam Karimov, AB1234567), written as an office would.
    "КАРИМОВ РУСТАМ;01.05.1990;AB 1234567;Таджикистан;м;RU-MOW;administrative_expulsion;Д1;27.02.2025;27.02.2025",
    "Юсупова Малика;12.03.1994;;Узбекистан;ж;RU-MOW;;;;",
    "Rustam Karimov;01.05.1990;;TJK;M;RU-MOW;;;;",
    "Без даты;01.01.1980;;Таджикистн;м;RU-MOW;administrative_expulsion;Д2;;",
]


@pytest.fixture
def spreadsheet(tmp_path):
    path = tmp_path / "клиенты.csv"
    path.write_bytes("\r\n".join([HEADER, *ROWS]).encode("cp1251"))
    return path


@pytest.fixture
def registered(alice):
    with time_machine.travel("2025-03-01 10:00:00+03:00", tick=False):
        return make_client(alice)


def preview(org, path, *extra) -> dict:
    out = StringIO()
    with time_machine.travel("2025-03-22 10:00:00+03:00", tick=False):
        call_command("import_cases", "--org", org.slug, "--file", str(path), *extra, stdout=out)
    return json.loads(out.getvalue().splitlines()[-1])


def test_the_command_previews_and_writes_nothing(org_a, registered, spreadsheet):
    before = (Client.objects.count(), Event.objects.count())

    summary = preview(org_a, spreadsheet)

    assert (Client.objects.count(), Event.objects.count()) == before
    assert summary["rows"] == 4
    assert summary["clients_matched"] == 2  # by the document number, and by the name in Latin letters
    assert summary["clients_created"] == 1
    assert summary["events"] == 1  # Karimov's decision; the others have none, the last is refused
    assert summary["file"]["encoding"] == "cp1251" and summary["file"]["delimiter"] == ";"
    refused = [error for error in summary["errors"] if error["row"] == 5]
    assert {error["column"] for error in refused} >= {"Гражданство"}
    assert any(error.get("suggestion") == "TJK" for error in refused)


def test_the_selector_says_how_each_row_matched(org_a, registered, sam, spreadsheet):
    with time_machine.travel("2025-03-22 10:00:00+03:00", tick=False):
        result = import_preview_for(actor=sam, data=spreadsheet.read_bytes(), filename=spreadsheet.name)

    assert result.matches[2].client_id == registered.id and result.matches[2].by == BY_DOCUMENT
    assert result.matches[4].by == BY_NAME
    assert 3 not in result.matches
    karimov = result.plans[0]
    appeal = next(d for d in karimov.state.deadlines if d.rule == "koap_expulsion_appeal")
    assert appeal.status == "missed"  # due 10.03.2025: what the caseworker sees before confirming


def test_a_caseworker_cannot_import(alice, spreadsheet):
    with pytest.raises(PermissionDenied):
        import_preview_for(actor=alice, data=spreadsheet.read_bytes())


def test_another_organisations_clients_are_never_matched(org_b, registered, spreadsheet):
    assert preview(org_b, spreadsheet)["clients_matched"] == 0


def test_bad_files_get_a_reason(org_a, spreadsheet, tmp_path):
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(b"not a workbook")
    with pytest.raises(CommandError, match="neither a CSV nor an XLSX"):
        preview(org_a, bad)
    mapping = tmp_path / "mapping.json"
    mapping.write_text(json.dumps({"ФИО": "full_name", "Пол": "nonsense"}), encoding="utf-8")
    with pytest.raises(CommandError, match="nonsense"):
        preview(org_a, spreadsheet, "--mapping", str(mapping))
