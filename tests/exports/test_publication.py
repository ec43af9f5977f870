"""publication.py: tables of the same people hide alike, pooled tables hide what organisations hide, and the
audit withholds a table rather than publish a figure that can be solved for."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from casework.exports import publication
from casework.exports.definitions import TableDefinition
from casework.exports.disclosure import COMBINED, LINKED, CountTable, PublishedTable, Rules, protect
from tests.exports import derivable, published_grid, true_grid

PROPERTY = settings(max_examples=120, deadline=None, derandomize=True, database=None)
RULES = Rules(k=5, rounding_base=5, population_floor=20)


def definition(table_id: str, rows: str, columns: str | None) -> TableDefinition:
    return TableDefinition(
        id=table_id, version=1, title=table_id, description="", unit="persons", source="intake",
        rows=rows, columns=columns, pick="first",
    )  # fmt: skip


BY_DISTRICT = definition("by_district", "federal_district", "sex")
BY_AGE = definition("by_age", "age_band", "sex")
SEXES = ("M", "F")


def table(rows: tuple[str, ...], columns: tuple[str, ...], cells) -> CountTable:
    return CountTable(rows, columns, tuple(tuple(row) for row in cells))


def hidden(published: PublishedTable) -> set[tuple[str | None, str | None]]:
    return {(note.row, note.column) for note in published.report}


def test_it_hides_a_shared_margin_in_every_table_of_the_same_people() -> None:
    # The age table hides the men's total (its column has no partner for the hidden 30 beside the 2 women);
    # the district table alone would publish it, and subtracting would then give the age table away.
    by_district = table(("central", "far_eastern"), SEXES, [(20, 5), (10, 5)])
    by_age = table(("18_29", "30_44"), SEXES, [(0, 8), (30, 2)])

    published = publication.protect_population(
        [BY_DISTRICT, BY_AGE], {"by_district": by_district, "by_age": by_age}, RULES
    )

    shared = {(None, "M"), (None, "F"), (None, None)}
    assert hidden(published["by_district"]) & shared == hidden(published["by_age"]) & shared
    assert (None, "M") in hidden(published["by_age"])
    reasons = {(note.row, note.column): note.reason for note in published["by_district"].report}
    assert reasons[(None, "M")] == LINKED


def test_it_withholds_a_table_whose_hidden_figure_the_other_table_publishes() -> None:
    """The fallback: protect each table alone, as if not linked, and let the audit find the leak."""
    by_district = table(("central", "far_eastern"), SEXES, [(20, 5), (10, 5)])
    by_age = table(("18_29", "30_44"), SEXES, [(0, 8), (30, 2)])
    tables = {"by_district": by_district, "by_age": by_age}
    alone = {"by_district": protect(by_district, RULES), "by_age": protect(by_age, RULES)}
    assert (None, "M") in hidden(alone["by_age"]) and hidden(alone["by_district"]) == set()

    audited = publication.audited([BY_DISTRICT, BY_AGE], dict(alone), tables, RULES)

    assert audited["by_district"] == alone["by_district"]
    assert audited["by_age"].withheld
    assert {note.reason for note in audited["by_age"].report} == {COMBINED}


@st.composite
def same_people(draw: st.DrawFn) -> tuple[CountTable, CountTable]:
    """Two tables of one population: rows × columns A and rows × columns B, cut from one 3-way count."""
    rows, columns_a, columns_b = (draw(st.integers(1, 4)) for _ in range(3))
    counts = st.one_of(st.just(0), st.integers(1, 6), st.integers(0, 30))
    cube = [[[draw(counts) for _ in range(columns_b)] for _ in range(columns_a)] for _ in range(rows)]
    row_labels = tuple(f"r{index}" for index in range(rows))
    first = table(
        row_labels, tuple(f"a{i}" for i in range(columns_a)), [[sum(c) for c in row] for row in cube]
    )
    second = table(
        row_labels,
        tuple(f"b{i}" for i in range(columns_b)),
        [[sum(row[a][b] for a in range(columns_a)) for b in range(columns_b)] for row in cube],
    )
    return first, second


FIRST = definition("first", "quarter", "sex")
SECOND = definition("second", "quarter", "age_band")


@PROPERTY
@given(same_people())
def test_no_figure_of_two_tables_of_the_same_people_can_be_solved_for_from_both(
    drawn: tuple[CountTable, CountTable],
) -> None:
    first, second = drawn
    tables = {"first": first, "second": second}
    published = publication.publish_organisation([FIRST, SECOND], tables, RULES)
    pair = [(first, published["first"]), (second, published["second"])]
    height, width_a, width_b = len(first.row_labels), len(first.column_labels), len(second.column_labels)
    # The same quarters: each row total, and the grand total, is one figure of both tables.
    shared = [((0, (row, width_a)), (1, (row, width_b))) for row in range(height + 1)]

    assert derivable(pair, shared) == set()
    for count_table, table_published in pair:
        for counts, cells in zip(true_grid(count_table), published_grid(table_published), strict=True):
            assert [
                n for n, cell in zip(counts, cells, strict=True) if not cell.suppressed and 0 < n < 5
            ] == []


@st.composite
def organisations(draw: st.DrawFn) -> list[CountTable]:
    rows, columns = draw(st.integers(1, 4)), draw(st.integers(1, 3))
    counts = st.one_of(st.just(0), st.integers(1, 6), st.integers(0, 40))
    return [
        table(
            tuple(f"r{i}" for i in range(rows)),
            tuple(f"c{i}" for i in range(columns)),
            [[draw(counts) for _ in range(columns)] for _ in range(rows)],
        )
        for _ in range(draw(st.integers(2, 3)))
    ]


POOLED = definition("pooled", "federal_district", "sex")


@settings(max_examples=60, deadline=None, derandomize=True, database=None)
@given(organisations())
def test_a_pooled_table_gives_away_nothing_that_the_organisations_tables_hide(orgs: list[CountTable]) -> None:
    pooled = table(
        orgs[0].row_labels,
        orgs[0].column_labels,
        [
            [sum(org.cells[r][c] for org in orgs) for c in range(len(orgs[0].column_labels))]
            for r in range(len(orgs[0].row_labels))
        ],
    )
    own = [publication.publish_organisation([POOLED], {"pooled": org}, RULES)["pooled"] for org in orgs]
    parts = [
        publication.OrganisationTables({"pooled": org}, {"pooled": mine})
        for org, mine in zip(orgs, own, strict=True)
    ]

    network = publication.publish_network([POOLED], {"pooled": pooled}, parts, RULES)["pooled"]
    if network.withheld:
        return  # it publishes nothing; its figures may well follow from the organisations' own tables

    # Everyone's tables together, with "pooled = the sum of the organisations" where all of them publish.
    everything = [(pooled, network), *zip(orgs, own, strict=True)]
    height, width = len(pooled.row_labels) + 1, len(pooled.column_labels) + 1
    sums = [
        [(1, (0, (row, column))), *((-1, (org, (row, column))) for org in range(1, len(everything)))]
        for row in range(height)
        for column in range(width)
    ]
    found = derivable(everything, relations=sums)
    assert {figure for figure in found if figure[0] == 0} == set()
    # What one organisation learns by subtracting its own true counts: nothing between 0 and k.
    for org in orgs:
        others = true_grid(pooled)
        mine = true_grid(org)
        for row, cells in enumerate(published_grid(network)):
            for column, cell in enumerate(cells):
                difference = others[row][column] - mine[row][column]
                assert cell.suppressed or not 0 < difference < RULES.k


def test_groups_are_comparable_only_where_they_count_the_same_codes() -> None:
    network = {"UZB": "UZB", "TJK": "TJK", "KGZ": "KGZ", "MNG": "other"}
    own = {"UZB": "UZB", "KGZ": "other", "MNG": "other"}  # this organisation folds KGZ into other

    assert publication.comparable_groups(network, own) == frozenset({"UZB", "TJK"})
