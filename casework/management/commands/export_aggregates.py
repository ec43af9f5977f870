"""export_aggregates --table ID [--period P] [--format csv|json] [--org SLUG | --network] [--report]"""

from __future__ import annotations

import json

from django.core.exceptions import ValidationError
from django.core.management.base import CommandError
from django.utils import timezone, translation

from casework.exports import rendering
from casework.exports.definitions import TABLES
from casework.management.operator import OperatorCommand
from casework.models import Organisation
from casework.services.exports import exports_generate_for_operator, period_parse

ORG_OR_NETWORK = "Give --org SLUG for one organisation's table, or --network for the pooled one."


class Command(OperatorCommand):
    help = (
        "Print one aggregate table after disclosure control, as an operator on the server (recorded in the "
        "export audit without a user)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--table", required=True, choices=list(TABLES), help="table id")
        parser.add_argument("--period", default="", help="calendar year, e.g. 2025 (default: this year)")
        parser.add_argument("--format", default="csv", choices=["csv", "json"])
        scope = parser.add_mutually_exclusive_group()
        scope.add_argument("--org", help="organisation slug")
        scope.add_argument("--network", action="store_true", help="pooled across every organisation")
        parser.add_argument(
            "--report",
            action="store_true",
            help="also print the internal disclosure report (which rule hid which figure) to stderr",
        )
        parser.add_argument("--language", default="en", choices=["en", "ru"], help="of the labels")

    def handle(self, *args, **options):
        if not options["org"] and not options["network"]:
            raise CommandError(ORG_OR_NETWORK)
        organisation = None
        if options["org"]:
            organisation = Organisation.objects.filter(slug=options["org"]).first()
            if organisation is None:
                raise CommandError(f"No organisation with slug {options['org']!r}.")
        try:
            period = period_parse(options["period"], today=timezone.localdate())
        except ValidationError as error:
            raise CommandError("; ".join(error.messages)) from error
        with translation.override(options["language"]):
            [export] = exports_generate_for_operator(
                organisation=organisation,
                period=period,
                table_ids=[options["table"]],
                format=options["format"],
            )
            if options["format"] == "json":
                self.stdout.write(json.dumps(rendering.as_json(export), ensure_ascii=False, indent=2))
            else:
                self.stdout.write(rendering.as_csv(export), ending="")
        if options["report"]:
            for note in rendering.disclosure_report(export):
                self.stderr.write(f"{note['row'] or 'total'}\t{note['column'] or 'total'}\t{note['rule']}")
