"""The only place exports read tenant data: one GROUP BY over the read models per population.

A population is a source and a pick (definitions.py): "each person's first listing in 2025". One statement
picks each person's one fact (DISTINCT ON the client) and counts them by every raw column that any table of
the population needs, per organisation. One statement, so every table of a population is cut from the same
snapshot: two tables of the same people counted a moment apart would differ by whoever was recorded in
between, and their difference would describe that person.

The SQL is assembled from constants only (table names from the models, columns from RAW_COLUMNS, the sort
direction from DIRECTION); every value is a parameter. Hence the S608 exemption in pyproject.toml.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.db import connection

from casework.domain.history import FACT_KINDS
from casework.exports.definitions import FIRST, LATEST
from casework.exports.dimensions import DEADLINE, MET, MISSED
from casework.models import CaseFact, ClientStatus, Deadline

RAW_COLUMNS = {
    "quarter": "EXTRACT(QUARTER FROM picked.occurred_on)::int",
    "category": "picked.category",
    "outcome": "picked.outcome",
    "citizenship": "picked.citizenship",
    "sex": "picked.sex",
    "birth_year": "picked.birth_year",
    "region": "picked.region",
}
PERSON_COLUMNS = ("citizenship", "sex", "birth_year", "region")  # from the status row: a join
DIRECTION = {FIRST: "ASC", LATEST: "DESC"}


@dataclass(frozen=True)
class PopulationCounts:
    """How many people of a population share each combination of raw values, per organisation."""

    columns: tuple[str, ...]
    rows: tuple[tuple[int, tuple[object, ...], int], ...]  # (organisation id, raw values, people)


def count_population(
    *,
    source: str,
    pick: str,
    start: date,
    end: date,
    columns: Sequence[str],
    organisation_id: int | None,
    now: datetime,
) -> PopulationCounts:
    """``organisation_id`` None: every organisation (network tables), still counted per organisation."""
    columns = tuple(sorted(set(columns)))
    if not set(columns) <= set(RAW_COLUMNS) or pick not in DIRECTION:
        raise ValueError("columns and pick come from the table definitions, never from a request")
    params: dict[str, Any] = {"start": start, "end": end, "now": now, "organisation": organisation_id}
    # A person's facts come from the status row; a population that needs none skips the join (every fact
    # and deadline has its client's status row: they are written in one transaction).
    person = _person(set(columns) & set(PERSON_COLUMNS))
    inner = (
        _picked_deadlines(pick, person) if source == DEADLINE else _picked_facts(source, pick, params, person)
    )
    selected = ", ".join(RAW_COLUMNS[column] for column in columns)
    groups = ", ".join(str(position) for position in range(1, len(columns) + 2))
    sql = (
        f"SELECT picked.organisation_id{', ' + selected if selected else ''}, count(*) "
        f"FROM ({inner}) AS picked GROUP BY {groups} ORDER BY {groups}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        found = cursor.fetchall()
    return PopulationCounts(
        columns=columns, rows=tuple((row[0], tuple(row[1:-1]), int(row[-1])) for row in found)
    )


@dataclass(frozen=True)
class _Person:
    columns: str  # ", s.sex, …" or ""
    join: str  # "JOIN … s ON s.client_id = {alias}.client_id" or ""


def _person(needed: set[str]) -> _Person:
    if not needed:
        return _Person("", "")
    columns = "".join(f", s.{column}" for column in PERSON_COLUMNS if column in needed)
    return _Person(columns, f"JOIN {ClientStatus._meta.db_table} s ON s.client_id = {{alias}}.client_id")


def _organisation_filter(alias: str) -> str:
    return f"AND (%(organisation)s::bigint IS NULL OR {alias}.organisation_id = %(organisation)s::bigint)"


def _picked_facts(source: str, pick: str, params: dict[str, Any], person: _Person) -> str:
    if source not in FACT_KINDS:
        raise ValueError("unknown source")
    params["kind"] = source
    direction = DIRECTION[pick]
    return (
        f"SELECT DISTINCT ON (f.client_id) f.organisation_id, f.occurred_on, f.category, f.outcome"
        f"{person.columns} FROM {CaseFact._meta.db_table} f {person.join.format(alias='f')} "
        f"WHERE f.kind = %(kind)s AND f.occurred_on BETWEEN %(start)s AND %(end)s "
        f"{_organisation_filter('f')} "
        f"ORDER BY f.client_id, f.occurred_on {direction}, f.sequence {direction}"
    )


def _picked_deadlines(pick: str, person: _Person) -> str:
    # An open deadline whose cut-off has passed is missed already, before beat re-derives it (as the
    # deadlines API reads it); an open one still running and a cancelled one are neither met nor missed.
    direction = DIRECTION[pick]
    outcome = f"CASE WHEN d.status = 'open' AND d.due_at < %(now)s THEN '{MISSED}' ELSE d.status END"
    return (
        f"SELECT DISTINCT ON (d.client_id) d.organisation_id, d.due_on AS occurred_on, d.rule AS category, "
        f"{outcome} AS outcome{person.columns} "
        f"FROM {Deadline._meta.db_table} d {person.join.format(alias='d')} "
        f"WHERE d.kind = 'appeal' AND d.due_on BETWEEN %(start)s AND %(end)s {_organisation_filter('d')} "
        f"AND {outcome} IN ('{MET}', '{MISSED}') "
        f"ORDER BY d.client_id, d.due_on {direction}, d.key {direction}"
    )
