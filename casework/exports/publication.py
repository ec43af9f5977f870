"""Protecting the tables of an export together, so that no combination of them gives a figure away. Pure.

Within one table, disclosure.protect() hides what must be hidden. Across tables, three things link figures:

- **The same people.** Tables with the same population (definitions.py) share their grand total and every
  margin of a dimension they both have: "listings in Q1" is one number in the table by ground and in the
  table by citizenship. A figure hidden in one is hidden in the other (LINKED), repeated until nothing
  changes, or the second table would publish what the first hides.
- **Pooled tables.** A network table is the sum of the organisations' tables. Where some organisation's
  figure is hidden (or folded into "other"), the pooled figure less the published ones would reveal it,
  unless at least two hidden figures worth k between them remain: otherwise the pooled figure is hidden
  too. And an organisation that subtracts its own true counts must see nothing small of the others: the
  others' counts are a view (disclosure.protect's ``views``) that must pass the same rules.
- **Whatever else a reader can add up.** Last, audit.determined() solves every equation of every table
  and every link exactly. If a hidden figure is still pinned down, the table that holds it is withheld
  whole (COMBINED) — a safe answer, never a silent leak.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from casework.exports import audit
from casework.exports.definitions import COUNT, TableDefinition
from casework.exports.disclosure import (
    COMBINED,
    LINKED,
    CountTable,
    Figure,
    PublishedTable,
    Rules,
    protect,
    withhold,
)

Key = frozenset[tuple[str, str]]  # the quantity a figure counts: {dimension: label} of what it fixes
CITIZENSHIP = "citizenship_group"


@dataclass(frozen=True)
class OrganisationTables:
    """One organisation's part of a network table: its true counts cut by the network's labels (for what
    its own staff can subtract), and its tables as it publishes them (for what anyone can subtract).

    Citizenship groups are decided per population, so "other" (or a nationality folded into it) need not
    count the same people in the organisation's table as in the network's: ``comparable_groups`` are the
    labels that do."""

    counts: Mapping[str, CountTable]
    published: Mapping[str, PublishedTable]
    comparable_groups: frozenset[str] = frozenset()

    def shown(self, definition: TableDefinition, key: Key) -> list[Figure]:
        """The organisation's published figures that count exactly the pooled quantity ``key``."""
        group = dict(key).get(CITIZENSHIP)
        if group is not None and group not in self.comparable_groups:
            return []
        return figures_with_key(definition, _labels(self.published[definition.id]), key)


def comparable_groups(network: Mapping[str, str], own: Mapping[str, str]) -> frozenset[str]:
    """Groups (citizenship code -> group mappings) under which the organisation's people are the same."""
    labels = set(network.values()) | set(own.values())
    return frozenset(
        label
        for label in labels
        if all((network.get(code) == label) == (group == label) for code, group in own.items())
    )


def figure_key(definition: TableDefinition, figure: Figure) -> Key:
    row, column = figure
    parts = {}
    if row is not None:
        parts[definition.rows] = row
    if column is not None and definition.columns is not None:
        parts[definition.columns] = column
    return frozenset(parts.items())


def figures_with_key(
    definition: TableDefinition, labels: tuple[tuple[str, ...], tuple[str, ...]], key: Key
) -> list[Figure]:
    """The figures of a table that count the quantity ``key``: none, one, or two in a one-way table (its
    one cell per row is also the row's total)."""
    fixed = dict(key)
    if not set(fixed) <= set(definition.dimensions):
        return []
    row_labels, column_labels = labels
    row = fixed.get(definition.rows)
    column = fixed.get(definition.columns) if definition.columns else None
    if (row is not None and row not in row_labels) or (column is not None and column not in column_labels):
        return []
    if definition.columns is None:
        return [(row, COUNT), (row, None)]
    return [(row, column)]


def _labels(table: CountTable | PublishedTable) -> tuple[tuple[str, ...], tuple[str, ...]]:
    return table.row_labels, table.column_labels


def _hidden(table: PublishedTable) -> dict[Figure, bool]:
    return {figure: cell.suppressed for figure, cell in audit.figures(table)}


def protect_population(
    definitions: Sequence[TableDefinition],
    tables: Mapping[str, CountTable],
    rules: Rules,
    *,
    linked: Mapping[str, Mapping[Figure, str]] | None = None,
    views: Mapping[str, Sequence[CountTable]] | None = None,
) -> dict[str, PublishedTable]:
    """Protect tables of the same people so that they hide their shared figures alike."""
    forced = {definition.id: dict((linked or {}).get(definition.id, {})) for definition in definitions}
    while True:
        published = {
            definition.id: protect(
                tables[definition.id],
                rules,
                linked=forced[definition.id],
                views=(views or {}).get(definition.id, ()),
            )
            for definition in definitions
        }
        changed = False
        for definition in definitions:
            for figure, cell in audit.figures(published[definition.id]):
                if not cell.suppressed:
                    continue
                key = figure_key(definition, figure)
                for other in definitions:
                    if other.id == definition.id:
                        continue
                    hidden = _hidden(published[other.id])
                    for shared in figures_with_key(other, _labels(tables[other.id]), key):
                        if not hidden[shared] and shared not in forced[other.id]:
                            forced[other.id][shared] = LINKED
                            changed = True
        if not changed:
            return published


def shared_relations(entries: Sequence[tuple[int, TableDefinition, PublishedTable]]) -> list[audit.Relation]:
    """Equations between tables of the same people: a figure of one equals the same figure of another."""
    relations: list[audit.Relation] = []
    for position, (index, definition, table) in enumerate(entries):
        for other_index, other, other_table in entries[position + 1 :]:
            for figure, _ in audit.figures(table):
                key = figure_key(definition, figure)
                for shared in figures_with_key(other, _labels(other_table), key):
                    relations.append([(1, index, figure), (-1, other_index, shared)])
    return relations


def audited(
    definitions: Sequence[TableDefinition],
    published: dict[str, PublishedTable],
    tables: Mapping[str, CountTable],
    rules: Rules,
    *,
    context: Sequence[PublishedTable] = (),
    context_relations: Sequence[audit.Relation] = (),
) -> dict[str, PublishedTable]:
    """Withhold, one at a time, any table with a hidden figure that the equations still pin down.

    ``context``: published tables the reader also has (the organisations' own, beside a network table),
    indexed after ``definitions``; ``context_relations`` link them to these. Figures of a withheld table
    that equal figures published elsewhere are no leak, so only published tables are looked at; and hiding
    more never makes another hidden figure determined, so the loop ends."""
    while True:
        own = [published[definition.id] for definition in definitions]
        entries = [(index, definition, own[index]) for index, definition in enumerate(definitions)]
        relations = [*shared_relations(entries), *context_relations]
        found = audit.determined([*own, *context], relations)
        leaking = sorted({index for index, _ in found if index < len(own) and not own[index].withheld})
        if not leaking:
            return published
        victim = definitions[leaking[-1]]
        published[victim.id] = withhold(tables[victim.id], rules, COMBINED)


def by_population(definitions: Sequence[TableDefinition]) -> list[list[TableDefinition]]:
    groups: dict[tuple[str, str], list[TableDefinition]] = {}
    for definition in definitions:
        groups.setdefault(definition.population, []).append(definition)
    return list(groups.values())


def publish_organisation(
    definitions: Sequence[TableDefinition], tables: Mapping[str, CountTable], rules: Rules
) -> dict[str, PublishedTable]:
    """One organisation's tables: ``definitions`` of one population, with their true counts."""
    published = protect_population(definitions, tables, rules)
    return audited(definitions, published, tables, rules)


def publish_network(
    definitions: Sequence[TableDefinition],
    pooled: Mapping[str, CountTable],
    organisations: Sequence[OrganisationTables],
    rules: Rules,
) -> dict[str, PublishedTable]:
    """Network tables of one population, protected against the organisations' own tables and counts."""
    linked = {
        definition.id: _pooled_links(definition, pooled[definition.id], organisations, rules)
        for definition in definitions
    }
    views = {
        definition.id: [_others(pooled[definition.id], org.counts[definition.id]) for org in organisations]
        for definition in definitions
    }
    published = protect_population(definitions, pooled, rules, linked=linked, views=views)
    context: list[PublishedTable] = []
    relations: list[audit.Relation] = []
    for org in organisations:
        offset = len(definitions) + len(context)
        entries = [
            (offset + number, definition, org.published[definition.id])
            for number, definition in enumerate(definitions)
        ]
        context.extend(table for _, _, table in entries)
        relations.extend(shared_relations(entries))
    relations.extend(_sum_relations(definitions, published, organisations))
    return audited(definitions, published, pooled, rules, context=context, context_relations=relations)


def _others(pooled: CountTable, own: CountTable) -> CountTable:
    return CountTable(
        pooled.row_labels,
        pooled.column_labels,
        tuple(
            tuple(total - mine for total, mine in zip(totals, mine_row, strict=True))
            for totals, mine_row in zip(pooled.cells, own.cells, strict=True)
        ),
    )


def _true_grid(table: CountTable) -> dict[Figure, int]:
    values: dict[Figure, int] = {}
    for row, counts in zip(table.row_labels, table.cells, strict=True):
        for column, count in zip(table.column_labels, counts, strict=True):
            values[(row, column)] = count
        values[(row, None)] = sum(counts)
    for number, column in enumerate(table.column_labels):
        values[(None, column)] = sum(counts[number] for counts in table.cells)
    values[(None, None)] = sum(map(sum, table.cells))
    return values


def _pooled_links(
    definition: TableDefinition,
    pooled: CountTable,
    organisations: Sequence[OrganisationTables],
    rules: Rules,
) -> dict[Figure, str]:
    """Pooled figures that, published, would give away what some organisation's own table hides."""
    links: dict[Figure, str] = {}
    truths = [_true_grid(org.counts[definition.id]) for org in organisations]
    for figure in _true_grid(pooled):
        key = figure_key(definition, figure)
        hidden_counts = []
        for org, truth in zip(organisations, truths, strict=True):
            shown = org.shown(definition, key)
            if not shown or _hidden(org.published[definition.id])[shown[0]]:
                hidden_counts.append(truth[figure])  # hidden there, or folded into another group
        hidden_sum = sum(hidden_counts)
        if hidden_sum and (len(hidden_counts) < 2 or hidden_sum < rules.k):
            links[figure] = LINKED
    return links


def _sum_relations(
    definitions: Sequence[TableDefinition],
    published: Mapping[str, PublishedTable],
    organisations: Sequence[OrganisationTables],
) -> list[audit.Relation]:
    """A pooled figure equals the sum of the organisations' same figure, where every one publishes it."""
    relations: list[audit.Relation] = []
    for index, definition in enumerate(definitions):
        for figure, _ in audit.figures(published[definition.id]):
            key = figure_key(definition, figure)
            terms: list[audit.Term] = [(1, index, figure)]
            for number, org in enumerate(organisations):
                shown = org.shown(definition, key)
                if not shown:
                    break
                terms.append((-1, len(definitions) * (number + 1) + index, shown[0]))
            else:
                relations.append(terms)
    return relations
