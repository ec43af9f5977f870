"""protect(): hand-checked tables, the rules one by one, and a journalist's differencing attack."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from casework.exports.disclosure import (
    COUNT_INVALID,
    FLOOR_BELOW_K,
    K_TOO_SMALL,
    ROUNDING_BASE_INVALID,
    ROUNDS_BELOW_K,
    SENSITIVE_UNKNOWN,
    Cell,
    CountTable,
    Note,
    PublishedTable,
    Rules,
    protect,
    round_to_base,
)
from tests.exports import derivable, line_leaks, published_grid, true_grid

GROUNDS = ("stay_expired", "illegal_entry", "readmission", "other")
QUARTERS = ("2025-Q1", "2025-Q2", "2025-Q3", "2025-Q4")
STATUS = ("detained", "not_detained")


def shown(cell: Cell) -> int | str:
    return cell.reason if cell.suppressed else cell.value  # type: ignore[return-value]


def inclusions_by_quarter_and_ground() -> CountTable:
    return CountTable(
        row_labels=QUARTERS,
        column_labels=GROUNDS,
        cells=(
            (40, 12, 3, 0),  # row total 55
            (35, 15, 0, 11),  # 61
            (50, 8, 14, 20),  # 92
            (45, 20, 16, 2),  # 83
        ),  # column totals 170, 55, 33, 33; grand total 291
    )


def test_it_protects_the_golden_table() -> None:
    published = protect(inclusions_by_quarter_and_ground())

    # Primary: 3, 8 and 2. Each row takes its smallest non-zero partner (12, 14, 16); the "other" column then
    # has 2 alone and takes 11, whose row Q2 then takes 15. Every hidden block is a cycle, so nothing is exact.
    assert [[shown(cell) for cell in row] for row in published.cells] == [
        [40, "secondary", "primary", 0],
        [35, "secondary", 0, "secondary"],
        [50, "primary", "secondary", 20],
        [45, 20, "secondary", "primary"],
    ]
    # Totals are rounded from the true sums: 61 → 60, 92 → 90, 33 → 35, 291 → 290.
    assert [shown(cell) for cell in published.row_totals] == [55, 60, 90, 85]
    assert [shown(cell) for cell in published.column_totals] == [170, 55, 35, 35]
    assert published.grand_total == Cell(value=290, suppressed=False, reason=None)
    assert published.withheld is False
    assert published.rules == Rules()
    assert published.report == (
        Note("2025-Q1", "illegal_entry", "secondary"),
        Note("2025-Q1", "readmission", "primary"),
        Note("2025-Q2", "illegal_entry", "secondary"),
        Note("2025-Q2", "other", "secondary"),
        Note("2025-Q3", "illegal_entry", "primary"),
        Note("2025-Q3", "readmission", "secondary"),
        Note("2025-Q4", "readmission", "secondary"),
        Note("2025-Q4", "other", "primary"),
    )


def test_it_leaves_the_golden_table_nothing_to_subtract() -> None:
    table = inclusions_by_quarter_and_ground()
    published = protect(table)

    assert line_leaks(table, published, k=10) == []
    assert derivable([(table, published)]) == set()


@pytest.mark.parametrize("k", [0, 1, 3, 4])
def test_it_refuses_k_below_five(k: int) -> None:
    with pytest.raises(ValueError, match=K_TOO_SMALL):
        Rules(k=k)


def test_it_accepts_k_of_five() -> None:
    assert Rules(k=5, rounding_base=5, population_floor=5).k == 5


@pytest.mark.parametrize(("k", "base"), [(10, 5), (8, 5), (12, 3), (6, 1), (5, 5)])
def test_it_accepts_rules_that_publish_no_non_zero_figure_below_k(k: int, base: int) -> None:
    assert round_to_base(Rules(k=k, rounding_base=base, population_floor=50).k, base) >= k


@pytest.mark.parametrize(
    ("rules", "message"),
    [
        ({"rounding_base": 0}, ROUNDING_BASE_INVALID),
        ({"rounding_base": 11}, ROUNDING_BASE_INVALID),  # 10 would round to 0 and read as "nobody"
        ({"population_floor": 9}, FLOOR_BELOW_K),
        ({"k": 7, "rounding_base": 5}, ROUNDS_BELOW_K),  # 7 would read 5
        ({"k": 11, "rounding_base": 5}, ROUNDS_BELOW_K),  # 11 would read 10
    ],
)
def test_it_refuses_inconsistent_rules(rules: dict[str, int], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        Rules(**rules)


def test_it_refuses_a_sensitive_column_the_table_does_not_have() -> None:
    with pytest.raises(ValueError, match=SENSITIVE_UNKNOWN):
        CountTable(("a",), STATUS, ((60, 0),), sensitive_columns=frozenset({"detainde"}))


@pytest.mark.parametrize("count", [-1, 1.0, True])
def test_it_refuses_counts_that_are_not_natural_numbers(count: object) -> None:
    with pytest.raises(ValueError, match=COUNT_INVALID):
        CountTable(("a",), ("b", "c"), ((60, count),))  # type: ignore[arg-type]


@pytest.mark.parametrize(("count", "rounded"), [(0, 0), (10, 10), (12, 10), (13, 15), (17, 15), (18, 20)])
def test_it_rounds_half_up_to_the_base(count: int, rounded: int) -> None:
    assert round_to_base(count, 5) == rounded


def test_it_rounds_an_exact_half_up() -> None:
    assert round_to_base(15, 10) == 20
    assert round_to_base(14, 10) == 10


def test_it_rounds_published_counts_and_suppresses_small_ones_instead() -> None:
    table = CountTable(("a", "b", "c"), ("w", "x", "y", "z"), ((12, 13, 0, 0), (0, 0, 7, 11), (0, 0, 11, 30)))

    published = protect(table)

    assert published.cells[0][0] == Cell(value=10, suppressed=False, reason=None)
    assert published.cells[0][1] == Cell(value=15, suppressed=False, reason=None)
    assert published.cells[0][2] == Cell(value=0, suppressed=False, reason=None)  # a true zero tells nothing
    assert published.cells[1][2] == Cell(value=None, suppressed=True, reason="primary")


def test_it_withholds_a_table_below_the_population_floor() -> None:
    table = CountTable(("a", "b"), ("x", "y"), ((20, 10), (10, 9)))  # 49 people

    published = protect(table)

    assert published.withheld is True
    figures = [*(cell for row in published.cells for cell in row), *published.row_totals]
    figures += [*published.column_totals, published.grand_total]
    assert set(figures) == {Cell(value=None, suppressed=True, reason="withheld")}
    assert {note.reason for note in published.report} == {"withheld"}
    assert len(published.report) == 9


def test_it_publishes_a_table_at_the_population_floor() -> None:
    published = protect(CountTable(("a", "b"), ("x", "y"), ((20, 10), (10, 10))))

    assert published.withheld is False
    assert published.grand_total.value == 50


def test_it_hides_a_group_that_is_entirely_in_a_sensitive_column() -> None:
    table = CountTable(
        row_labels=("Uzbekistan", "Tajikistan", "Kyrgyzstan"),
        column_labels=STATUS,
        cells=((12, 0), (15, 40), (20, 30)),  # every Uzbek client here is detained
        sensitive_columns=frozenset({"detained"}),
    )

    published = protect(table)

    # Publishing 12 and 0 — or 0 and a row total — would say "all of them are detained".
    assert published.cells[0] == (
        Cell(value=None, suppressed=True, reason="dominance"),
        Cell(value=None, suppressed=True, reason="dominance"),
    )
    assert Note("Uzbekistan", "detained", "dominance") in published.report
    assert Note("Uzbekistan", "not_detained", "dominance") in published.report
    assert line_leaks(table, published, k=10) == []
    assert derivable([(table, published)]) == set()


def test_it_does_not_apply_dominance_to_a_column_that_is_not_sensitive() -> None:
    table = CountTable(("Uzbekistan", "Tajikistan"), STATUS, ((12, 0), (15, 40)))

    published = protect(table)

    assert [shown(cell) for cell in published.cells[0]] == [10, 0]


def test_it_does_not_apply_dominance_when_every_column_is_sensitive() -> None:
    # A one-way detention table: everyone counted is detained by definition, which reveals nothing.
    table = CountTable(QUARTERS, ("detained",), ((20,), (30,), (15,), (12,)), frozenset({"detained"}))

    published = protect(table)

    assert published.report == ()


def test_it_breaks_up_a_cell_that_a_reader_could_isolate_by_adding_whole_lines() -> None:
    # Every line has two hidden figures worth at least k, yet the hidden 4 joins two otherwise separate blocks:
    # rows a and b, minus columns p and q, leave it alone (90 - 26 - 30 - 30 = 4).
    table = CountTable(
        row_labels=("a", "b", "c", "d"),
        column_labels=("p", "q", "r", "s", "t"),
        cells=((6, 7, 4, 0, 30), (8, 5, 0, 0, 30), (0, 0, 6, 7, 30), (0, 0, 8, 5, 30)),
    )
    primary_only = _publish_primary_only(table)
    assert line_leaks(table, primary_only, k=10) == []
    assert derivable([(table, primary_only)]) == {(0, (0, 2))}

    published = protect(table)

    assert derivable([(table, published)]) == set()
    assert Note("a", "s", "secondary") in published.report


def test_it_is_the_same_under_any_hash_seed() -> None:
    # The sensitive columns are a frozenset, whose order varies with PYTHONHASHSEED; the output must not. This
    # also shows the module imports without Django settings.
    script = (
        "import sys; from casework.exports.disclosure import CountTable, protect; "
        "assert 'django' not in sys.modules; "
        "print(protect(CountTable(('a', 'b', 'c'), ('v', 'w', 'x', 'y', 'z'), "
        "((12, 0, 0, 0, 0), (0, 30, 30, 12, 30), (40, 5, 30, 30, 30)), frozenset({'v', 'w'}))))"
    )
    root = Path(__file__).resolve().parents[2]
    outputs = set()
    for seed in ("1", "2", "3", "4", "5"):
        environment = {**os.environ, "PYTHONHASHSEED": seed}
        environment.pop("DJANGO_SETTINGS_MODULE", None)
        result = subprocess.run(
            [sys.executable, "-c", script],
            cwd=root,
            env=environment,
            capture_output=True,
            text=True,
            check=True,
        )
        outputs.add(result.stdout)
    assert len(outputs) == 1


# The differencing scenario: one detained client of a rare nationality, in the Far East.
REGIONS = ("Central", "Northwestern", "Volga", "Far Eastern")
NATIONALITIES = ("Uzbekistan", "Tajikistan", "Kyrgyzstan", "Mongolia")
# (region, nationality) → (detained, not detained)
CLIENTS = {
    ("Central", "Uzbekistan"): (6, 30),
    ("Central", "Tajikistan"): (4, 25),
    ("Central", "Kyrgyzstan"): (3, 20),
    ("Northwestern", "Uzbekistan"): (2, 15),
    ("Northwestern", "Tajikistan"): (3, 12),
    ("Northwestern", "Kyrgyzstan"): (1, 10),
    ("Volga", "Uzbekistan"): (1, 14),
    ("Volga", "Tajikistan"): (2, 18),
    ("Volga", "Kyrgyzstan"): (2, 9),
    ("Far Eastern", "Uzbekistan"): (1, 6),
    ("Far Eastern", "Tajikistan"): (0, 5),
    ("Far Eastern", "Kyrgyzstan"): (1, 4),
    ("Far Eastern", "Mongolia"): (1, 0),  # the one person a journalist must not find
}


def _by(labels: tuple[str, ...], index: int) -> CountTable:
    cells = tuple(
        tuple(
            sum(counts[status] for key, counts in CLIENTS.items() if key[index] == label) for status in (0, 1)
        )
        for label in labels
    )
    return CountTable(labels, STATUS, cells, sensitive_columns=frozenset({"detained"}))


def test_it_lets_no_table_or_margin_single_out_the_rare_detained_client() -> None:
    by_region, by_nationality = _by(REGIONS, 0), _by(NATIONALITIES, 1)
    assert true_grid(by_nationality)[3] == [1, 0, 1]  # the Mongolian row: one person, detained
    assert true_grid(by_region)[3][0] == 3  # the Far East's detained: the Mongolian and two others

    region_published, nationality_published = protect(by_region), protect(by_nationality)

    # Nothing of the Mongolian row is published, not even its zero, nor the Far East's detained count.
    assert all(cell.suppressed for cell in published_grid(nationality_published)[3])
    assert region_published.cells[3][0].suppressed
    # Within each table no line gives a hidden figure back, or a hidden group smaller than k.
    assert line_leaks(by_region, region_published, k=10) == []
    assert line_leaks(by_nationality, nationality_published, k=10) == []
    # Nor does any combination of both: they share the national detained / not detained / all margins.
    shared = [((0, (4, column)), (1, (4, column))) for column in range(3)]
    assert (
        derivable([(by_region, region_published), (by_nationality, nationality_published)], shared) == set()
    )


def test_it_would_give_the_rare_client_away_with_primary_suppression_alone() -> None:
    # The attack the complementary suppressions stop: with only the small cells hidden, a journalist reads the
    # Far East's detained as 18 - 15 = 3, and the Mongolian row as its published zero beside a hidden cell.
    by_region, by_nationality = _by(REGIONS, 0), _by(NATIONALITIES, 1)
    naive_region, naive_nationality = _publish_primary_only(by_region), _publish_primary_only(by_nationality)

    assert (0, (3, 0)) in derivable([(by_region, naive_region)])
    assert naive_nationality.cells[3][1] == Cell(value=0, suppressed=False, reason=None)
    assert line_leaks(by_region, naive_region, k=10) != []


def _publish_primary_only(table: CountTable) -> PublishedTable:
    """What a naive exporter would publish: only the cells and totals with 0 < n < 10 hidden."""
    grid = true_grid(table)

    def cell(row: int, column: int) -> Cell:
        value = grid[row][column]
        return Cell(None, True, "primary") if 0 < value < 10 else Cell(value, False, None)

    height, width = len(table.row_labels), len(table.column_labels)
    return replace(
        protect(table),
        cells=tuple(tuple(cell(row, column) for column in range(width)) for row in range(height)),
        row_totals=tuple(cell(row, width) for row in range(height)),
        column_totals=tuple(cell(height, column) for column in range(width)),
        grand_total=cell(height, width),
    )
