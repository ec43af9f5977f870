from __future__ import annotations

from casework.management.operator import OperatorCommand
from casework.services.keys import keys_rewrap


class Command(OperatorCommand):
    help = (
        "Re-wrap every client's data key with the current master key (CASEWORK_KEK) and rebuild the blind "
        "indexes under the current index key. Run after rotating the master key; see docs/keys.md."
    )

    def add_arguments(self, parser):
        parser.add_argument("--batch-size", type=int, default=500)

    def handle(self, *args, batch_size: int, **options):
        report = keys_rewrap(batch_size=batch_size)
        self.stdout.write(
            f"Re-wrapped {report.rewrapped} data keys, re-indexed {report.reindexed} clients; "
            f"{report.already_current} were already under the current key; "
            f"{report.erased} erased clients skipped; "
            f"re-sealed {report.second_factors} second-factor secrets."
        )
