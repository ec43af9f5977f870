from __future__ import annotations

import subprocess
import sys
import tempfile
from contextlib import ExitStack
from uuid import UUID

from django.conf import settings
from django.core.management.base import CommandError

from casework import projections
from casework.management.operator import OperatorCommand
from casework.models import Client


def shares(limit: int | None, processes: int) -> list[tuple[UUID | None, UUID | None]]:
    """Split the clients (the first `limit` by id) into `processes` id ranges (after, through] of about the
    same size; the last range is open-ended unless a limit bounds it."""
    ids = Client.objects.order_by("id").values_list("id", flat=True)
    total = ids.count() if limit is None else min(limit, ids.count())
    processes = min(processes, total)  # more processes than clients would leave some with nothing to do
    bounds: list[UUID | None] = [None]
    for index in range(1, processes):
        position = total * index // processes
        if position > 0:
            bounds.append(ids[position - 1])
    last = ids[total - 1] if limit is not None and total else None
    bounds.append(last)
    return [(bounds[i], bounds[i + 1]) for i in range(len(bounds) - 1) if total]


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
        parser.add_argument(
            "--processes", type=int, default=1,
            help="split the clients by id over this many processes (one per core)",
        )  # fmt: skip
        # A share of a parallel run (set by --processes): the clients with ids in (after, through].
        parser.add_argument("--after", type=UUID, default=None, help="internal: share lower bound")
        parser.add_argument("--through", type=UUID, default=None, help="internal: share upper bound")

    def handle(
        self, *args, verify: bool, batch_size: int, limit: int | None, processes: int,
        after: UUID | None, through: UUID | None, **options,
    ):  # fmt: skip
        if processes < 1 or batch_size < 1 or (limit is not None and limit < 0):
            raise CommandError("--processes and --batch-size must be 1 or more, --limit 0 or more.")
        if processes > 1:
            return self._in_processes(verify=verify, batch_size=batch_size, limit=limit, processes=processes)
        clients = Client.objects.all()
        if after is not None:
            clients = clients.filter(id__gt=after)
        if through is not None:
            clients = clients.filter(id__lte=through)
        total = clients.count() if limit is None else min(limit, clients.count())
        report = projections.rebuild(
            verify_only=verify, batch_size=batch_size, limit=limit, after=after, through=through
        )
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

    def _in_processes(self, *, verify: bool, batch_size: int, limit: int | None, processes: int) -> None:
        """Each share in a process of its own (the work is Python-bound: one core each), all at once; each
        batch is still its own transaction under its streams' locks, so the shares never overlap or wait."""
        with ExitStack() as files:
            running = []
            for after, through in shares(limit, processes):
                command = [sys.executable, str(settings.BASE_DIR / "manage.py"), "rebuild_projections"]
                command += ["--batch-size", str(batch_size)]
                command += ["--verify"] if verify else []
                command += ["--after", str(after)] if after is not None else []
                command += ["--through", str(through)] if through is not None else []
                # To a file, not a pipe: a share with many differences must not block on a full pipe.
                output = files.enter_context(tempfile.TemporaryFile(mode="w+"))
                # Our own command line, with ids and numbers only: nothing untrusted reaches it.
                process = subprocess.Popen(command, stdout=output, stderr=subprocess.STDOUT, text=True)  # noqa: S603
                running.append((process, output))
            failed = 0
            for process, output in running:
                process.wait()
                output.seek(0)
                self.stdout.write(output.read().rstrip())
                failed += process.returncode != 0
        if failed:
            raise CommandError(f"{failed} of {len(running)} processes failed (their output is above).")
