"""Generating aggregate exports: who may, what is counted, and the audit record of every generation.

An organisation's analysts and admins get their organisation's tables; the instance administrator also gets
network tables pooled across organisations. Nobody else gets any. Every table generated — shown on the
exports page, downloaded, fetched through the API or printed by the command — leaves an ExportGeneration row
in the same transaction: who, which table and version, which period, when. The row holds no figure.
"""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import nullcontext
from dataclasses import dataclass
from datetime import date, datetime

from django.conf import settings
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from casework import access, tenancy
from casework.clock import organisation_today
from casework.exports import publication
from casework.exports.counting import PopulationCounts, count_population
from casework.exports.definitions import TABLES, TableDefinition
from casework.exports.disclosure import PublishedTable, Rules
from casework.exports.tables import Period, count_table, groups_for, raw_columns, scoped
from casework.models import ExportGeneration, ExportScope, Organisation, Role

EXPORT_ROLES = frozenset({Role.ANALYST, Role.ADMIN})
FIRST_YEAR = 2000
TABLE_UNKNOWN = "No aggregate table has that id."
PERIOD_INVALID = "A period is a calendar year from {first} to this year, e.g. {example}."
NETWORK_REFUSED = "Network tables pooled across organisations are for the instance administrator only."
CHANNELS = ("web", "api", "command")
FORMATS = ("html", "json", "csv")


@dataclass(frozen=True)
class Export:
    """One table after disclosure control, with what its metadata needs. Holds no true count."""

    definition: TableDefinition
    table: PublishedTable
    period: Period
    provisional: bool  # the period is not over: its figures may still change
    scope: str
    organisation: Organisation | None  # None for a network table
    snapshot: datetime  # the read models as they stood at this instant
    generated_at: datetime


def export_rules() -> Rules:
    return Rules(
        k=settings.CASEWORK_EXPORT_K,
        rounding_base=settings.CASEWORK_EXPORT_ROUNDING_BASE,
        population_floor=settings.CASEWORK_EXPORT_POPULATION_FLOOR,
    )


def period_parse(value: str | None, *, today: date) -> Period:
    """A calendar year as text; empty means this year. Raises ValidationError with the field's message."""
    if value is None or not value.strip():
        return Period(today.year)
    text = value.strip()
    message = PERIOD_INVALID.format(first=FIRST_YEAR, example=today.year - 1)
    if not (text.isascii() and text.isdigit() and len(text) == 4):
        raise ValidationError({"period": [message]})
    if not FIRST_YEAR <= int(text) <= today.year:
        raise ValidationError({"period": [message]})
    return Period(int(text))


def table_definition(table_id: str) -> TableDefinition:
    definition = TABLES.get(table_id)
    if definition is None:
        raise ValidationError({"table": [TABLE_UNKNOWN]})
    return definition


def export_access(*, actor: access.Actor, scope: str = ExportScope.ORGANISATION) -> Organisation:
    """The actor's organisation, if they may export at this scope; PermissionDenied otherwise."""
    membership = access.require_role(actor, EXPORT_ROLES)
    if scope == ExportScope.NETWORK and not actor.is_superuser:
        raise PermissionDenied(NETWORK_REFUSED)
    return membership.organisation


def may_export_network(actor: access.Actor) -> bool:
    membership = getattr(actor, "membership", None)
    return bool(membership and membership.role in EXPORT_ROLES and actor.is_active and actor.is_superuser)


def exports_generate(
    *,
    actor: access.Actor,
    period: Period,
    scope: str = ExportScope.ORGANISATION,
    table_ids: Sequence[str] | None = None,
    format: str,
    channel: str,
) -> list[Export]:
    """The tables asked for (all by default), protected together with the tables they share people with."""
    organisation = export_access(actor=actor, scope=scope)
    wanted = [table_definition(table_id) for table_id in (table_ids or list(TABLES))]
    exports = _generate(
        wanted,
        period=period,
        organisation=None if scope == ExportScope.NETWORK else organisation,
        today=organisation_today(organisation),
    )
    _record(exports, user=actor, format=format, channel=channel)
    return exports


def exports_generate_for_operator(
    *, organisation: Organisation | None, period: Period, table_ids: Sequence[str], format: str
) -> list[Export]:
    """The command line's way in: an operator on the server, recorded as such (no user)."""
    wanted = [table_definition(table_id) for table_id in table_ids]
    exports = _generate(wanted, period=period, organisation=organisation, today=timezone.localdate())
    _record(exports, user=None, format=format, channel="command")
    return exports


def _record(exports: Sequence[Export], *, user: User | None, format: str, channel: str) -> None:
    # A network table belongs to no organisation: its record is written in the system scope, where the
    # instance administrator's request (checked by export_access) may write a row of no organisation.
    network = any(export.organisation is None for export in exports)
    with transaction.atomic(), tenancy.system_scope() if network else nullcontext():
        ExportGeneration.objects.bulk_create(
            ExportGeneration(
                organisation=export.organisation,
                user=user,
                table=export.definition.id,
                table_version=export.definition.version,
                period=export.period.label,
                scope=export.scope,
                format=format,
                channel=channel,
                generated_at=export.generated_at,
            )
            for export in exports
        )


def _generate(
    wanted: Sequence[TableDefinition], *, period: Period, organisation: Organisation | None, today: date
) -> list[Export]:
    rules = export_rules()
    snapshot = timezone.now()
    wanted_populations = {definition.population for definition in wanted}
    published: dict[str, PublishedTable] = {}
    for definitions in publication.by_population(list(TABLES.values())):
        if definitions[0].population not in wanted_populations:
            continue
        # A network table reads every organisation's facts: its caller was checked to be the instance
        # administrator (export_access) or an operator; row-level security opens them for this read only.
        with tenancy.system_scope() if organisation is None else nullcontext():
            counts = count_population(
                source=definitions[0].source,
                pick=definitions[0].pick,
                start=date(period.year, 1, 1),
                end=date(period.year, 12, 31),
                columns=raw_columns(definitions),
                organisation_id=organisation.id if organisation is not None else None,
                now=snapshot,
            )
        if organisation is not None:
            published.update(_organisation_tables(definitions, counts, period, rules))
        else:
            published.update(_network_tables(definitions, counts, period, rules))
    generated_at = timezone.now()
    return [
        Export(
            definition=definition,
            table=published[definition.id],
            period=period,
            provisional=today <= date(period.year, 12, 31),
            scope=ExportScope.NETWORK if organisation is None else ExportScope.ORGANISATION,
            organisation=organisation,
            snapshot=snapshot,
            generated_at=generated_at,
        )
        for definition in wanted
    ]


def _organisation_tables(
    definitions: list[TableDefinition], counts: PopulationCounts, period: Period, rules: Rules
) -> dict[str, PublishedTable]:
    groups = groups_for(counts, rules.population_floor)
    tables = {definition.id: count_table(definition, counts, period, groups) for definition in definitions}
    return publication.publish_organisation(definitions, tables, rules)


def _network_tables(
    definitions: list[TableDefinition], counts: PopulationCounts, period: Period, rules: Rules
) -> dict[str, PublishedTable]:
    network_groups = groups_for(counts, rules.population_floor)
    pooled = {
        definition.id: count_table(definition, counts, period, network_groups) for definition in definitions
    }
    organisations = []
    for organisation_id in sorted({row[0] for row in counts.rows}):
        own_counts = scoped(counts, {organisation_id})
        own_groups = groups_for(own_counts, rules.population_floor)
        organisations.append(
            publication.OrganisationTables(
                counts={
                    definition.id: count_table(definition, own_counts, period, network_groups)
                    for definition in definitions
                },
                published=_organisation_tables(definitions, own_counts, period, rules),
                comparable_groups=publication.comparable_groups(network_groups, own_groups),
            )
        )
    return publication.publish_network(definitions, pooled, organisations, rules)
