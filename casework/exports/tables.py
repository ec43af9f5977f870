"""From counted raw values to the true count table of one definition: labels, folding, margins. Pure."""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Mapping
from dataclasses import dataclass

from casework.exports.counting import PopulationCounts
from casework.exports.definitions import COUNT, TableDefinition
from casework.exports.dimensions import (
    ALLOWED,
    OTHER,
    UNKNOWN,
    citizenship_groups,
    citizenship_labels,
)
from casework.exports.disclosure import CountTable

CITIZENSHIP = "citizenship_group"


@dataclass(frozen=True)
class Period:
    """A calendar year: the only period a table is published for, so that no two periods of one table
    overlap (a quarter published on its own beside the year's table would be a second, differing count
    of the same people). Quarters are rows within it."""

    year: int

    @property
    def label(self) -> str:
        return str(self.year)


def raw_columns(definitions: Collection[TableDefinition]) -> tuple[str, ...]:
    """Every raw column the tables of one population need, so one statement counts them all."""
    return tuple(sorted({ALLOWED[name].raw for definition in definitions for name in definition.dimensions}))


def scoped(counts: PopulationCounts, organisations: Collection[int] | None) -> PopulationCounts:
    if organisations is None:
        return counts
    return PopulationCounts(counts.columns, tuple(row for row in counts.rows if row[0] in organisations))


def groups_for(counts: PopulationCounts, floor: int) -> dict[str, str]:
    """The citizenship groups of a population: decided on its whole count, so every table of it agrees."""
    if "citizenship" not in counts.columns:
        return {}
    at = counts.columns.index("citizenship")
    people: Counter[str] = Counter()
    for _, values, count in counts.rows:
        people[str(values[at] or "")] += count
    return citizenship_groups(people, floor)


def count_table(
    definition: TableDefinition, counts: PopulationCounts, period: Period, groups: Mapping[str, str]
) -> CountTable:
    row_labels = _labels(definition.rows, period, groups)
    column_labels = _labels(definition.columns, period, groups) if definition.columns else (COUNT,)
    cells: Counter[tuple[str, str]] = Counter()
    for _, values, count in counts.rows:
        raw = dict(zip(counts.columns, values, strict=True))
        row = _label_of(definition.rows, raw, period, groups, row_labels)
        column = (
            _label_of(definition.columns, raw, period, groups, column_labels) if definition.columns else COUNT
        )
        cells[(row, column)] += count
    return CountTable(
        row_labels=row_labels,
        column_labels=column_labels,
        cells=tuple(tuple(cells[(row, column)] for column in column_labels) for row in row_labels),
        sensitive_columns=definition.sensitive & frozenset(column_labels),
    )


def _labels(name: str, period: Period, groups: Mapping[str, str]) -> tuple[str, ...]:
    dimension = ALLOWED[name]
    if dimension.labels is None:  # citizenship groups come from the population's own counts
        return citizenship_labels(groups) or (OTHER,)  # nobody at all: one empty group, not no column
    return dimension.labels(period.year)


def _label_of(
    name: str, raw: Mapping[str, object], period: Period, groups: Mapping[str, str], labels: tuple[str, ...]
) -> str:
    dimension = ALLOWED[name]
    value = raw[dimension.raw]
    label = groups[str(value or "")] if name == CITIZENSHIP else dimension.label_of(value, period.year)
    if label in labels:
        return label
    if UNKNOWN in labels:
        return UNKNOWN  # a code the dimension does not list (a ground newer than the definitions)
    raise ValueError(f"{name}: a value outside the dimension's labels")  # never a value: it may be data
