"""Reading what offices produce: cp1251 with ";", UTF-8 with and without BOM and ",", XLSX with date cells,
numbers that stay numbers and a header merged over two columns."""

from __future__ import annotations

import io
from datetime import date, datetime

import openpyxl
import pytest

from casework.imports.sheets import CSV, XLSX, SheetUnreadable, detect_delimiter, read_sheet

HEADER = "ФИО;Гражданство;Дата включения;Основание"
ROWS = ["Каримов Рустам;Таджикистан;10.02.2025;истёк срок пребывания", "Юсупова Малика;UZB;2025-02-12;"]


def cp1251_csv() -> bytes:
    return "\r\n".join([HEADER, *ROWS, ""]).encode("cp1251")


def test_it_reads_a_cp1251_semicolon_csv_as_excel_writes_it_in_russia():
    sheet = read_sheet(cp1251_csv(), filename="клиенты.csv")

    assert (sheet.format, sheet.encoding, sheet.delimiter) == (CSV, "cp1251", ";")
    assert sheet.headers == ("ФИО", "Гражданство", "Дата включения", "Основание")
    assert sheet.rows[0] == ("Каримов Рустам", "Таджикистан", "10.02.2025", "истёк срок пребывания")
    assert sheet.rows[1][3] is None  # an empty cell is None, not ""
    assert sheet.row_number(1) == 3


@pytest.mark.parametrize("bom", [b"", b"\xef\xbb\xbf"])
def test_it_reads_utf8_with_or_without_a_bom_and_commas(bom):
    text = "ФИО,Гражданство\nКаримов Рустам,TJK\n"
    sheet = read_sheet(bom + text.encode("utf-8"))

    assert sheet.encoding == ("utf-8-sig" if bom else "utf-8")
    assert sheet.delimiter == ","
    assert sheet.headers == ("ФИО", "Гражданство")  # no BOM glued to the first header


def test_the_person_importing_can_override_what_was_detected():
    data = b"a;b,c\n1;2,3\n"
    assert read_sheet(data).delimiter == ";"
    assert read_sheet(data, delimiter=",").headers == ("a;b", "c")


@pytest.mark.parametrize(
    ("line", "expected"),
    [("a;b;c", ";"), ("a,b,c", ","), ("a\tb\tc", "\t"), ("Дата, когда включён;ФИО", ";"), ("one", ";")],
)
def test_the_delimiter_is_the_one_that_splits_the_header_most(line, expected):
    assert detect_delimiter(line) == expected


def test_blank_lines_are_skipped_and_short_rows_padded():
    sheet = read_sheet(b"a;b;c\n\n1;2\n;;\n")
    assert sheet.rows == (("1", "2", None),)


@pytest.mark.parametrize(
    "data", [b"", b"\n\n", b"a;a\n1;2\n", b"\x00\x01\x02binary", b"PK\x03\x04not really a zip"]
)
def test_what_is_not_a_table_is_refused_with_a_reason(data):
    with pytest.raises(SheetUnreadable):
        read_sheet(data)


def workbook_bytes() -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Клиенты"
    sheet.append(["ФИО", "Постановление", None, None, "Номер дела"])
    sheet.append([None, "№", "Дата", "Дата получения", None])
    sheet.merge_cells("B1:D1")
    sheet.merge_cells("A1:A2")
    sheet.append(["Каримов Рустам", "5-123/2025", datetime(2025, 2, 27), date(2025, 2, 27), 4512])
    sheet.append([None, None, None, None, None])
    sheet.append(["Юсупова Малика", "5-124/2025", 45715, None, 4513.0])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_it_reads_an_xlsx_by_cell_type_with_a_header_merged_over_two_rows():
    sheet = read_sheet(workbook_bytes(), filename="export.xlsx")

    assert (sheet.format, sheet.sheet_name, sheet.first_data_row) == (XLSX, "Клиенты", 3)
    assert sheet.headers == (
        "ФИО",
        "Постановление / №",
        "Постановление / Дата",
        "Постановление / Дата получения",
        "Номер дела",
    )
    first, second = sheet.rows
    assert first[2] == date(2025, 2, 27) and first[3] == date(2025, 2, 27)  # date cells are dates
    assert second[2] == 45715  # a number cell stays a number: never guessed to be 27.02.2025
    assert first[4] == 4512
    assert sheet.row_number(1) == 4  # the blank spreadsheet row between them was skipped, not counted


def test_an_xlsx_is_known_by_its_content_not_its_name():
    assert read_sheet(workbook_bytes(), filename="clients.csv").format == XLSX
    with pytest.raises(SheetUnreadable):
        read_sheet(cp1251_csv(), filename="clients.xlsx")
