"""The published tables: fixed, versioned definitions, checked when this module is imported. Pure.

There are no ad-hoc queries. A definition names its unit, its source (which facts it counts), its rows and
columns from the allow-list in dimensions.py, and which of a person's facts in the period counts — so that
each person counts in at most one cell of a table. A definition that names anything else, or crosses
detention with anything, raises DefinitionInvalid at import, and the application does not start.

Change a definition only by raising its version: a published table must be reproducible from its id and
version. Tables with the same source and pick count the same people; publication.py protects them together.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from casework.domain.history import DECISION, DETENTION, FREEZE, INCLUSION, INTAKE
from casework.exports.dimensions import ALLOWED, DEADLINE, SOURCES

PERSONS, DECISIONS, DEADLINES = "persons", "decisions", "deadlines"
UNITS = (PERSONS, DECISIONS, DEADLINES)
FIRST, LATEST = "first", "latest"  # a person's first or latest fact in the period is the one counted
COUNT = "count"  # the one column of a one-way table

DIMENSION_NOT_ALLOWED = "{table}: {dimension!r} is not an allowed dimension (allowed: {allowed})"
DIMENSION_NOT_FOR_SOURCE = "{table}: {dimension!r} does not describe {source} facts"
DETENTION_ONE_WAY = "{table}: detention is published one-way by quarter only, never crossed with anything"
SOURCE_UNKNOWN = "{table}: unknown source {source!r}"
UNIT_UNKNOWN = "{table}: unknown unit {unit!r}"
PICK_UNKNOWN = "{table}: pick must be 'first' or 'latest'"
SAME_DIMENSION_TWICE = "{table}: rows and columns must be different dimensions"
SENSITIVE_NOT_A_COLUMN = "{table}: sensitive columns must be labels of its column dimension"
ID_TAKEN = "two definitions have the id {table!r}"


class DefinitionInvalid(ValueError):
    pass


@dataclass(frozen=True)
class TableDefinition:
    id: str
    version: int
    title: str
    description: str
    unit: str
    source: str
    rows: str
    columns: str | None  # None: a one-way table with a single "count" column
    pick: str
    sensitive: frozenset[str] = frozenset()  # column labels a whole group must not be seen to fall in

    def __post_init__(self) -> None:
        def refuse(message: str, **details: object) -> DefinitionInvalid:
            return DefinitionInvalid(message.format(table=self.id, **details))

        if self.source not in SOURCES:
            raise refuse(SOURCE_UNKNOWN, source=self.source)
        if self.unit not in UNITS:
            raise refuse(UNIT_UNKNOWN, unit=self.unit)
        if self.pick not in (FIRST, LATEST):
            raise refuse(PICK_UNKNOWN)
        for name in self.dimensions:
            if name not in ALLOWED:
                raise refuse(DIMENSION_NOT_ALLOWED, dimension=name, allowed=", ".join(ALLOWED))
            if self.source not in ALLOWED[name].sources:
                raise refuse(DIMENSION_NOT_FOR_SOURCE, dimension=name, source=self.source)
        if self.source == DETENTION and (self.rows != "quarter" or self.columns is not None):
            raise refuse(DETENTION_ONE_WAY)
        if self.rows == self.columns:
            raise refuse(SAME_DIMENSION_TWICE)
        column_dimension = ALLOWED[self.columns] if self.columns else None
        known_columns = (
            set(column_dimension.labels(2000)) if column_dimension and column_dimension.labels else {COUNT}
        )
        if not self.sensitive <= known_columns:
            raise refuse(SENSITIVE_NOT_A_COLUMN)

    @property
    def dimensions(self) -> tuple[str, ...]:
        return (self.rows, self.columns) if self.columns else (self.rows,)

    @property
    def population(self) -> tuple[str, str]:
        """Tables with the same population count the same people, so they share their margins."""
        return (self.source, self.pick)


def _registry(*definitions: TableDefinition) -> Mapping[str, TableDefinition]:
    tables: dict[str, TableDefinition] = {}
    for definition in definitions:
        if definition.id in tables:
            raise DefinitionInvalid(ID_TAKEN.format(table=definition.id))
        tables[definition.id] = definition
    return MappingProxyType(tables)


TABLES = _registry(
    TableDefinition(
        id="inclusions_by_ground",
        version=1,
        title="Register inclusions by quarter and ground",
        description="People whose listing in the register of controlled persons began in the period, by "
        "the quarter it began and its ground; a person listed twice counts once, at the first listing.",
        unit=PERSONS,
        source=INCLUSION,
        rows="quarter",
        columns="ground",
        pick=FIRST,
        # "Everyone listed this quarter has a criminal conviction" must not be published of a small group.
        sensitive=frozenset({"criminal_conviction"}),
    ),
    TableDefinition(
        id="inclusions_by_citizenship",
        version=1,
        title="Register inclusions by quarter and citizenship",
        description="The same people as in the table by ground, by citizenship; nationalities with fewer "
        "people than the population floor are counted together as other.",
        unit=PERSONS,
        source=INCLUSION,
        rows="quarter",
        columns="citizenship_group",
        pick=FIRST,
    ),
    TableDefinition(
        id="frozen_accounts",
        version=1,
        title="Bank accounts frozen, by quarter and register status at the time",
        description="People whose bank account was frozen in the period, by quarter, and whether they were "
        "listed in the register that day: a freeze of someone not listed is a bank's error to contest.",
        unit=PERSONS,
        source=FREEZE,
        rows="quarter",
        columns="register_status",
        pick=FIRST,
    ),
    TableDefinition(
        id="decisions_by_outcome",
        version=1,
        title="Decisions by kind and appeal outcome",
        description="Decisions issued in the period (expulsion, deportation, entry bans…) by kind and the "
        "latest word on their appeal; at most one per person, their latest decision of the period.",
        unit=DECISIONS,
        source=DECISION,
        rows="decision_kind",
        columns="appeal_outcome",
        pick=LATEST,
    ),
    TableDefinition(
        id="deadlines_met_missed",
        version=1,
        title="Appeal deadlines met and missed, by quarter",
        description="Appeal deadlines that fell due in the period and were met (an appeal was filed in "
        "time) or missed; at most one per person, their latest deadline of the period.",
        unit=DEADLINES,
        source=DEADLINE,
        rows="quarter",
        columns="deadline_outcome",
        pick=LATEST,
    ),
    TableDefinition(
        id="detentions",
        version=1,
        title="Placements in special institutions, by quarter",
        description="People placed in a special institution for foreign citizens in the period, by the "
        "quarter of their first placement. Published nationally and one-way only: never by citizenship, "
        "region or anything else.",
        unit=PERSONS,
        source=DETENTION,
        rows="quarter",
        columns=None,
        pick=FIRST,
        # Everyone in it was detained: the dominance rule does not apply (disclosure.py), primary does.
        sensitive=frozenset({COUNT}),
    ),
    TableDefinition(
        id="clients_by_district",
        version=1,
        title="New clients by federal district and sex",
        description="People who became clients of the organisation in the period, by the federal district "
        "they live in and sex.",
        unit=PERSONS,
        source=INTAKE,
        rows="federal_district",
        columns="sex",
        pick=FIRST,
    ),
    TableDefinition(
        id="clients_by_age",
        version=1,
        title="New clients by age band and sex",
        description="The same people as in the table by federal district, by the age they reach in the "
        "period's year and sex.",
        unit=PERSONS,
        source=INTAKE,
        rows="age_band",
        columns="sex",
        pick=FIRST,
    ),
)
