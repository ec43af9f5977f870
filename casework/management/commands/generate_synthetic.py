from __future__ import annotations

from django.core.management.base import CommandError

from casework.management.operator import OperatorCommand
from casework.services.synthetic import BATCH_SIZE, synthetic_generate


class Command(OperatorCommand):
    help = (
        "Bulk synthetic data for benchmarks: new organisations 'Synthetic NGO 1…K', a caseworker each, and N "
        "invented clients with realistic histories. A second run adds to the first."
    )

    def add_arguments(self, parser):
        parser.add_argument("--clients", type=int, required=True)
        parser.add_argument("--seed", type=int, default=1, help="same seed, same histories (default 1)")
        parser.add_argument("--organisations", type=int, default=3, help="how many new organisations")
        parser.add_argument("--batch-size", type=int, default=BATCH_SIZE, help="clients per transaction")

    def handle(self, *args, clients: int, seed: int, organisations: int, batch_size: int, **options):
        if clients < 0 or organisations < 1 or batch_size < 1:
            raise CommandError("--clients must be 0 or more, --organisations and --batch-size 1 or more.")

        def progress(done: int) -> None:
            if options["verbosity"] >= 2:
                self.stdout.write(f"  {done} of {clients} clients")

        result = synthetic_generate(
            clients=clients, seed=seed, organisations=organisations, batch_size=batch_size, progress=progress
        )
        slugs = ", ".join(organisation.slug for organisation in result.organisations)
        self.stdout.write(
            f"Created {len(result.organisations)} organisations ({slugs}), {result.clients} clients and "
            f"{result.events} events in {result.seconds:.1f} s."
        )
