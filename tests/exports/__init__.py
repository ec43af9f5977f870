"""What a reader can work out from published tables, for the disclosure tests.

The reader is given the worst case: every published figure at its true, unrounded value.
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction

from casework.exports.disclosure import Cell, CountTable, PublishedTable

Position = tuple[int, int]


def true_grid(table: CountTable) -> list[list[int]]:
    """The counts with their margins: row totals as a last column, column totals as a last row."""
    grid = [[*row, sum(row)] for row in table.cells]
    grid.append([sum(column) for column in zip(*grid, strict=True)])
    return grid


def published_grid(published: PublishedTable) -> list[list[Cell]]:
    grid = [[*cells, total] for cells, total in zip(published.cells, published.row_totals, strict=True)]
    grid.append([*published.column_totals, published.grand_total])
    return grid


def lines(height: int, width: int) -> list[list[Position]]:
    """Every row and column of a grid with margins, each with its total last."""
    rows = [[(row, column) for column in range(width)] for row in range(height)]
    columns = [[(row, column) for row in range(height)] for column in range(width)]
    return rows + columns


def line_leaks(table: CountTable, published: PublishedTable, k: int) -> list[str]:
    """Lines whose suppressed figures a reader gets back by subtracting within the line."""
    values, cells = true_grid(table), published_grid(published)
    leaks = []
    for line in lines(len(values), len(values[0])):
        *parts, total = line
        hidden = [position for position in parts if cells[position[0]][position[1]].suppressed]
        total_hidden = cells[total[0]][total[1]].suppressed
        if total_hidden and not hidden:
            leaks.append(f"{line}: the hidden total is the sum of the published parts")
        if not total_hidden and len(hidden) == 1:
            leaks.append(f"{line}: {hidden[0]} is the total minus the published parts")
        if not total_hidden and hidden and sum(values[r][c] for r, c in hidden) < k:
            leaks.append(f"{line}: the hidden parts add up to fewer than {k}")
    return leaks


def derivable(
    tables: list[tuple[CountTable, PublishedTable]],
    shared: Sequence[tuple[tuple[int, Position], tuple[int, Position]]] = (),
    relations: Sequence[Sequence[tuple[int, tuple[int, Position]]]] = (),
) -> set[tuple[int, Position]]:
    """Suppressed figures that some combination of published figures pins down exactly.

    Every line of every table is an equation (parts minus total is zero); `shared` says that two tables show
    the same figure, such as the national number of detained clients in two tables' margins; `relations`
    are any other linear equations, as (coefficient, figure) terms adding up to 0. A suppressed
    figure is determined when every solution of the equations agrees on it: when the null space of the
    system, over the suppressed figures only, is zero in its coordinate.
    """
    unknowns: list[tuple[int, Position]] = []
    for index, (_, published) in enumerate(tables):
        for row, cells in enumerate(published_grid(published)):
            unknowns.extend((index, (row, column)) for column, cell in enumerate(cells) if cell.suppressed)
    column_of = {unknown: number for number, unknown in enumerate(unknowns)}
    equations: list[list[Fraction]] = []
    for index, (table, _) in enumerate(tables):
        grid = true_grid(table)
        for line in lines(len(grid), len(grid[0])):
            equation = [Fraction(0)] * len(unknowns)
            for position in line:
                if (index, position) in column_of:
                    equation[column_of[(index, position)]] += -1 if position == line[-1] else 1
            equations.append(equation)
    for terms in [[(1, left), (-1, right)] for left, right in shared] + [list(r) for r in relations]:
        equation = [Fraction(0)] * len(unknowns)
        for coefficient, figure in terms:
            if figure in column_of:
                equation[column_of[figure]] += coefficient
        equations.append(equation)
    pivots = _reduce(equations, len(unknowns))
    free = [number for number in range(len(unknowns)) if number not in pivots]
    return {
        unknowns[number]
        for number, row in pivots.items()
        if all(equations[row][free_number] == 0 for free_number in free)
    }


def _reduce(matrix: list[list[Fraction]], width: int) -> dict[int, int]:
    """Bring matrix to reduced row echelon form in place; return {pivot column: its row}."""
    pivots: dict[int, int] = {}
    row = 0
    for column in range(width):
        found = next((r for r in range(row, len(matrix)) if matrix[r][column] != 0), None)
        if found is None:
            continue
        matrix[row], matrix[found] = matrix[found], matrix[row]
        lead = matrix[row][column]
        matrix[row] = [entry / lead for entry in matrix[row]]
        for other in range(len(matrix)):
            if other != row and matrix[other][column] != 0:
                factor = matrix[other][column]
                matrix[other] = [a - factor * b for a, b in zip(matrix[other], matrix[row], strict=True)]
        pivots[column] = row
        row += 1
    return pivots
