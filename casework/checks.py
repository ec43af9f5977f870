"""System checks of the deployment (`manage.py check --deploy --database default`)."""

from __future__ import annotations

from django.core import checks
from django.db import DatabaseError

from casework import db_role


@checks.register(checks.Tags.database, deploy=True)
def row_level_security_binds_the_app(databases=None, **_kwargs) -> list[checks.CheckMessage]:
    """casework.E001: requests and tasks would run as a role that row-level security does not bind."""
    if not databases or "default" not in databases:
        return []
    try:
        problems = db_role.role_problems()
    except DatabaseError as error:
        return [
            checks.Error(
                f"Could not ask the database about its role: {type(error).__name__}.", id="casework.E002"
            )
        ]
    if not problems:
        return []
    return [checks.Error(" ".join(problems), hint=db_role.ADVICE.strip(), id="casework.E001")]
