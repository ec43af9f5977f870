"""The Celery application: settings come from Django's, under the CELERY_ prefix."""

from __future__ import annotations

import os
import sys

from celery import Celery
from celery.signals import beat_init, worker_init

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("casework")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@worker_init.connect
@beat_init.connect
def refuse_a_misdeployed_database_role(**_kwargs) -> None:
    """Outside DEBUG, the worker and beat refuse to start as a database role that row-level security does not
    bind, or when they cannot ask the database (casework/db_role.py). Celery logs and swallows a receiver's
    exception, so this one exits."""
    from django.core.exceptions import ImproperlyConfigured
    from django.db import DatabaseError

    from casework.db_role import refuse_a_role_that_bypasses_row_level_security

    try:
        refuse_a_role_that_bypasses_row_level_security()
    except (ImproperlyConfigured, DatabaseError) as error:
        # Fails closed: a role that cannot be checked (no database yet) is not trusted either.
        sys.stderr.write(f"Refusing to start: {error}\n")
        raise SystemExit(1) from error
