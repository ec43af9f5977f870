"""COPY for bulk loads: model instances in, rows out, in one round trip per table.

bulk_create has Django quote every value in Python and PostgreSQL parse one big INSERT; COPY streams rows
and is several times faster for the hundreds of thousands of rows a benchmark load writes. The values are the
ones bulk_create would send (each field's get_db_prep_save); a column with a database default that the
instances leave unset (an event's position from its sequence, an auto id) is filled by the database.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import Field, Model
from django.db.models.expressions import DatabaseDefault


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
