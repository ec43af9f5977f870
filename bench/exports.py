"""Benchmark 5: each aggregate table against the bare SQL GROUP BY on the same read model, at LARGE clients.

A table is generated the way an analyst's request generates it (casework.services.exports: one statement
per population, the count tables, disclosure control across the population's tables, the audit record),
for the first organisation and for the year with the most facts. The baseline is one plain
`SELECT <the table's raw columns>, count(*) … GROUP BY` over the same read model (CaseFact or Deadline,
joined to ClientStatus when the table needs a person's facts), without the pick of one fact per person.
Both run in the same process, as the application's role under row-level security, in a transaction
that is rolled back (the audit rows go with it). Ratio: table time / GROUP BY time, target <= 3.
"""

from __future__ import annotations

import argparse
import sys

from bench import harness

REPEAT = 9


class Rollback(Exception):
    pass


def _baseline_sql(definition, columns: list[str]) -> tuple[str, list]:
    from casework.exports.counting import RAW_COLUMNS
    from casework.exports.dimensions import DEADLINE
    from casework.models import CaseFact, ClientStatus, Deadline

    selected = ", ".join(RAW_COLUMNS[column] for column in columns)
    groups = ", ".join(str(position) for position in range(1, len(columns) + 1))
    person = bool({"citizenship", "sex", "birth_year", "region"} & set(columns))
    join = f"JOIN {ClientStatus._meta.db_table} s ON s.client_id = picked_from.client_id" if person else ""
    if definition.source == DEADLINE:
        inner = (
            f"SELECT d.due_on AS occurred_on, d.rule AS category, d.status AS outcome"
            f"{', s.citizenship, s.sex, s.birth_year, s.region' if person else ''} "
            f"FROM {Deadline._meta.db_table} d {join.replace('picked_from', 'd')} "
            f"WHERE d.kind = 'appeal' AND d.due_on BETWEEN %s AND %s AND d.organisation_id = %s"
        )
        params: list = []
    else:
        inner = (
            f"SELECT f.occurred_on, f.category, f.outcome"
            f"{', s.citizenship, s.sex, s.birth_year, s.region' if person else ''} "
            f"FROM {CaseFact._meta.db_table} f {join.replace('picked_from', 'f')} "
            f"WHERE f.kind = %s AND f.occurred_on BETWEEN %s AND %s AND f.organisation_id = %s"
        )
        params = [definition.source]
    sql = f"SELECT {selected}, count(*) FROM ({inner}) AS picked GROUP BY {groups}"
    return sql, params


def _busiest_year(organisation_id: int) -> int:
    from django.db.models import Count
    from django.db.models.functions import ExtractYear

    from casework.models import CaseFact

    years = (
        CaseFact.objects.filter(organisation_id=organisation_id)
        .annotate(year=ExtractYear("occurred_on"))
        .values("year")
        .annotate(facts=Count("id"))
        .order_by("-facts")
    )
    return years[0]["year"]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--size", type=int, required=True)
    parser.add_argument("--small", type=int, default=harness.SMALL)
    parser.add_argument("--large", type=int, default=harness.LARGE)
    arguments = parser.parse_args()
    harness.setup_django()
    from datetime import date

    from django.db import connection, transaction

    from casework import tenancy
    from casework.exports.definitions import TABLES
    from casework.exports.dimensions import ALLOWED
    from casework.exports.tables import Period, raw_columns
    from casework.models import Client, Organisation
    from casework.services.exports import exports_generate_for_operator

    organisation = Organisation.objects.order_by("id").first()
    year = _busiest_year(organisation.id)
    figures = []
    try:
        with transaction.atomic():
            tenancy.assume_role(local=True)
            tenancy.enter_organisation(organisation.id)
            clients = Client.objects.filter(organisation=organisation).count()
            for definition in TABLES.values():
                # The table's own columns; and those of its population, which it is protected with and
                # therefore counted with (inclusions by ground need the citizenship join of their sibling).
                own = sorted({ALLOWED[name].raw for name in definition.dimensions})
                population = sorted(
                    raw_columns(
                        [other for other in TABLES.values() if other.population == definition.population]
                    )
                )

                def group_by(columns, definition=definition):
                    sql, params = _baseline_sql(definition, columns)
                    params = [*params, date(year, 1, 1), date(year, 12, 31), organisation.id]
                    with connection.cursor() as cursor:
                        cursor.execute(sql, params)
                        cursor.fetchall()

                def table(definition=definition):
                    exports_generate_for_operator(
                        organisation=organisation,
                        period=Period(year),
                        table_ids=[definition.id],
                        format="json",
                    )

                table_ms = harness.summary_ms(harness.timed(table, repeat=REPEAT))
                baseline_ms = harness.summary_ms(harness.timed(lambda c=own: group_by(c), repeat=REPEAT))
                population_ms = harness.summary_ms(
                    harness.timed(lambda c=population: group_by(c), repeat=REPEAT)
                )
                figures.append(
                    harness.ratio_figure(
                        f"{definition.id} p50 at {arguments.size} clients",
                        table_ms["p50_ms"],
                        baseline_ms["p50_ms"],
                        unit="ms",
                        baseline_name="bare SQL GROUP BY on the same read model",
                        at_most=3.0,
                        table=table_ms,
                        group_by=baseline_ms,
                        group_by_population_columns=population_ms,
                        ratio_to_population_group_by=round(table_ms["p50_ms"] / population_ms["p50_ms"], 3),
                    )
                )
            raise Rollback
    except Rollback:
        pass
    harness.report(
        "exports",
        figures,
        organisation_clients=clients,
        period=year,
        scope="organisation, as the application's role under row-level security",
        synchronous_commit="as configured (durable)",
    )


if __name__ == "__main__":
    sys.exit(main())
