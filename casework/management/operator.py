"""Commands an operator runs on the server, about every organisation."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from casework import tenancy


class OperatorCommand(BaseCommand):
    """Runs in the system scope of row-level security (casework.tenancy): a rebuild, a key rotation or a
    pooled export is about every organisation, and the operator has the server already."""

    def execute(self, *args, **options):
        with tenancy.system_scope():
            return super().execute(*args, **options)
