"""The confirm of a spreadsheet import: one batch, idempotent and resumable (docs/import.md).

The file is planned again (a preview shown minutes ago is never trusted), then written a row to a
transaction: the client (registered, or the one the same document number matches), its events with
idempotency keys made from what they say, the reminder steps already past skipped, the deadlines already
missed put on the review list, and the row's ImportRow — all or nothing. A crash after row N leaves rows
1..N written and recorded; running the file again skips them by their row key, and a corrected file adds
only the events that are new (the others' keys are in the stream already).
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from uuid import UUID

from django.db import IntegrityError, transaction
from django.db.models import Count, Q, Sum
from django.utils import timezone

from casework import access
from casework.domain.events import PayloadInvalid
from casework.eventstore import IdempotencyKeyReused
from casework.imports.plan import DATED_BY_THE_IMPORT, CellError, PlannedEvent, RowPlan
from casework.models import (
    Client,
    Deadline,
    DeadlineChange,
    DeadlineStatus,
    ImportBatch,
    ImportRow,
    ImportRowOutcome,
    ImportState,
    Organisation,
)
from casework.personal import PersonalData, blind_indexes
from casework.reminders.ledger import skip_past
from casework.selectors.imports import (
    BY_DOCUMENT,
    ImportPreview,
    Match,
    import_preview_for,
    import_preview_for_operator,
)
from casework.services.clients import client_register_imported
from casework.services.events import event_record_imported, imported_event_key

POSSIBLE_DUPLICATE = "Possible duplicate of an existing client (same name): not imported."
IMPORTED_MISSED = "imported as already missed — decide on a restoration petition"


@dataclass
class ImportResult:
    batch: ImportBatch
    rows: int = 0
    clients_created: int = 0
    clients_matched: int = 0
    events: int = 0
    already_imported: int = 0  # rows of this file written by an earlier run, skipped
    errors: list[CellError] = field(default_factory=list)

    def summary(self) -> dict:
        """API.md's JSON summary: what this run wrote."""
        return {
            "rows": self.rows,
            "clients_created": self.clients_created,
            "clients_matched": self.clients_matched,
            "events": self.events,
            "already_imported": self.already_imported,
            "errors": [
                {"row": error.row, "column": error.column, "message": error.message}
                | ({"suggestion": error.suggestion} if error.suggestion else {})
                for error in self.errors
            ],
        }


def import_confirm(
    *, actor: access.Actor, data: bytes, filename: str, mapping: Mapping[str, str] | None = None,
    encoding: str | None = None, delimiter: str | None = None, accept_name_matches: bool = False,
) -> ImportResult:  # fmt: skip
    """For a supervisor or admin of the organisation (import_preview_for checks it)."""
    preview = import_preview_for(
        actor=actor, data=data, filename=filename, mapping=mapping, encoding=encoding, delimiter=delimiter
    )
    organisation = access.membership_of(actor).organisation
    return _confirm(organisation, actor, preview, accept_name_matches)


def import_confirm_for_operator(
    *, organisation: Organisation, data: bytes, filename: str, mapping: Mapping[str, str] | None = None,
    encoding: str | None = None, delimiter: str | None = None, accept_name_matches: bool = False,
) -> ImportResult:  # fmt: skip
    """The command line's way in (import_cases --confirm): no acting user, the batch's user is NULL."""
    preview = import_preview_for_operator(
        organisation=organisation, data=data, filename=filename, mapping=mapping, encoding=encoding,
        delimiter=delimiter,
    )  # fmt: skip
    return _confirm(organisation, None, preview, accept_name_matches)


def row_key(file_sha256: str, row: int) -> str:
    return hashlib.sha256(f"{file_sha256}:{row}".encode()).hexdigest()


def _batch_for(organisation: Organisation, user: access.Actor | None, file_sha256: str) -> ImportBatch:
    """The unfinished batch of this file, resumed; or a new one."""
    unfinished = ImportBatch.objects.filter(
        organisation=organisation,
        file_sha256=file_sha256,
        state__in=[ImportState.RUNNING, ImportState.FAILED],
    )
    batch = unfinished.order_by("-created_at").first()
    if batch is None:
        batch = ImportBatch.objects.create(organisation=organisation, user=user, file_sha256=file_sha256)
    ImportBatch.objects.filter(pk=batch.pk).update(state=ImportState.RUNNING, finished_at=None)
    return batch


def _confirm(
    organisation: Organisation, user: access.Actor | None, preview: ImportPreview, accept_name_matches: bool
) -> ImportResult:
    batch = _batch_for(organisation, user, preview.file_sha256)
    result = ImportResult(batch=batch, rows=len(preview.plans))
    keys = {plan.row: row_key(preview.file_sha256, plan.row) for plan in preview.plans}
    done = set(
        ImportRow.objects.filter(organisation=organisation, row_key__in=keys.values()).values_list(
            "row_key", flat=True
        )
    )
    # The clients this run registered, by document: a person on two rows of the file is one client.
    written: dict[str | None, UUID] = {}
    try:
        for plan in preview.plans:
            if not plan.accepted:
                result.errors += plan.errors
                continue
            if keys[plan.row] in done:
                result.already_imported += 1
                continue
            document = _document_index(organisation, plan)
            match = preview.matches.get(plan.row) or (
                Match(written[document], BY_DOCUMENT) if document in written else None
            )
            if match is not None and match.by != BY_DOCUMENT and not accept_name_matches:
                result.errors.append(CellError(plan.row, "", POSSIBLE_DUPLICATE))
                continue
            try:
                outcome, client_id, events = write_row(organisation, user, batch, plan, match, keys[plan.row])
            except IntegrityError:
                # Another run of the same file wrote this row meanwhile (its row key is taken): this row's
                # transaction was rolled back whole, nothing of it is doubled.
                if not ImportRow.objects.filter(organisation=organisation, row_key=keys[plan.row]).exists():
                    raise
                result.already_imported += 1
                continue
            except PayloadInvalid as error:
                result.errors += [
                    CellError(plan.row, "", f"{name}: {text}")
                    for name, messages in error.errors.items()
                    for text in messages
                ]
                continue
            result.events += events
            if outcome == ImportRowOutcome.CREATED:
                result.clients_created += 1
                if document is not None:
                    written[document] = client_id
            else:
                result.clients_matched += 1
    except BaseException:
        _finish(batch, ImportState.FAILED, result)
        raise
    _finish(batch, ImportState.DONE, result)
    batch.refresh_from_db()
    return result


def write_row(
    organisation: Organisation, user: access.Actor | None, batch: ImportBatch, plan: RowPlan,
    match: Match | None, key: str,
) -> tuple[str, UUID, int]:  # fmt: skip
    """One row, in its own transaction: the client, its new events, the reminder rule, its ImportRow."""
    now = timezone.now()
    with transaction.atomic():
        if match is None:
            client = client_register_imported(
                organisation=organisation, created_by=user, personal=_personal(plan),
                citizenship=plan.client["citizenship"], sex=plan.client["sex"], region=plan.client["region"],
            )  # fmt: skip
            outcome = ImportRowOutcome.CREATED
        else:
            client = Client.objects.select_related("organisation").get(
                pk=match.client_id, organisation=organisation
            )
            outcome = ImportRowOutcome.MATCHED
        added: list[UUID] = []
        for event in plan.events:
            try:
                appended = event_record_imported(
                    client=client, recorded_by=user, type=event.type, data=event.data,
                    occurred_on=event.occurred_on,
                    idempotency_key=imported_event_key(client, event.type, _dated(event), event.data),
                )  # fmt: skip
            except IdempotencyKeyReused:
                continue  # the same undated note, recorded by an earlier day's run: dated that day
            if appended.created:
                added.append(appended.event.id)
        if added:
            skip_past(organisation=organisation, client_id=client.id, now=now)
            _review_missed(client, now)
        ImportRow.objects.create(
            organisation=organisation, batch=batch, row_number=plan.row, row_key=key, client=client,
            outcome=outcome, events=len(added), event_ids=added,
        )  # fmt: skip
    return outcome, client.id, len(added)


def _document_index(organisation: Organisation, plan: RowPlan) -> str | None:
    return blind_indexes(
        organisation.id,
        full_name=plan.client["full_name"],
        document_number=plan.client.get("document_number", ""),
    )[1]


def _dated(event: PlannedEvent) -> date | None:
    """A note or an assignment is dated by the sheet only if it has a date column; the key cannot tell, so
    for these kinds it leaves the date out (the same note of the same client is the same fact)."""
    return None if event.type in DATED_BY_THE_IMPORT else event.occurred_on


def _personal(plan: RowPlan) -> PersonalData:
    return PersonalData(
        full_name=plan.client["full_name"],
        date_of_birth=plan.client["date_of_birth"],
        document_number=plan.client.get("document_number", ""),
        phone=plan.client.get("phone", ""),
    )


def _review_missed(client: Client, now: datetime) -> None:
    """Each deadline already missed once the import wrote it goes on the dashboard's review list, once."""
    missed = Deadline.objects.filter(client=client, status=DeadlineStatus.MISSED).values_list("key", "due_on")
    listed = set(DeadlineChange.objects.filter(client=client, imported=True).values_list("key", "new_due_on"))
    DeadlineChange.objects.bulk_create(
        DeadlineChange(
            organisation_id=client.organisation_id,
            client=client,
            key=deadline_key,
            new_due_on=due_on,
            new_status=DeadlineStatus.MISSED,
            imported=True,
            reason=IMPORTED_MISSED,
            changed_at=now,
        )
        for deadline_key, due_on in missed
        if (deadline_key, due_on) not in listed
    )


def _finish(batch: ImportBatch, state: str, result: ImportResult) -> None:
    """The batch's counts of clients and events are those of all its rows, over every run that resumed it;
    rows and errors are the file's, as this run found them."""
    rows = ImportRow.objects.filter(batch=batch).aggregate(
        created=Count("id", filter=Q(outcome=ImportRowOutcome.CREATED)),
        matched=Count("id", filter=Q(outcome=ImportRowOutcome.MATCHED)),
        events=Sum("events"),
    )
    ImportBatch.objects.filter(pk=batch.pk).update(
        state=state, finished_at=timezone.now(), rows=result.rows, clients_created=rows["created"],
        clients_matched=rows["matched"], events=rows["events"] or 0, errors=len(result.errors),
    )  # fmt: skip
