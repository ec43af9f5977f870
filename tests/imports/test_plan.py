"""A spreadsheet row as the import would write it, and what derive() makes of it — nothing written: the
caseworker sees "this client's appeal period ended 12 days ago" before confirming."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from casework.derivation import official_rules, regional_calendar
from casework.imports.mapping import MappingInvalid, recognised, resolve
from casework.imports.plan import plan_sheet
from casework.imports.sheets import read_sheet

TODAY = date(2025, 3, 22)
KNOWN_AT = datetime(2025, 3, 22, 9, 0, tzinfo=UTC)
HEADER = (
    "ФИО;Дата рождения;Гражданство;Пол;Регион;Дата включения в реестр;Основание включения;"
    "Вид решения;Номер решения;Дата решения;Дата получения копии решения;Заметка"
)


def sheet(*rows: str):
    return read_sheet("\r\n".join([HEADER, *rows]).encode("cp1251"))


def plans(*rows: str):
    table = sheet(*rows)
    return plan_sheet(
        table, resolve(table.headers), today=TODAY, known_at=KNOWN_AT, calendar=regional_calendar(0, None),
        rules=official_rules(), default_timezone="Europe/Moscow",
    )  # fmt: skip


KARIMOV = (
    "Каримов Рустам;01.05.1990;Таджикистан;м;RU-MOW;10.02.2025;stay_expired;"
    "administrative_expulsion;Д1;27.02.2025;27.02.2025;пришёл в офис"
)


def test_the_template_headers_are_recognised_without_a_mapping():
    assert recognised(sheet().headers)["Дата получения копии решения"] == "decision_issued.copy_received_on"
    assert len(resolve(sheet().headers)) == 12


def test_a_row_becomes_a_client_its_events_and_the_deadline_it_missed():
    (plan,) = plans(KARIMOV)

    assert plan.accepted, plan.errors
    assert plan.client["citizenship"] == "TJK" and plan.client["sex"] == "M"
    assert [event.type for event in plan.events] == ["register_inclusion", "decision_issued", "note_added"]
    assert plan.events[2].occurred_on == TODAY  # an undated note is the import day's
    decision = plan.events[1]
    assert (decision.occurred_on, decision.data["copy_received_on"]) == (date(2025, 2, 27), "2025-02-27")
    appeal = next(d for d in plan.state.deadlines if d.rule == "koap_expulsion_appeal")
    assert appeal.due_on == date(2025, 3, 10)  # LEGAL-RULES' worked example
    assert appeal.status == "missed"
    assert (TODAY - appeal.due_on).days == 12
    assert plan.state.register.listed


def test_every_problem_of_a_row_is_named_with_its_column_and_the_row_is_left_out():
    (plan,) = plans(";32.13.1990;Таджикистн;?;RU-MOW;;;administrative_expulsion;Д1;;;")

    columns = {error.column: error for error in plan.errors}
    assert not plan.accepted and plan.events == []
    assert "Дата рождения" in columns and "No such day" in columns["Дата рождения"].message
    assert columns["Гражданство"].suggestion == "TJK"
    assert "Пол" in columns
    assert any("full_name" in error.message for error in plan.errors)  # required, and the cell is empty
    assert any("no date" in error.message for error in plan.errors)  # a decision without a date


def test_a_date_in_the_future_is_refused_by_the_catalogue_as_the_api_refuses_it():
    (plan,) = plans(KARIMOV.replace("10.02.2025", "10.02.2026"))
    assert not plan.accepted
    assert any(error.column == "Дата включения в реестр" for error in plan.errors)


def test_rows_are_numbered_as_the_spreadsheet_numbers_them():
    first, second = plans(KARIMOV, "Юсупова Малика;;;;;;;;;;;")
    assert (first.row, second.row) == (2, 3)


def test_a_mapping_names_every_problem_at_once():
    with pytest.raises(MappingInvalid) as refused:
        resolve(
            ["ФИО", "Дата"], {"ФИО": "full_name", "Дата": "decision_issued.nonsense", "Нет такой": "phone"}
        )
    assert len(refused.value.errors) == 2
