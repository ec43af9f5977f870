"""An export as JSON, as CSV, and as the rows of a bar chart. What a table publishes and nothing else.

Suppressed figures are marked, never zero-filled: ``{"value": null, "suppressed": true}`` in JSON,
``suppressed`` in CSV. Why a figure was hidden is in the internal disclosure report only, which is not part
of a download unless asked for: "primary" would tell a reader which hidden cells hold 1 to k−1 people.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext

from casework.domain.formatting import format_instant
from casework.exports import labels
from casework.exports.disclosure import Cell
from casework.services.exports import Export

SUPPRESSED = "suppressed"
CSV_CONTENT_TYPE = "text/csv; charset=utf-8"


def _cell(cell: Cell) -> dict[str, Any]:
    return {"value": cell.value, "suppressed": cell.suppressed}


def _labels(export: Export, dimension: str | None, codes: tuple[str, ...]) -> list[dict[str, str]]:
    return [{"code": code, "label": labels.category(dimension, code, export.definition)} for code in codes]


def metadata(export: Export) -> dict[str, Any]:
    definition, rules = export.definition, export.table.rules
    return {
        "table": definition.id,
        "version": definition.version,
        "title": labels.title(definition),
        "description": labels.description(definition),
        "unit": definition.unit,
        "period": export.period.label,
        "provisional": export.provisional,
        "scope": export.scope,
        "organisation": export.organisation.slug if export.organisation is not None else None,
        "disclosure_control": {
            "k": rules.k,
            "rounding_base": rules.rounding_base,
            "population_floor": rules.population_floor,
        },
        "snapshot": format_instant(export.snapshot),
        "generated_at": format_instant(export.generated_at),
    }


def as_json(export: Export, *, report: bool = False) -> dict[str, Any]:
    table, definition = export.table, export.definition
    body = {
        **metadata(export),
        "withheld": table.withheld,
        "rows": {"dimension": definition.rows, "labels": _labels(export, definition.rows, table.row_labels)},
        "columns": {
            "dimension": definition.columns,
            "labels": _labels(export, definition.columns, table.column_labels),
        },
        "cells": [[_cell(cell) for cell in row] for row in table.cells],
        "row_totals": [_cell(cell) for cell in table.row_totals],
        "column_totals": [_cell(cell) for cell in table.column_totals],
        "total": _cell(table.grand_total),
    }
    if report:
        body["disclosure_report"] = disclosure_report(export)
    return body


def disclosure_report(export: Export) -> list[dict[str, str | None]]:
    """Internal: which figure which rule hid. For the organisation's analysts, never for publication."""
    return [{"row": note.row, "column": note.column, "rule": note.reason} for note in export.table.report]


def _shown(cell: Cell) -> str:
    return SUPPRESSED if cell.suppressed else str(cell.value)


def as_csv(export: Export) -> str:
    """Metadata as "# " lines (pandas: comment="#"), then the table with its totals, labels readable."""
    table, definition = export.table, export.definition
    out = io.StringIO()
    for key, value in metadata(export).items():
        if isinstance(value, dict):
            value = ", ".join(f"{name}={item}" for name, item in value.items())
        out.write(f"# {key}: {'' if value is None else value}\n")
    legend = gettext("hidden to protect the people counted; never a zero")
    out.write(f"# {SUPPRESSED}: {legend}\n")
    writer = csv.writer(out, lineterminator="\n")
    total = gettext("Total")
    writer.writerow(
        [
            labels.dimension_title(definition.rows, definition),
            *(labels.category(definition.columns, code, definition) for code in table.column_labels),
            total,
        ]
    )
    for code, cells, row_total in zip(table.row_labels, table.cells, table.row_totals, strict=True):
        writer.writerow(
            [labels.category(definition.rows, code, definition), *map(_shown, cells), _shown(row_total)]
        )
    writer.writerow([total, *map(_shown, table.column_totals), _shown(table.grand_total)])
    return out.getvalue()


@dataclass(frozen=True)
class Bar:
    label: str
    value: int | None  # None: suppressed
    share: float  # of the largest published value, 0..1


def chart_bars(export: Export) -> list[Bar]:
    """One bar per row: its published total. Suppressed totals get no bar, and say so."""
    table, definition = export.table, export.definition
    values = [cell.value for cell in table.row_totals if cell.value is not None]
    largest = max(values, default=0) or 1
    return [
        Bar(
            label=labels.category(definition.rows, code, definition),
            value=cell.value,
            share=(cell.value or 0) / largest,
        )
        for code, cell in zip(table.row_labels, table.row_totals, strict=True)
    ]
