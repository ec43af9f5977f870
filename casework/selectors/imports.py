"""The preview of a spreadsheet import: every row planned (casework/imports/plan.py) and matched against the
organisation's clients by their blind indexes — the same document number, or the same name — with nothing
written. Matching reads only keyed hashes: no client's personal data is opened to preview a file.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from uuid import UUID

from django.utils import timezone

from casework import access
from casework.clock import organisation_today
from casework.derivation import official_rules, regional_calendar
from casework.imports.mapping import resolve
from casework.imports.plan import CellError, RowPlan, plan_sheet
from casework.imports.sheets import Sheet, read_sheet
from casework.models import Client, Organisation
from casework.personal import blind_indexes

BY_DOCUMENT = "document_number"
BY_NAME = "full_name"


@dataclass(frozen=True)
class Match:
    client_id: UUID
    by: str  # BY_DOCUMENT (the same person, surely) or BY_NAME (possibly: check the date of birth)


@dataclass
class ImportPreview:
    sheet: Sheet
    file_sha256: str
    plans: list[RowPlan]
    matches: dict[int, Match] = field(default_factory=dict)  # by row number

    def summary(self) -> dict:
        """API.md's JSON summary of `import_cases` (without --confirm: what it would do)."""
        accepted = [plan for plan in self.plans if plan.accepted]
        errors: list[CellError] = [error for plan in self.plans for error in plan.errors]
        return {
            "rows": len(self.plans),
            "clients_created": sum(1 for plan in accepted if plan.row not in self.matches),
            "clients_matched": sum(1 for plan in accepted if plan.row in self.matches),
            "events": sum(len(plan.events) for plan in accepted),
            "errors": [
                {"row": error.row, "column": error.column, "message": error.message}
                | ({"suggestion": error.suggestion} if error.suggestion else {})
                for error in errors
            ],
        }


def import_preview_for(
    *, actor: access.Actor, data: bytes, filename: str = "", mapping: Mapping[str, str] | None = None,
    encoding: str | None = None, delimiter: str | None = None,
) -> ImportPreview:  # fmt: skip
    """For a supervisor or admin of the organisation (imports are theirs, like reassignment)."""
    membership = access.require_assigning_role(actor, access.membership_of(actor).organisation_id)
    return _preview(membership.organisation, data, filename, mapping, encoding, delimiter)


def import_preview_for_operator(
    *, organisation: Organisation, data: bytes, filename: str = "", mapping: Mapping[str, str] | None = None,
    encoding: str | None = None, delimiter: str | None = None,
) -> ImportPreview:  # fmt: skip
    """The command line's way in: an operator on the server, in the system scope (import_cases)."""
    return _preview(organisation, data, filename, mapping, encoding, delimiter)


def _preview(
    organisation: Organisation, data: bytes, filename: str, mapping: Mapping[str, str] | None,
    encoding: str | None, delimiter: str | None,
) -> ImportPreview:  # fmt: skip
    sheet = read_sheet(data, filename=filename, encoding=encoding, delimiter=delimiter)
    targets = resolve(sheet.headers, mapping)
    now: datetime = timezone.now()
    today: date = organisation_today(organisation)
    plans = plan_sheet(
        sheet, targets, today=today, known_at=now, calendar=regional_calendar(organisation.id, None),
        rules=official_rules(), default_timezone=organisation.timezone,
    )  # fmt: skip
    preview = ImportPreview(sheet=sheet, file_sha256=hashlib.sha256(data).hexdigest(), plans=plans)
    preview.matches = _matches(organisation, [plan for plan in plans if plan.accepted])
    return preview


def _matches(organisation: Organisation, plans: list[RowPlan]) -> dict[int, Match]:
    indexes = {
        plan.row: blind_indexes(
            organisation.id,
            full_name=plan.client["full_name"],
            document_number=plan.client.get("document_number", ""),
        )
        for plan in plans
    }
    documents = {document for _name, document in indexes.values() if document}
    names = {name for name, _document in indexes.values()}
    existing = Client.objects.filter(organisation_id=organisation.id, erased_at__isnull=True)
    by_document = dict(existing.filter(document_index__in=documents).values_list("document_index", "id"))
    by_name = dict(existing.filter(name_index__in=names).values_list("name_index", "id"))
    matches: dict[int, Match] = {}
    for row, (name, document) in indexes.items():
        if document and document in by_document:
            matches[row] = Match(by_document[document], BY_DOCUMENT)
        elif name in by_name:
            matches[row] = Match(by_name[name], BY_NAME)
    return matches
