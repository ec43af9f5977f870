"""Statistical disclosure control for published aggregate tables: pure functions, standard library only.

A table is protected as one grid with its margins: the row totals are an extra column, the column totals an
extra row and the grand total their corner, so every row and column of that grid — the totals row and column
included — is a line whose entries add up to its last entry. A reader who subtracts one published figure from
another works along these lines; docs/disclosure-control.md explains each rule with an example.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass

PRIMARY = "primary"
SECONDARY = "secondary"
DOMINANCE = "dominance"
WITHHELD = "withheld"
# Hidden because another table of the same people hides the same figure (see publication.py).
LINKED = "linked"
# Hidden because, less one organisation's own count, fewer than k people of the others remain in it.
COMPLEMENT = "complement"
# The whole table withheld because, published beside tables it shares figures with, it would give one away.
COMBINED = "combined"

MINIMUM_K = 5
K_TOO_SMALL = "k must be at least 5: a smaller threshold publishes groups small enough to single out a client"
ROUNDING_BASE_INVALID = "the rounding base must be between 1 and k, or rounding would publish counts as 0"
FLOOR_BELOW_K = "the population floor must be at least k"
ROUNDS_BELOW_K = "with this base a count of k would be published below k: choose k a multiple of the base"
TABLE_EMPTY = "a table needs at least one row and one column"
LABELS_DUPLICATED = "row and column labels must be unique"
CELLS_MISSHAPEN = "cells must have one row per row label and one count per column label"
COUNT_INVALID = "every count must be a non-negative integer"
SENSITIVE_UNKNOWN = "sensitive columns must be column labels of the table"
FIGURE_UNKNOWN = "a linked figure must name a row and a column of the table, or None for a total"
VIEW_MISSHAPEN = "a view must have the table's row and column labels"

Position = tuple[int, int]  # (row, column) in the grid with margins
# A figure by its labels: (row, column) for a cell, (row, None) for a row total, (None, column) for a
# column total, (None, None) for the grand total.
Figure = tuple[str | None, str | None]


@dataclass(frozen=True)
class CountTable:
    """True counts before protection; one person counts in at most one cell."""

    row_labels: tuple[str, ...]
    column_labels: tuple[str, ...]
    cells: tuple[tuple[int, ...], ...]
    # Columns such as "detained": a row group entirely in one of them must not be published as such.
    sensitive_columns: frozenset[str] = frozenset()

    def __post_init__(self) -> None:
        if not self.row_labels or not self.column_labels:
            raise ValueError(TABLE_EMPTY)
        if len(set(self.row_labels)) != len(self.row_labels) or len(set(self.column_labels)) != len(
            self.column_labels
        ):
            raise ValueError(LABELS_DUPLICATED)
        if len(self.cells) != len(self.row_labels) or any(
            len(row) != len(self.column_labels) for row in self.cells
        ):
            raise ValueError(CELLS_MISSHAPEN)
        if any(type(count) is not int or count < 0 for row in self.cells for count in row):
            raise ValueError(COUNT_INVALID)
        # A misspelt sensitive column would silently switch the dominance rule off.
        if not self.sensitive_columns <= set(self.column_labels):
            raise ValueError(SENSITIVE_UNKNOWN)


def round_to_base(count: int, base: int) -> int:
    """Round half up to the nearest multiple of base: 12 → 10, 13 → 15, 0 → 0."""
    return (2 * count + base) // (2 * base) * base


@dataclass(frozen=True)
class Rules:
    k: int = 10
    rounding_base: int = 5
    population_floor: int = 50

    def __post_init__(self) -> None:
        if self.k < MINIMUM_K:
            raise ValueError(K_TOO_SMALL)
        if not 1 <= self.rounding_base <= self.k:
            raise ValueError(ROUNDING_BASE_INVALID)
        if round_to_base(self.k, self.rounding_base) < self.k:
            raise ValueError(ROUNDS_BELOW_K)  # every published non-zero figure must read at least k
        if self.population_floor < self.k:
            raise ValueError(FLOOR_BELOW_K)


DEFAULT_RULES = Rules()


@dataclass(frozen=True)
class Cell:
    value: int | None  # rounded; None when suppressed, never a stand-in zero
    suppressed: bool
    reason: str | None  # PRIMARY, SECONDARY, DOMINANCE or WITHHELD when suppressed


@dataclass(frozen=True)
class Note:
    """A line of the internal disclosure report: which figure which rule suppressed. Never published."""

    row: str | None  # None for a column total or the grand total
    column: str | None  # None for a row total or the grand total
    reason: str


@dataclass(frozen=True)
class PublishedTable:
    row_labels: tuple[str, ...]
    column_labels: tuple[str, ...]
    cells: tuple[tuple[Cell, ...], ...]
    row_totals: tuple[Cell, ...]
    column_totals: tuple[Cell, ...]
    grand_total: Cell
    withheld: bool  # the whole table is hidden: below the population floor, or unsafe beside others
    rules: Rules
    report: tuple[Note, ...]


def protect(
    table: CountTable,
    rules: Rules = DEFAULT_RULES,
    *,
    linked: Mapping[Figure, str] | None = None,
    views: Sequence[CountTable] = (),
) -> PublishedTable:
    """What of ``table`` may be published.

    ``linked``: figures that must be hidden whatever their count, with the reason (another table hides
    them). ``views``: the same table as some reader sees it less what they already know — for a pooled
    table, the other organisations' counts as one organisation sees them. No published figure may be
    0 < n < k in a view either, and the hidden figures of a line must add up to 0 or at least k in each.
    """
    grid = _with_margins(table)
    if grid[-1][-1] < rules.population_floor:
        return withhold(table, rules, WITHHELD)
    if any(
        view.row_labels != table.row_labels or view.column_labels != table.column_labels for view in views
    ):
        raise ValueError(VIEW_MISSHAPEN)
    forced = {_position(table, figure): reason for figure, reason in (linked or {}).items()}
    view_grids = [_with_margins(view) for view in views]
    reasons = _suppress(grid, view_grids, forced, _sensitive_positions(table), rules.k)
    return _publish(table, rules, grid, reasons, withheld=False)


def withhold(table: CountTable, rules: Rules, reason: str) -> PublishedTable:
    """Every figure hidden: below the population floor (WITHHELD), or unsafe beside others (COMBINED)."""
    height, width = len(table.row_labels) + 1, len(table.column_labels) + 1
    reasons = {(row, column): reason for row in range(height) for column in range(width)}
    return _publish(table, rules, _with_margins(table), reasons, withheld=True)


def _position(table: CountTable, figure: Figure) -> Position:
    row, column = figure
    try:
        row_index = len(table.row_labels) if row is None else table.row_labels.index(row)
        column_index = len(table.column_labels) if column is None else table.column_labels.index(column)
    except ValueError:
        raise ValueError(FIGURE_UNKNOWN) from None
    return row_index, column_index


def _with_margins(table: CountTable) -> list[list[int]]:
    grid = [[*row, sum(row)] for row in table.cells]
    grid.append([sum(column) for column in zip(*grid, strict=True)])
    return grid


def _sensitive_positions(table: CountTable) -> tuple[list[int], list[int]]:
    # Walk the labels, never the frozenset: its order changes with the hash seed, the output must not.
    sensitive = [index for index, label in enumerate(table.column_labels) if label in table.sensitive_columns]
    ordinary = [
        index for index, label in enumerate(table.column_labels) if label not in table.sensitive_columns
    ]
    return sensitive, ordinary


def _suppress(
    grid: list[list[int]],
    views: list[list[list[int]]],
    forced: dict[Position, str],
    columns: tuple[list[int], list[int]],
    k: int,
) -> dict[Position, str]:
    reasons: dict[Position, str] = {}
    for row, values in enumerate(grid):
        for column, value in enumerate(values):
            if 0 < value < k:
                reasons[(row, column)] = PRIMARY
            elif any(0 < view[row][column] < k for view in views):
                reasons[(row, column)] = COMPLEMENT
    for position, reason in forced.items():
        reasons.setdefault(position, reason)
    for position in _dominated(grid, *columns):
        reasons.setdefault(position, DOMINANCE)
    while True:
        _protect_lines(grid, views, reasons, k)
        bridge = _first_bridge(grid, reasons)
        if bridge is None:
            return reasons
        reasons[_closing_entry(grid, reasons, bridge)] = SECONDARY


def _dominated(grid: list[list[int]], sensitive: list[int], ordinary: list[int]) -> Iterator[Position]:
    """A group wholly in a sensitive column: that cell, and one of the group's zeros that would tell it."""
    if not ordinary:
        return  # every column is sensitive: the table's population is the sensitive group itself
    for row, values in enumerate(grid):  # the totals row is the group of everyone
        if values[-1] == 0:
            continue
        for column in sensitive:
            if values[column] == values[-1]:
                yield (row, column)
                yield (row, ordinary[0])


def _lines(grid: list[list[int]]) -> Iterator[list[Position]]:
    """Every row and column of the grid with margins, its total last."""
    height, width = len(grid), len(grid[0])
    for row in range(height):
        yield [(row, column) for column in range(width)]
    for column in range(width):
        yield [(row, column) for row in range(height)]


def _protect_lines(
    grid: list[list[int]], views: list[list[list[int]]], reasons: dict[Position, str], k: int
) -> None:
    """Add complementary suppressions until no line gives a suppressed figure away; a fixed point, because a
    cell added for a row also changes its column."""
    changed = True
    while changed:
        changed = False
        for line in _lines(grid):
            changed = _protect_line(line, grid, views, reasons, k) or changed


def _protect_line(
    line: list[Position],
    grid: list[list[int]],
    views: list[list[list[int]]],
    reasons: dict[Position, str],
    k: int,
) -> bool:
    *parts, total = line

    def value(position: Position) -> int:
        return grid[position[0]][position[1]]

    def covered(hidden: list[Position]) -> bool:
        # With the total published, the hidden parts' sum is known: it must be at least k and split two
        # ways; and what each view's reader learns of the same parts must be nothing (0) or at least k.
        if len(hidden) < 2 or sum(value(p) for p in hidden) < k:
            return False
        return all(not 0 < sum(view[r][c] for r, c in hidden) < k for view in views)

    hidden = [position for position in parts if position in reasons]
    if total in reasons:
        if hidden:
            return False
        # A suppressed total over published parts is their sum; hide a part, a non-zero one if there is one.
        reasons[min((p for p in parts), key=lambda p: (value(p) == 0, value(p), p))] = SECONDARY
        return True
    if not hidden or covered(hidden):
        return False
    chosen: list[Position] = []
    for candidate in sorted(
        (p for p in parts if p not in reasons and value(p) > 0), key=lambda p: (value(p), p)
    ):
        if covered(hidden + chosen):
            break
        chosen.append(candidate)
    if covered(hidden + chosen):
        reasons.update(dict.fromkeys(chosen, SECONDARY))
    else:
        reasons[total] = SECONDARY  # the line's own figures cannot cover it: stop publishing its sum
    return True


def _first_bridge(grid: list[list[int]], reasons: dict[Position, str]) -> Position | None:
    """A suppressed figure that no cycle of suppressed figures passes through.

    Rows and columns are the nodes of a graph whose edges are the suppressed figures. A reader can add and
    subtract whole lines; the figures that can be cut off from the rest by one edge — bridges — come out
    exactly, even when every line has two suppressed figures (two hidden blocks joined by one cell).
    """
    height = len(grid)
    edges = sorted(reasons)
    for edge in edges:
        others = [other for other in edges if other != edge]
        if edge[1] + height not in _component(edge[0], others, height):
            return edge
    return None


def _component(start: int, edges: list[Position], height: int) -> set[int]:
    """Nodes reachable from start; row r is node r, column c is node height + c."""
    neighbours: dict[int, list[int]] = {}
    for row, column in edges:
        neighbours.setdefault(row, []).append(height + column)
        neighbours.setdefault(height + column, []).append(row)
    reached, frontier = {start}, [start]
    while frontier:
        for neighbour in neighbours.get(frontier.pop(), []):
            if neighbour not in reached:
                reached.add(neighbour)
                frontier.append(neighbour)
    return reached


def _closing_entry(grid: list[list[int]], reasons: dict[Position, str], bridge: Position) -> Position:
    """The published figure that, hidden too, puts the bridge on a cycle: smallest non-zero first."""
    height = len(grid)
    others = [edge for edge in sorted(reasons) if edge != bridge]
    row_side = _component(bridge[0], others, height)
    column_side = _component(height + bridge[1], others, height)
    candidates = [
        (row, column)
        for row in range(height)
        for column in range(len(grid[0]))
        if (row, column) not in reasons
        and (
            (row in row_side and height + column in column_side)
            or (row in column_side and height + column in row_side)
        )
    ]
    return min(candidates, key=lambda p: (grid[p[0]][p[1]] == 0, grid[p[0]][p[1]], p))


def _publish(
    table: CountTable, rules: Rules, grid: list[list[int]], reasons: dict[Position, str], *, withheld: bool
) -> PublishedTable:
    height, width = len(table.row_labels), len(table.column_labels)

    def cell(row: int, column: int) -> Cell:
        reason = reasons.get((row, column))
        if reason is not None:
            return Cell(value=None, suppressed=True, reason=reason)
        return Cell(
            value=round_to_base(grid[row][column], rules.rounding_base), suppressed=False, reason=None
        )

    row_labels: list[str | None] = [*table.row_labels, None]
    column_labels: list[str | None] = [*table.column_labels, None]
    # The report lists cells row by row, then row totals, column totals and the grand total.
    order = sorted(reasons, key=lambda p: (p[0] == height or p[1] == width, p[0] == height, p))
    report = tuple(Note(row=row_labels[r], column=column_labels[c], reason=reasons[(r, c)]) for r, c in order)
    return PublishedTable(
        row_labels=table.row_labels,
        column_labels=table.column_labels,
        cells=tuple(tuple(cell(row, column) for column in range(width)) for row in range(height)),
        row_totals=tuple(cell(row, width) for row in range(height)),
        column_totals=tuple(cell(height, column) for column in range(width)),
        grand_total=cell(height, width),
        withheld=withheld,
        rules=rules,
        report=report,
    )
