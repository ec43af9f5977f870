from __future__ import annotations

from django.core.management.base import CommandError

from casework import projections
from casework.management.operator import OperatorCommand
from casework.models import Client


class Command(OperatorCommand):
    help = (
        "Replay every client's stream into the read models; --verify only compares and fails on a difference."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--verify", action="store_true", help="write nothing; exit non-zero on a difference"
        )
        parser.add_argument("--batch-size", type=int, default=1000, help="clients per transaction")
        parser.add_argument("--limit", type=int, default=None, help="only the first N clients by id")

    def handle(self, *args, verify: bool, batch_size: int, limit: int | None, **options):
        total = Client.objects.count() if limit is None else min(limit, Client.objects.count())
        report = projections.rebuild(verify_only=verify, batch_size=batch_size, limit=limit)
        if not verify:
            self.stdout.write(f"Rebuilt the read models of {total} clients.")
            return
        for client_id, found in report.items():
            # Client ids and field names only: a difference report is safe to paste into an issue.
            for line in found:
                self.stdout.write(f"{client_id}: {line}")
        if report:
            raise CommandError(f"{len(report)} of {total} clients differ from a fresh derivation.")
        self.stdout.write(f"Verified {total} clients: the read models equal a fresh derivation.")
