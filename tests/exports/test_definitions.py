"""Table definitions: only allow-listed coarse dimensions, detention one-way, and a refusal at import."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from casework.domain.reference_data import REGION_CODES
from casework.exports.definitions import (
    COUNT,
    DETENTION_ONE_WAY,
    DIMENSION_NOT_ALLOWED,
    DIMENSION_NOT_FOR_SOURCE,
    TABLES,
    DefinitionInvalid,
    TableDefinition,
)
from casework.exports.dimensions import (
    ALLOWED,
    DISTRICT_OF_REGION,
    FEDERAL_DISTRICTS,
    age_band,
    citizenship_groups,
    citizenship_labels,
)

ROOT = Path(__file__).resolve().parents[2]


def definition(**changes: object) -> TableDefinition:
    fields: dict[str, object] = {
        "id": "test_table",
        "version": 1,
        "title": "A table",
        "description": "For the tests.",
        "unit": "persons",
        "source": "inclusion",
        "rows": "quarter",
        "columns": "ground",
        "pick": "first",
    }
    fields.update(changes)
    return TableDefinition(**fields)  # type: ignore[arg-type]


def test_it_accepts_an_allowed_definition() -> None:
    assert definition().dimensions == ("quarter", "ground")


@pytest.mark.parametrize(
    "dimension", ["date", "occurred_on", "region", "city", "birth_year", "citizenship", "facility"]
)
def test_it_refuses_a_dimension_outside_the_allow_list(dimension: str) -> None:
    with pytest.raises(DefinitionInvalid) as refused:
        definition(columns=dimension)

    assert str(refused.value) == DIMENSION_NOT_ALLOWED.format(
        table="test_table", dimension=dimension, allowed=", ".join(ALLOWED)
    )


def test_it_refuses_a_dimension_that_does_not_describe_the_source() -> None:
    with pytest.raises(DefinitionInvalid) as refused:
        definition(columns="appeal_outcome")

    assert str(refused.value) == "test_table: 'appeal_outcome' does not describe inclusion facts"


@pytest.mark.parametrize(
    "changes",
    [
        {"rows": "quarter", "columns": "citizenship_group"},
        {"rows": "federal_district", "columns": None},
        {"rows": "quarter", "columns": "sex"},
        {"rows": "age_band", "columns": None},
    ],
)
def test_it_never_crosses_detention_with_anything(changes: dict[str, object]) -> None:
    with pytest.raises(DefinitionInvalid) as refused:
        definition(source="detention", **changes)

    assert str(refused.value) in (
        DETENTION_ONE_WAY.format(table="test_table"),
        DIMENSION_NOT_FOR_SOURCE.format(table="test_table", dimension=changes["rows"], source="detention"),
        DIMENSION_NOT_FOR_SOURCE.format(table="test_table", dimension=changes["columns"], source="detention"),
    )


def test_it_publishes_detention_one_way_by_quarter() -> None:
    detentions = [table for table in TABLES.values() if table.source == "detention"]

    assert [(table.rows, table.columns) for table in detentions] == [("quarter", None)]


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"source": "bank"}, "unknown source"),
        ({"unit": "people"}, "unknown unit"),
        ({"pick": "any"}, "pick must be"),
        ({"columns": "quarter"}, "must be different"),
        ({"sensitive": frozenset({"detained"})}, "sensitive columns"),
    ],
)
def test_it_refuses_an_inconsistent_definition(changes: dict[str, object], message: str) -> None:
    with pytest.raises(DefinitionInvalid, match=message):
        definition(**changes)


def test_a_bad_definition_stops_the_import() -> None:
    """Definitions are checked when their module is imported: a new table naming a region never loads."""
    module = textwrap.dedent(
        """
        from casework.exports.definitions import TableDefinition
        LEAKY = TableDefinition(id="by_region", version=1, title="", description="", unit="persons",
                                source="intake", rows="region", columns=None, pick="first")
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", module], cwd=ROOT, capture_output=True, text=True, timeout=60, check=False
    )

    assert result.returncode == 1
    assert "DefinitionInvalid: by_region: 'region' is not an allowed dimension" in result.stderr


def test_every_shipped_table_is_valid_and_versioned() -> None:
    assert len(TABLES) >= 7
    for table_id, table in TABLES.items():
        assert table.id == table_id
        assert table.version >= 1
        assert table.title and table.description
    one_way = [table for table in TABLES.values() if table.columns is None]
    assert all(table.sensitive <= {COUNT} for table in one_way)


def test_every_region_is_in_exactly_one_federal_district() -> None:
    assert set(DISTRICT_OF_REGION) == set(REGION_CODES)
    assert len(FEDERAL_DISTRICTS) == 8
    assert DISTRICT_OF_REGION["RU-MOW"] == "central"
    assert DISTRICT_OF_REGION["RU-BU"] == "far_eastern"  # moved from Siberia by Decree No. 632 of 2018
    assert DISTRICT_OF_REGION["RU-STA"] == "north_caucasian"


@pytest.mark.parametrize(
    ("birth_year", "band"),
    [(2008, "under_18"), (2007, "18_29"), (1996, "18_29"), (1995, "30_44"), (1981, "30_44"),
     (1980, "45_59"), (1966, "45_59"), (1965, "60_plus"), (None, "unknown"), (2030, "unknown")],
)  # fmt: skip
def test_it_bands_ages_by_the_age_reached_in_the_year(birth_year: int | None, band: str) -> None:
    assert age_band(birth_year, 2025) == band


def test_it_folds_nationalities_below_the_floor_into_other() -> None:
    groups = citizenship_groups({"UZB": 120, "TJK": 50, "MNG": 1, "KGZ": 49, "XXX": 60, "": 3}, floor=50)

    assert groups == {
        "UZB": "UZB",
        "TJK": "TJK",
        "MNG": "other",
        "KGZ": "other",
        "XXX": "stateless",
        "": "other",
    }
    # Alphabetical, never by size: an order by size would rank groups whose totals are hidden.
    assert citizenship_labels(groups) == ("TJK", "UZB", "stateless", "other")
