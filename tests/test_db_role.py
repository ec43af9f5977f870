"""Issue 14 item 10: row-level security fails closed when misdeployed.

The policies bind neither a superuser nor a BYPASSRLS role, and a table's owner can switch them off. Outside
DEBUG, the web and worker processes refuse to start as any of those (unless CASEWORK_DB_ROLE names a role
they take instead, which is then checked itself); `check --deploy --database default` reports the same; and
FORCE ROW LEVEL SECURITY makes the policies bind an owner that reads rows by mistake.

The test connection is the superuser `postgres`. Roles made here exist only inside the test's transaction
(CREATE ROLE is transactional), under names of their own, so parallel runs never meet them.
"""

from __future__ import annotations

import subprocess
import sys
from uuid import uuid4

import pytest
from django.core import checks
from django.core.exceptions import ImproperlyConfigured
from django.db import connection

from casework import db_role
from tests.test_deploy_check import ROOT, production_environment
from tests.test_row_level_security import APP_ROLE, TENANT_TABLES, two_organisations  # noqa: F401


def make_role(options: str = "") -> str:
    name = f"cw_test_{uuid4().hex[:12]}"
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE ROLE {name} NOLOGIN {options}")
    return name


def connect_as(role: str) -> None:
    """What logging in as `role` looks like to the checks: current_user is that role (till the test ends)."""
    with connection.cursor() as cursor:
        cursor.execute(f"SET LOCAL ROLE {role}")


@pytest.fixture
def production(settings):
    settings.DEBUG = False
    settings.CASEWORK_DB_ROLE = None
    return settings


def test_a_superuser_is_refused(db, production):
    # The test connection itself: postgres, a superuser, without CASEWORK_DB_ROLE.
    with pytest.raises(ImproperlyConfigured, match="superuser"):
        db_role.refuse_a_role_that_bypasses_row_level_security()


def test_a_bypassrls_role_is_refused(db, production):
    connect_as(make_role("BYPASSRLS"))
    with pytest.raises(ImproperlyConfigured, match="BYPASSRLS"):
        db_role.refuse_a_role_that_bypasses_row_level_security()


def test_the_tables_owner_is_refused(db, production):
    owner = make_role()
    with connection.cursor() as cursor:
        cursor.execute(f"ALTER TABLE casework_client OWNER TO {owner}")
    connect_as(owner)
    with pytest.raises(ImproperlyConfigured, match="owns casework_client"):
        db_role.refuse_a_role_that_bypasses_row_level_security()


def test_a_member_of_the_owner_is_refused_too(db, production):
    owner = make_role()
    member = make_role(f"IN ROLE {owner}")
    with connection.cursor() as cursor:
        cursor.execute(f"ALTER TABLE casework_event OWNER TO {owner}")
    connect_as(member)
    with pytest.raises(ImproperlyConfigured, match="owns casework_event"):
        db_role.refuse_a_role_that_bypasses_row_level_security()


def test_a_login_role_in_the_app_role_starts(db, production):
    connect_as(make_role(f"IN ROLE {APP_ROLE}"))
    db_role.refuse_a_role_that_bypasses_row_level_security()  # no exception


def test_the_owner_with_casework_db_role_starts_as_that_role(db, production):
    production.CASEWORK_DB_ROLE = APP_ROLE
    db_role.refuse_a_role_that_bypasses_row_level_security()
    with connection.cursor() as cursor:  # and the check left the connection as it found it
        cursor.execute("SELECT current_user")
        assert cursor.fetchone() == ("postgres",)


def test_casework_db_role_naming_a_bypassing_role_is_refused(db, production):
    production.CASEWORK_DB_ROLE = make_role("BYPASSRLS")
    with pytest.raises(ImproperlyConfigured, match="BYPASSRLS"):
        db_role.refuse_a_role_that_bypasses_row_level_security()


def test_development_is_not_refused(db, settings):
    settings.DEBUG = True
    settings.CASEWORK_DB_ROLE = None
    db_role.refuse_a_role_that_bypasses_row_level_security()  # postgres, but DEBUG: no exception


def deploy_errors() -> list[checks.CheckMessage]:
    return checks.run_checks(
        include_deployment_checks=True, tags=[checks.Tags.database], databases=["default"]
    )


def test_check_deploy_reports_each_condition(db, settings):
    settings.CASEWORK_DB_ROLE = None
    assert [message.id for message in deploy_errors()] == ["casework.E001"]  # postgres: a superuser

    connect_as(make_role("BYPASSRLS"))
    assert [message.id for message in deploy_errors()] == ["casework.E001"]


def test_check_deploy_reports_the_owner(db, settings):
    settings.CASEWORK_DB_ROLE = None
    owner = make_role()
    with connection.cursor() as cursor:
        cursor.execute(f"ALTER TABLE casework_readaudit OWNER TO {owner}")
    connect_as(owner)
    [error] = deploy_errors()
    assert error.id == "casework.E001" and "owns casework_readaudit" in error.msg


def test_check_deploy_is_clean_as_the_app_role(db, settings):
    settings.CASEWORK_DB_ROLE = APP_ROLE
    assert deploy_errors() == []


def test_the_policies_bind_the_tables_owner(two_organisations):  # noqa: F811
    # FORCE ROW LEVEL SECURITY: an owner that is not a superuser sees no organisation's rows by default.
    owner = make_role()
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # ALTER TABLE waits for no deferred check
        cursor.execute(f"ALTER TABLE casework_client OWNER TO {owner}")
        cursor.execute(
            "SELECT relname FROM pg_class WHERE relname = ANY(%s) AND NOT relforcerowsecurity",
            [list(TENANT_TABLES)],
        )
        assert cursor.fetchall() == []
    connect_as(owner)
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM casework_client")
        assert cursor.fetchone() == (0,)
        cursor.execute("SELECT set_config('casework.system', 'on', true)")
        cursor.execute("SELECT count(*) FROM casework_client")
        assert cursor.fetchone() == (2,)


def run(environment: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    """A production process against the test database: `python -c "import config.wsgi"` is what gunicorn
    does first."""
    settings_dict = connection.settings_dict
    environment["DATABASE_URL"] = (
        f"postgres://{settings_dict['USER']}@{settings_dict['HOST']}:{settings_dict['PORT']}/{settings_dict['NAME']}"
    )
    return subprocess.run(
        [sys.executable, *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def without_role() -> dict[str, str]:
    environment = production_environment()
    environment.pop("CASEWORK_DB_ROLE", None)
    return environment


def test_the_web_process_refuses_to_start_as_a_superuser(db):
    refused = run(without_role(), "-c", "import config.wsgi")
    assert refused.returncode != 0
    assert "superuser" in refused.stderr

    started = run(production_environment(CASEWORK_DB_ROLE=APP_ROLE), "-c", "import config.wsgi")
    assert started.returncode == 0, started.stderr


def test_manage_py_check_deploy_with_the_database_reports_it(db):
    command = ("manage.py", "check", "--deploy", "--database", "default", "--fail-level", "WARNING")
    refused = run(without_role(), *command)
    assert refused.returncode != 0
    assert "casework.E001" in refused.stderr

    passed = run(production_environment(CASEWORK_DB_ROLE=APP_ROLE), *command)
    assert passed.returncode == 0, passed.stderr + passed.stdout


def test_the_worker_refuses_to_start_as_a_superuser(db, production, capsys):
    from config.celery import refuse_a_misdeployed_database_role

    with pytest.raises(SystemExit):
        refuse_a_misdeployed_database_role()
    assert "superuser" in capsys.readouterr().err
