"""Reading the spreadsheets Russian offices actually produce, with maintained parsers only.

CSV: UTF-8 with or without a BOM, or cp1251 (told apart by charset-normalizer when the bytes are not UTF-8),
separated by ";" (Excel's default in a Russian locale), "," or a tab — detected from the header line, and
both can be overridden by the person importing. XLSX: openpyxl (with defusedxml installed it refuses XML
bombs and external entities), cells read by their type — a date cell is a date, a number is a number and is
never taken for a date. A header that spans columns (merged cells over a second header row) names each
column below it "Top / Sub".

Nothing here interprets a value: that is values.py's job, per column, with errors in plain words.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

import charset_normalizer
import openpyxl
from openpyxl.utils.exceptions import InvalidFileException

CSV = "csv"
XLSX = "xlsx"
DELIMITERS = (";", ",", "\t")
ENCODINGS = ("utf-8", "cp1251")
MAX_ROWS = 20_000  # far above an NGO's caseload; a bigger file is refused, not read half
MAX_COLUMNS = 200
UTF8_BOM = b"\xef\xbb\xbf"

NOT_A_SPREADSHEET = "The file is neither a CSV nor an XLSX spreadsheet."
UNREADABLE_TEXT = "The file's text could not be read as UTF-8 or Windows-1251."
NO_HEADER = "The first row must name the columns; it is empty."
TOO_MANY_ROWS = "The file has more than %(limit)d rows; split it."
TOO_MANY_COLUMNS = "The file has more than %(limit)d columns."
DUPLICATE_HEADER = "Two columns have the same name: %(name)s."


class SheetUnreadable(ValueError):
    """The file cannot be read as a table; the message says why, in words for the person importing."""


Cell = str | int | float | date | None


@dataclass(frozen=True)
class Sheet:
    format: str  # CSV or XLSX
    headers: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]  # one per data row, as long as `headers`
    encoding: str | None = None  # CSV: as read (utf-8, utf-8-sig or cp1251)
    delimiter: str | None = None  # CSV: as read
    first_data_row: int = 2  # the spreadsheet's own number of the first data row (for errors "row 7")
    sheet_name: str | None = None  # XLSX: the worksheet read (the first)
    notes: tuple[str, ...] = field(default=())

    def row_number(self, index: int) -> int:
        """The row number the person sees in their spreadsheet for data row `index` (0-based)."""
        return self.first_data_row + index

    def records(self) -> list[dict[str, Cell]]:
        return [dict(zip(self.headers, row, strict=True)) for row in self.rows]


def read_sheet(
    data: bytes, *, filename: str = "", encoding: str | None = None, delimiter: str | None = None
) -> Sheet:
    """The file as a table. XLSX by its content (a zip with a workbook), whatever it is called."""
    if _is_xlsx(data):
        return _read_xlsx(data)
    if filename.lower().endswith((".xlsx", ".xlsm")) or data.startswith(b"PK\x03\x04"):
        raise SheetUnreadable(NOT_A_SPREADSHEET)  # named or packed as a workbook, and not one (.ods, .docx…)
    return _read_csv(data, encoding=encoding, delimiter=delimiter)


def _is_xlsx(data: bytes) -> bool:
    if not data.startswith(b"PK"):
        return False
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return "xl/workbook.xml" in archive.namelist()
    except zipfile.BadZipFile:
        return False


# ---------------------------------------------------------------------------------------------------------
# CSV


def decode(data: bytes, encoding: str | None = None) -> tuple[str, str]:
    """(text, encoding used). UTF-8 (BOM or not) when the bytes are valid UTF-8, else what charset-normalizer
    finds among the two encodings offices use; a chosen encoding is used as it is."""
    if encoding:
        try:
            return data.decode(encoding), encoding
        except (LookupError, UnicodeDecodeError) as error:
            raise SheetUnreadable(UNREADABLE_TEXT) from error
    if data.startswith(UTF8_BOM):
        return data[len(UTF8_BOM) :].decode("utf-8", errors="strict"), "utf-8-sig"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    best = charset_normalizer.from_bytes(data, cp_isolation=list(ENCODINGS)).best()
    if best is None:
        raise SheetUnreadable(UNREADABLE_TEXT)
    return str(best), best.encoding.replace("_", "-")


def detect_delimiter(header_line: str) -> str:
    """The separator of the header line: the one of ";", "," and tab that splits it into most columns (";"
    first on a tie: a Russian Excel writes it, and "," may stand in a header such as "Дата, когда…")."""
    counts = {candidate: next(csv.reader([header_line], delimiter=candidate)) for candidate in DELIMITERS}
    return max(DELIMITERS, key=lambda candidate: (len(counts[candidate]), -DELIMITERS.index(candidate)))


def _read_csv(data: bytes, *, encoding: str | None, delimiter: str | None) -> Sheet:
    if b"\x00" in data[:4096]:
        raise SheetUnreadable(NOT_A_SPREADSHEET)  # UTF-16 or a binary file: no office writes CSV so
    text, used = decode(data, encoding)
    lines = text.splitlines()
    if not lines or not lines[0].strip():
        raise SheetUnreadable(NO_HEADER)
    chosen = delimiter or detect_delimiter(lines[0])
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=chosen)
    table = [row for row in reader]
    headers = _headers([cell.strip() for cell in table[0]])
    rows = []
    for raw in table[1:]:
        if not any(cell.strip() for cell in raw):
            continue  # an empty line between blocks of clients
        cells = [cell.strip() or None for cell in raw][: len(headers)]
        rows.append(tuple(cells + [None] * (len(headers) - len(cells))))
    _check_size(rows, headers)
    return Sheet(format=CSV, headers=headers, rows=tuple(rows), encoding=used, delimiter=chosen)


# ---------------------------------------------------------------------------------------------------------
# XLSX


def _read_xlsx(data: bytes) -> Sheet:
    try:
        # Not read-only: the merged ranges of the header are only known to a full workbook.
        workbook = openpyxl.load_workbook(io.BytesIO(data), data_only=True, read_only=False)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, ValueError, OSError) as error:
        raise SheetUnreadable(NOT_A_SPREADSHEET) from error
    sheet = workbook.worksheets[0]
    values = [[_cell(cell) for cell in row] for row in sheet.iter_rows()]
    if not values or not any(value is not None for value in values[0]):
        raise SheetUnreadable(NO_HEADER)
    header_rows, headers = _xlsx_headers(sheet, values)
    rows = []
    for raw in values[header_rows:]:
        cells = list(raw[: len(headers)]) + [None] * max(0, len(headers) - len(raw))
        if all(value is None for value in cells):
            continue
        rows.append(tuple(cells))
    _check_size(rows, headers)
    return Sheet(
        format=XLSX, headers=headers, rows=tuple(rows), first_data_row=header_rows + 1, sheet_name=sheet.title
    )


def _cell(cell: Any) -> Cell:
    value = cell.value
    if isinstance(value, datetime):
        return value.date()  # a date cell (openpyxl reads every date format as a datetime)
    if isinstance(value, str):
        return value.strip() or None
    if isinstance(value, bool):
        return "да" if value else "нет"
    if isinstance(value, int | float | date):
        return value
    return None if value is None else str(value)


def _xlsx_headers(sheet: Any, values: list[list[Cell]]) -> tuple[int, tuple[str, ...]]:
    """(how many header rows, the column names). One header row, unless the first row has a cell merged
    across columns: then the second row names the columns under it ("Постановление / Дата")."""
    top = [str(value) if value is not None else "" for value in values[0]]
    spans = [
        merged
        for merged in sheet.merged_cells.ranges
        if merged.min_row == 1 and merged.max_col > merged.min_col
    ]
    if not spans or len(values) < 2:
        return 1, _headers(top)
    under = [str(value) if value is not None else "" for value in values[1]] + [""] * len(top)
    names = list(top)
    for merged in spans:
        group = top[merged.min_col - 1]
        for column in range(merged.min_col, merged.max_col + 1):
            sub = under[column - 1]
            names[column - 1] = f"{group} / {sub}" if sub else group
    return 2, _headers(names)


def _headers(names: Sequence[str]) -> tuple[str, ...]:
    while names and not names[-1]:
        names = names[:-1]  # trailing empty columns a spreadsheet keeps
    if not names:
        raise SheetUnreadable(NO_HEADER)
    if len(names) > MAX_COLUMNS:
        raise SheetUnreadable(TOO_MANY_COLUMNS % {"limit": MAX_COLUMNS})
    named = [name.strip() or f"#{index + 1}" for index, name in enumerate(names)]
    seen: set[str] = set()
    for name in named:
        if name in seen:
            raise SheetUnreadable(DUPLICATE_HEADER % {"name": name})
        seen.add(name)
    return tuple(named)


def _check_size(rows: Sequence[Any], headers: Sequence[str]) -> None:
    if len(rows) > MAX_ROWS:
        raise SheetUnreadable(TOO_MANY_ROWS % {"limit": MAX_ROWS})
