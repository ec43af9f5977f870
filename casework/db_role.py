"""Is the database role this process runs as actually bound by row-level security? (Fail closed.)

PostgreSQL's policies (migration 0009, casework/tenancy.py) bind neither a superuser nor a role with
BYPASSRLS, and a table's owner (or a member of the owner's role) can switch them off with ALTER TABLE. A
process that runs as one of those has no second wall at all, and nothing else would say so: the common
deployment with one DATABASE_URL for `migrate` and for the web is exactly that. So, outside DEBUG, the web
and worker processes refuse to start (config/wsgi.py, config/celery.py), and `check --deploy --database
default` reports it (casework/checks.py).

The role checked is the one requests and tasks run as: CASEWORK_DB_ROLE when it is set (the process takes
it with SET ROLE), otherwise the role the connection logged in as.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import connection, transaction

from casework import tenancy

SUPERUSER = "The database role {role} is a superuser: row-level security does not bind it."
BYPASSES = "The database role {role} has BYPASSRLS: row-level security does not bind it."
OWNER = "The database role {role} owns {tables}: it can switch row-level security off."
ADVICE = (
    " Connect the web and worker processes as a member of casework_app that owns no table, or set"
    " CASEWORK_DB_ROLE=casework_app (docs/operations.md, Database)."
)

# Tables under row-level security whose owner the role is, or could become with SET ROLE.
ROLE_QUERY = """
SELECT current_user, r.rolsuper, r.rolbypassrls,
       ARRAY(SELECT c.relname::text FROM pg_class c
              WHERE c.relkind = 'r' AND c.relrowsecurity AND pg_has_role(current_user, c.relowner, 'MEMBER')
              ORDER BY c.relname)
  FROM pg_roles r WHERE r.rolname = current_user
"""


def role_problems() -> list[str]:
    """What is wrong with the role requests and tasks run as; empty when row-level security binds it."""
    with transaction.atomic(), connection.cursor() as cursor:
        tenancy.assume_role(local=True)
        cursor.execute(ROLE_QUERY)
        role, superuser, bypasses, owned = cursor.fetchone()
        # Back to the savepoint: SET LOCAL ROLE would otherwise outlast it in a caller's transaction.
        transaction.set_rollback(True)
    problems = []
    if superuser:
        problems.append(SUPERUSER.format(role=role))
    if bypasses:
        problems.append(BYPASSES.format(role=role))
    if owned:
        shown = ", ".join(owned[:3]) + (f" and {len(owned) - 3} more tables" if len(owned) > 3 else "")
        problems.append(OWNER.format(role=role, tables=shown))
    return problems


def refuse_a_role_that_bypasses_row_level_security() -> None:
    """At the start of a web or worker process: refuse to run, outside DEBUG, as a role the policies do not
    bind. The connection opened to ask is closed again (no connection is carried into forked workers)."""
    if settings.DEBUG:
        return
    try:
        problems = role_problems()
    finally:
        if not connection.in_atomic_block:
            connection.close()
    if problems:
        raise ImproperlyConfigured(" ".join(problems) + ADVICE)
