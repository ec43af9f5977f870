from __future__ import annotations

from django.conf import settings
from django.core.management.base import CommandError

from casework.demo import DEMO_USERS, INSTANCE_ADMIN, STATISTICS_ANALYST, STATISTICS_CLIENTS, seed_demo
from casework.management.operator import OperatorCommand

# A well-known password is acceptable for a local demo only; production must choose its own.
DEVELOPMENT_PASSWORD = "demo-casework"  # noqa: S105


class Command(OperatorCommand):
    help = (
        "Create a demo organisation, one user per role and ~30 synthetic clients, and a synthetic "
        "organisation with a couple of years of clients for the exports (prints the logins)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-empty", action="store_true", help="do nothing if the demo organisation exists"
        )
        parser.add_argument("--clients", type=int, default=30)
        parser.add_argument(
            "--statistics-clients",
            type=int,
            default=STATISTICS_CLIENTS,
            help="clients of the synthetic organisation for the exports (0: none)",
        )
        parser.add_argument("--password", help="password of the demo users (required when DEBUG is off)")

    def handle(
        self, *args, if_empty: bool, clients: int, statistics_clients: int, password: str | None, **options
    ):
        if password is None:
            if not settings.DEBUG:
                raise CommandError("Give --password: the built-in demo password is for DEBUG only.")
            password = DEVELOPMENT_PASSWORD
        result = seed_demo(password=password, clients=clients, statistics_clients=statistics_clients)
        if result.created:
            self.stdout.write(
                f"Created '{result.organisation.name}' with {result.clients} synthetic clients."
            )
            if result.statistics_organisation is not None:
                self.stdout.write(
                    f"Created '{result.statistics_organisation.name}' with {statistics_clients} synthetic "
                    "clients for the exports."
                )
        elif not if_empty:
            self.stdout.write(
                f"'{result.organisation.name}' exists already ({result.clients} clients); unchanged."
            )
        self.stdout.write(
            "Demo logins (password: %s):" % (password if password == DEVELOPMENT_PASSWORD else "as given")
        )
        for username, role in DEMO_USERS:
            note = (
                "  (also the instance administrator: network exports)" if username == INSTANCE_ADMIN else ""
            )
            self.stdout.write(f"  {username:<18} {role}{note}")
        if statistics_clients:
            self.stdout.write(f"  {STATISTICS_ANALYST:<18} analyst of the synthetic organisation (exports)")
