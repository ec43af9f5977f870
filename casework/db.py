"""SQL plumbing for the hot paths: fixed statements built once per shape, and COPY for bulk loads.

Rows by fixed SQL. On the append path every statement counts: compiling a QuerySet costs more Python time
than PostgreSQL takes to run a primary-key lookup (measured: ~3 ms against ~0.7 ms on the benchmark
machine). These helpers build `SELECT <columns> FROM <table> WHERE <column> = ANY(%s)` from the model's own
metadata once, run it through Django's cursor (same connection, same role and row-level security, same
parameters adaptation), and decode JSON columns, which Django's psycopg setup leaves as text.

COPY for bulk loads (`copy_models`): bulk_create has Django quote every value in Python and PostgreSQL parse
one big INSERT; COPY streams rows and is several times faster for the hundreds of thousands of rows a
benchmark load writes. The values are the ones bulk_create would send (each field's get_db_prep_save); a
column with a database default that the instances leave unset (an event's position from its sequence, an
auto id) is filled by the database.

Only services, the event store, the projections, the derivation and the reminder ledger call these
(tests/test_architecture.py); tests/test_db_helpers.py holds each helper to the ORM call it replaces.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from functools import lru_cache
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connection, connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import Field, Model
from django.db.models.expressions import DatabaseDefault


def _column(model: type[Model], name: str) -> str:
    field = model._meta.get_field(name)
    return f'"{field.column}"'  # type: ignore[union-attr]  # a concrete field, never a relation's reverse


@lru_cache(maxsize=64)
def _select(model: type[Model], names: tuple[str, ...], key: str, order: tuple[str, ...], extra: str) -> str:
    meta = model._meta
    columns = [_column(model, name) for name in names]
    # Identifiers from the model's metadata and `extra` from the code; every value is a bound parameter.
    sql = f'SELECT {", ".join(columns)}{extra} FROM "{meta.db_table}" AS "row"'  # noqa: S608
    sql += f" WHERE {_column(model, key)} = ANY(%s)"
    if order:
        sql += " ORDER BY " + ", ".join(_column(model, name) for name in order)
    return sql


@lru_cache(maxsize=64)
def _json_columns(model: type[Model], names: tuple[str, ...]) -> tuple[int, ...]:
    fields = [model._meta.get_field(name) for name in names]
    return tuple(index for index, field in enumerate(fields) if field.get_internal_type() == "JSONField")


def rows_where_in(
    model: type[Model], names: Sequence[str], *, key: str, values: Sequence[Any],
    order: Sequence[str] = (), extra: str = "", extra_params: Sequence[Any] = (),
) -> list[tuple]:  # fmt: skip
    """(names…, extra…) of the rows whose `key` is one of `values`, ordered by `order`. `extra` is more
    select-list SQL (", (SELECT …)") that may refer to the row as "row"; its parameters come first."""
    names = tuple(names)
    sql = _select(model, names, key, tuple(order), extra)
    with connection.cursor() as cursor:
        cursor.execute(sql, [*extra_params, list(values)])
        rows = cursor.fetchall()
    json_columns = _json_columns(model, names)
    if not json_columns:
        return rows
    decoded = []
    for row in rows:
        values_of_row = list(row)
        for index in json_columns:
            if isinstance(values_of_row[index], str):
                values_of_row[index] = json.loads(values_of_row[index])
        decoded.append(tuple(values_of_row))
    return decoded


@lru_cache(maxsize=64)
def _insert(model: type[Model], names: tuple[str, ...], returning: str) -> str:
    columns = ", ".join(_column(model, name) for name in names)
    placeholders = ", ".join(["%s"] * len(names))
    table = model._meta.db_table
    returned = _column(model, returning)
    return f'INSERT INTO "{table}" ({columns}) VALUES ({placeholders}) RETURNING {returned}'  # noqa: S608


def insert_returning(instance: Model, returning: str) -> Any:
    """INSERT one instance (the fields Python set; database defaults and an unset auto id left to the
    database) and set and return the `returning` column, as Model.save(force_insert=True) would, without
    compiling a query."""
    model = type(instance)
    fields = [field for field in model._meta.concrete_fields if _set_by_python(field, instance)]
    sql = _insert(model, tuple(field.attname for field in fields), returning)
    params = [field.get_db_prep_save(getattr(instance, field.attname), connection) for field in fields]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        value = cursor.fetchone()[0]
    setattr(instance, returning, value)
    instance._state.adding = False
    instance._state.db = connection.alias
    return value


@lru_cache(maxsize=256)
def _update(model: type[Model], names: tuple[str, ...], key: str) -> str:
    assignments = ", ".join(f"{_column(model, name)} = %s" for name in names)
    return f'UPDATE "{model._meta.db_table}" SET {assignments} WHERE {_column(model, key)} = %s'  # noqa: S608


def update_where(model: type[Model], *, key: str, value: Any, changes: dict[str, Any]) -> int:
    """UPDATE the given columns of the row whose `key` is `value` (QuerySet.update without compiling)."""
    names = tuple(changes)
    fields: list[Any] = [model._meta.get_field(name) for name in names]  # concrete fields
    params = [
        field.get_db_prep_save(changes[name], connection) for field, name in zip(fields, names, strict=True)
    ]
    with connection.cursor() as cursor:
        cursor.execute(_update(model, names, key), [*params, value])
        return cursor.rowcount


def copy_models(instances: Sequence[Model]) -> None:
    """INSERT the instances (all of one model) with COPY; like bulk_create, no signals, no save()."""
    if not instances:
        return
    model = type(instances[0])
    connection = connections[DEFAULT_DB_ALIAS]  # resolved once: the proxy costs a lookup per value
    fields = [field for field in model._meta.concrete_fields if _set_by_python(field, instances[0])]
    # Concrete fields always have a column; str() only tells the type checker so.
    columns = ", ".join(connection.ops.quote_name(str(field.column)) for field in fields)
    table = connection.ops.quote_name(model._meta.db_table)
    with connection.cursor() as cursor, cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
        for instance in instances:
            copy.write_row([_value(field, instance, connection) for field in fields])


def _set_by_python(field: Field, instance: Model) -> bool:
    value = getattr(instance, field.attname)
    # An id left None comes from its sequence, as does a db_default such as an event's position.
    return not (value is None and field.primary_key) and not isinstance(value, DatabaseDefault)


def _value(field: Field, instance: Model, connection: BaseDatabaseWrapper):
    value = getattr(instance, field.attname)
    if value is None and getattr(field, "auto_now_add", False):
        value = field.pre_save(instance, add=True)  # a creation time the caller did not give: now
    return field.get_db_prep_save(value, connection)
