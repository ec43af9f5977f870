"""Row-level security on every table that holds an organisation's cases: the second wall behind the selectors.

A role that is neither the owner nor a superuser sees and writes only rows of the organisation named by the
setting `casework.organisation_id`, or every row when `casework.system` is on (casework/tenancy.py). The
migration also creates the group role `casework_app` with the privileges the application needs — rows of
every table, sequences, nothing else (no TRUNCATE, no DDL) — for the login roles of the web and worker
processes to be members of (docs/operations.md). Creating a role needs CREATEROLE: where the migrating role
lacks it, create `casework_app` (NOLOGIN) beforehand.
"""

from django.db import migrations

APP_ROLE = "casework_app"
TENANT_TABLES = (
    "casework_client",
    "casework_event",
    "casework_clientstatus",
    "casework_deadline",
    "casework_deadlinechange",
    "casework_casefact",
    "casework_reminder",
    "casework_regionaldayoff",
    "casework_exportgeneration",
    "casework_readaudit",
    "casework_secondfactorreset",
)

ROLE_AND_PRIVILEGES = f"""
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{APP_ROLE}') THEN
        CREATE ROLE {APP_ROLE} NOLOGIN;
    END IF;
END
$$;
GRANT USAGE ON SCHEMA public TO {APP_ROLE};
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {APP_ROLE};
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {APP_ROLE};
-- Tables and sequences of later migrations (made by the same migrating role) get the same privileges.
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO {APP_ROLE};
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO {APP_ROLE};

CREATE FUNCTION casework_row_visible(row_organisation bigint) RETURNS boolean
LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT coalesce(current_setting('casework.system', true), '') = 'on'
        OR row_organisation = nullif(current_setting('casework.organisation_id', true), '')::bigint
$$;
"""

NO_PRIVILEGES = f"""
ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE ALL ON TABLES FROM {APP_ROLE};
ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE ALL ON SEQUENCES FROM {APP_ROLE};
REVOKE ALL ON ALL TABLES IN SCHEMA public FROM {APP_ROLE};
REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM {APP_ROLE};
REVOKE USAGE ON SCHEMA public FROM {APP_ROLE};
DROP FUNCTION casework_row_visible(bigint);
"""


def policy(table: str) -> str:
    return f"""
ALTER TABLE {table} ENABLE ROW LEVEL SECURITY;
CREATE POLICY {table}_organisation ON {table}
    USING (casework_row_visible(organisation_id)) WITH CHECK (casework_row_visible(organisation_id));
"""


def no_policy(table: str) -> str:
    return f"""
DROP POLICY {table}_organisation ON {table};
ALTER TABLE {table} DISABLE ROW LEVEL SECURITY;
"""


class Migration(migrations.Migration):
    dependencies = [("casework", "0008_read_audit")]

    operations = [
        migrations.RunSQL(ROLE_AND_PRIVILEGES, reverse_sql=NO_PRIVILEGES),
        *(migrations.RunSQL(policy(table), reverse_sql=no_policy(table)) for table in TENANT_TABLES),
    ]
