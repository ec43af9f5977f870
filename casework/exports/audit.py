"""The last check before publishing: can any hidden figure be worked out exactly from everything published?

A reader may add and subtract every line of every table, and use what tables have in common: two tables of
the same people share their margins, and a pooled table is the sum of the organisations' tables. Each of
these is a linear equation in the hidden figures. A hidden figure is given away when the equations pin it
down whatever the other hidden figures are: when its unit vector lies in the row space of the system. The
check is exact linear algebra over the integers modulo a large prime (the coefficients are small integers,
so a false "not determined" would need the prime to divide a minor: it does not happen at this size). Pure.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from casework.exports.disclosure import Cell, Figure, PublishedTable

PRIME = 2**61 - 1
# (coefficient, index of the table in the audit, figure): a relation says that the terms add up to 0.
Term = tuple[int, int, Figure]
Relation = Sequence[Term]


def figures(table: PublishedTable) -> Iterator[tuple[Figure, Cell]]:
    """Every figure of the table by its labels, cells first, then row totals, column totals, grand total."""
    for row, cells in zip(table.row_labels, table.cells, strict=True):
        for column, cell in zip(table.column_labels, cells, strict=True):
            yield (row, column), cell
    for row, cell in zip(table.row_labels, table.row_totals, strict=True):
        yield (row, None), cell
    for column, cell in zip(table.column_labels, table.column_totals, strict=True):
        yield (None, column), cell
    yield (None, None), table.grand_total


def line_relations(index: int, table: PublishedTable) -> Iterator[list[Term]]:
    """Each row and column, the totals row and column included, adds up to its total."""
    rows: list[str | None] = [*table.row_labels, None]
    columns: list[str | None] = [*table.column_labels, None]
    for row in rows:
        yield [*((1, index, (row, column)) for column in table.column_labels), (-1, index, (row, None))]
    for column in columns:
        yield [*((1, index, (row, column)) for row in table.row_labels), (-1, index, (None, column))]


def determined(
    tables: Sequence[PublishedTable], relations: Sequence[Relation] = ()
) -> set[tuple[int, Figure]]:
    """Hidden figures, as (table index, figure), that the lines of ``tables`` and ``relations`` give away."""
    hidden = {
        (index, figure)
        for index, table in enumerate(tables)
        for figure, cell in figures(table)
        if cell.suppressed
    }
    if not hidden:
        return set()
    unknowns = sorted(hidden, key=lambda unknown: (unknown[0], _sortable(unknown[1])))
    column_of = {unknown: number for number, unknown in enumerate(unknowns)}
    equations: list[dict[int, int]] = []
    all_relations = [
        relation for index, table in enumerate(tables) for relation in line_relations(index, table)
    ]
    for relation in [*all_relations, *relations]:
        equation: dict[int, int] = {}
        for coefficient, index, figure in relation:
            column = column_of.get((index, figure))
            if column is not None:  # a published figure is a known number: it moves to the other side
                equation[column] = (equation.get(column, 0) + coefficient) % PRIME
        equation = {column: value for column, value in equation.items() if value}
        if equation:
            equations.append(equation)
    pivots = _reduce(equations)
    return {
        unknowns[column]
        for column, row in pivots.items()
        if len(row) == 1  # in reduced form, a pivot row with no free column in it fixes its unknown
    }


def _sortable(figure: Figure) -> tuple[tuple[bool, str], tuple[bool, str]]:
    return tuple((part is None, part or "") for part in figure)  # type: ignore[return-value]


def _reduce(equations: list[dict[int, int]]) -> dict[int, dict[int, int]]:
    """Reduced row echelon form of sparse rows modulo PRIME; returns {pivot column: its reduced row}."""
    pivots: dict[int, dict[int, int]] = {}
    for equation in equations:
        row = dict(equation)
        for column, pivot_row in pivots.items():  # eliminate the known pivots from the new row
            if column in row:
                row = _combine(row, pivot_row, row[column])
        if not row:
            continue
        column = min(row)
        inverse = pow(row[column], PRIME - 2, PRIME)
        row = {c: value * inverse % PRIME for c, value in row.items()}
        for other_column, other_row in list(pivots.items()):  # and the new pivot from the known rows
            if column in other_row:
                pivots[other_column] = _combine(other_row, row, other_row[column])
        pivots[column] = row
    return pivots


def _combine(row: dict[int, int], pivot_row: dict[int, int], factor: int) -> dict[int, int]:
    """row - factor * pivot_row, dropping zeros."""
    result = dict(row)
    for column, value in pivot_row.items():
        updated = (result.get(column, 0) - factor * value) % PRIME
        if updated:
            result[column] = updated
        else:
            result.pop(column, None)
    return result
