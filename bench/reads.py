"""Benchmark 3 and 6 (web side): server time of the pages a caseworker opens, at SMALL and LARGE clients.

`python -m bench.reads --size N --small S --large L` measures the database of size N and, when N is the large
one, the small one too in a child process, then reports the LARGE/SMALL ratio of every page's p50 (target
<= 2). Both runs look through the eyes of the same kind of user: a caseworker of the first organisation, made
inside a transaction that is rolled back at the end, to whom the same number of clients (ASSIGNED) is
assigned at both sizes — at 100k an organisation holds more clients, but a caseworker sees their own.
Pages are served by the Django test client (server time, no network) with production settings.
"""

from __future__ import annotations

import sys

from bench import harness, two_sizes

ASSIGNED = 200  # the caseworker's own clients, at both sizes
REPEAT = 30


class StatementCounter:
    """An execute wrapper that counts the SQL statements run through it."""

    def __init__(self) -> None:
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


class Rollback(Exception):
    """Leaves the benchmark's user and assignments behind in no dataset."""


def _setup(connection_user_model):
    """A caseworker of the first organisation with ASSIGNED of its clients (the oldest codes)."""
    from django.db import connection

    from casework.models import ClientStatus, Membership, Organisation, Role

    organisation = Organisation.objects.order_by("id").first()
    user = connection_user_model.objects.create_user(username="bench-reads", email="")
    Membership.objects.create(user=user, organisation=organisation, role=Role.CASEWORKER, language="en")
    # Everybody else's clients go to a colleague, so that "unassigned" is empty at both sizes.
    colleague = connection_user_model.objects.create_user(username="bench-colleague", email="")
    Membership.objects.create(user=colleague, organisation=organisation, role=Role.CASEWORKER, language="en")
    statuses = ClientStatus.objects.filter(organisation=organisation)
    statuses.update(assigned_to=colleague)
    mine = list(statuses.order_by("client__code").values_list("client_id", flat=True)[:ASSIGNED])
    ClientStatus.objects.filter(client_id__in=mine).update(assigned_to=user)
    # The planner's statistics as after a night of autovacuum (rolled back with the rest).
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE casework_clientstatus")
    # A client of the caseworker's with the most events (the client page grows with its stream, not the org).
    client_id = mine[len(mine) // 2]
    return user, client_id


def _pages(user, client_id) -> dict[str, str]:
    return {
        "dashboard": "/",
        "client_list_filtered": f"/clients/?listed=yes&caseworker={user.pk}",
        "client_page": f"/clients/{client_id}/",
        "api_deadlines": "/api/deadlines/",
    }


def _collect_static() -> None:
    """Production serves hashed static files from a manifest; a fresh checkout has none yet."""
    if not (harness.ROOT / "staticfiles" / "staticfiles.json").exists():
        from django.core.management import call_command

        call_command("collectstatic", "--noinput", verbosity=0)


def measure(size: int) -> dict:  # the environment names the database: size is for the report
    harness.setup_django()
    _collect_static()
    from django.contrib.auth import get_user_model
    from django.db import connection, transaction
    from django.test import Client

    results: dict = {}
    try:
        with transaction.atomic():
            user, client_id = _setup(get_user_model())
            browser = Client()
            browser.force_login(user)
            for name, url in _pages(user, client_id).items():

                def get(url=url):
                    response = browser.get(url)
                    assert response.status_code == 200, (url, response.status_code)

                statements = StatementCounter()
                # The request signals reset the debug query log, so count at the cursor instead.
                with connection.execute_wrapper(statements):
                    get()
                samples = harness.timed(get, repeat=REPEAT)
                results[name] = {**harness.summary_ms(samples), "queries": statements.count}
            raise Rollback
    except Rollback:
        pass
    return {"size": size, "pages": results, "peak_rss_mb": harness.peak_rss_mb()}


def main() -> None:
    compared = two_sizes.both("reads", measure)
    if compared is None:
        return
    arguments, small, large = compared
    figures = [
        two_sizes.p50_ratio(page, large["pages"][page], small["pages"][page], arguments, what="page")
        for page in large["pages"]
    ]
    harness.report(
        "reads",
        figures,
        assigned_clients=ASSIGNED,
        user="a caseworker of the first organisation with the same number of own clients at both sizes",
        server_time="Django test client, production settings, no network",
        synchronous_commit="as configured (durable)",
        web_peak_rss_mb={
            str(arguments.small): small["peak_rss_mb"],
            str(arguments.large): large["peak_rss_mb"],
        },
    )


if __name__ == "__main__":
    sys.exit(main())
