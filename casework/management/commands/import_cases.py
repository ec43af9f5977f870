"""import_cases --org SLUG --file F.csv|F.xlsx [--mapping M.json] [--encoding E] [--delimiter D]
[--confirm [--accept-name-matches]]

Without --confirm a preview, nothing written; with it, one idempotent batch (casework/services/imports.py).
"""

from __future__ import annotations

import json
from pathlib import Path

from django.core.management.base import CommandError

from casework.imports.mapping import MappingInvalid
from casework.imports.sheets import SheetUnreadable
from casework.management.operator import OperatorCommand
from casework.models import Organisation
from casework.selectors.imports import import_preview_for_operator
from casework.services.imports import import_confirm_for_operator


class Command(OperatorCommand):
    help = (
        "Preview an import of an NGO's spreadsheet: each row's client, events and derived deadlines, the "
        "errors by row and column, and the clients it matches; with --confirm, write it as one idempotent, "
        "resumable batch. Prints a JSON summary last."
    )

    def add_arguments(self, parser):
        parser.add_argument("--org", required=True, help="organisation slug")
        parser.add_argument("--file", required=True, help="a .csv or .xlsx file")
        parser.add_argument("--mapping", help="a JSON file {column header: target} (default: the template's)")
        parser.add_argument("--encoding", help="of a CSV (default: detected, UTF-8 or cp1251)")
        parser.add_argument("--delimiter", help="of a CSV (default: detected among ; , and tab)")
        parser.add_argument(
            "--confirm", action="store_true", help="write the batch (rows already imported are skipped)"
        )
        parser.add_argument(
            "--accept-name-matches", action="store_true",
            help="with --confirm: a row that matches a client by the name only is that client "
            "(default: the row is not imported)",
        )  # fmt: skip

    def handle(self, *args, **options):
        organisation = Organisation.objects.filter(slug=options["org"]).first()
        if organisation is None:
            raise CommandError(f"No organisation with slug {options['org']!r}.")
        path = Path(options["file"])
        mapping = None
        try:
            data = path.read_bytes()
            if options["mapping"]:
                mapping = json.loads(Path(options["mapping"]).read_text(encoding="utf-8"))
        except (OSError, ValueError) as error:
            raise CommandError(
                f"Cannot read {error.filename if isinstance(error, OSError) else 'the mapping'}."
            ) from error
        if mapping is not None and not (
            isinstance(mapping, dict) and all(isinstance(v, str) for v in mapping.values())
        ):
            raise CommandError('The mapping must be a JSON object {"column header": "target"}.')
        arguments = {
            "organisation": organisation, "data": data, "filename": path.name, "mapping": mapping,
            "encoding": options["encoding"], "delimiter": options["delimiter"],
        }  # fmt: skip
        try:
            if options["confirm"]:
                result = import_confirm_for_operator(
                    **arguments, accept_name_matches=options["accept_name_matches"]
                )
                summary = result.summary()
                summary["batch"] = {"id": result.batch.pk, "sha256": result.batch.file_sha256}
                self.stdout.write(json.dumps(summary, ensure_ascii=False))
                return
            preview = import_preview_for_operator(**arguments)
        except SheetUnreadable as error:
            raise CommandError(str(error)) from error
        except MappingInvalid as error:
            raise CommandError("; ".join(error.errors)) from error
        summary = preview.summary()
        sheet = preview.sheet
        summary["file"] = {
            "sha256": preview.file_sha256, "format": sheet.format, "encoding": sheet.encoding,
            "delimiter": sheet.delimiter, "columns": list(sheet.headers),
        }  # fmt: skip
        self.stdout.write(json.dumps(summary, ensure_ascii=False))
