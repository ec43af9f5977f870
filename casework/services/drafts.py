"""Writing a draft from the case: render a template, store the DOCX in the case file, record the event.

One transaction: the read of the personal data (services/reading.draft_context_open, one DRAFT_GENERATED
row), the document (kind `draft`, encrypted like every document, linked to the deadline's trigger event) and
the `document_generated` event (template and version, deadline, as-of and known-at, the inputs' SHA-256, the
document's id) all commit together or not at all. Drafts are never e-mailed.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import partial
from typing import Any
from uuid import UUID

from django.core.exceptions import ValidationError
from django.db import transaction

from casework import access, eventstore, projections
from casework.clock import organisation_today
from casework.derivation import official_rules
from casework.documents.exceptions import DocumentGone
from casework.domain.catalogue import DOCUMENT_GENERATED, EVENT_TYPES
from casework.domain.formatting import format_instant
from casework.drafts import context as draft_context
from casework.drafts.render import RenderRefused, render_docx
from casework.drafts.tasks import enqueue_pdf
from casework.drafts.templates import MAX_FIELD, DraftTemplate, template_get
from casework.eventstore import NewEvent
from casework.models import Client, Document, Event, ReadChannel
from casework.selectors.documents import evidence_event_for
from casework.selectors.status import client_status_for
from casework.services.documents import document_upload
from casework.services.reading import draft_context_open

UNKNOWN_TEMPLATE = "casework has no draft template of that name."
UNKNOWN_DEADLINE = "The client has no such deadline now."
DOES_NOT_FIT = "This template does not fit that deadline (its rule or status)."
UNKNOWN_FIELDS = "The template does not ask for these fields: {names}."
FIELD_TOO_LONG = "A field is at most {limit} characters."
NOT_TEXT = "Each field is text."
RENDER_REFUSED = "The template could not be rendered ({reason}); tell the administrator."
CLIENT_ERASED = "This client's personal data was erased; no draft can be written."
ANNEX = "annex"  # not a free field: whether to append the deadline's computation for the lawyer


@dataclass(frozen=True)
class DraftResult:
    document: Document
    event: Event


def template_for(template_id: str) -> DraftTemplate:
    template = template_get(template_id)
    if template is None:
        raise ValidationError({"template": [UNKNOWN_TEMPLATE]})
    return template


def clean_fields(template: DraftTemplate, fields: Mapping[str, Any]) -> dict[str, Any]:
    """The free fields as text; unknown names, non-text values and missing required fields refused (the
    last as {"missing": [names]}, what API.md's 400 lists)."""
    known = {field.name for field in template.fields}
    unknown = sorted(name for name in fields if name not in known and name != ANNEX)
    if unknown:
        raise ValidationError({"fields": [UNKNOWN_FIELDS.format(names=", ".join(unknown))]})
    cleaned: dict[str, Any] = {}
    for name, value in fields.items():
        if name == ANNEX:
            cleaned[ANNEX] = value in (True, "1", "true", "on")
            continue
        if value is None:
            value = ""
        if not isinstance(value, str):
            raise ValidationError({name: [NOT_TEXT]})
        if len(value) > MAX_FIELD:
            raise ValidationError({name: [FIELD_TOO_LONG.format(limit=MAX_FIELD)]})
        cleaned[name] = value
    missing = template.missing(cleaned)
    if missing:
        raise ValidationError({"missing": missing})
    return cleaned


def check_fits(*, actor: access.Actor, client: Client, template: DraftTemplate, deadline_key: str) -> None:
    """The template fits the client's deadline as derived now (no personal data opened)."""
    state = client_status_for(actor=actor, client=client)
    try:
        deadline = draft_context.deadline_of(state, deadline_key)
    except draft_context.DeadlineNotFound:
        raise ValidationError({"deadline_key": [UNKNOWN_DEADLINE]}) from None
    if not template.fits(deadline):
        raise ValidationError({"template": [DOES_NOT_FIT]})


def _file_name(template: DraftTemplate, ref: str | None, day: str) -> str:
    return " ".join(part for part in (template.short_title or template.id, ref or "", day) if part) + ".docx"


def draft_generate(
    *,
    actor: access.Actor,
    client: Client,
    template: str,
    deadline_key: str,
    fields: Mapping[str, Any],
    channel: str = ReadChannel.WEB,
) -> DraftResult:
    access.require_case_access(actor, client.organisation_id)
    draft_template = template_for(template)
    check_fits(actor=actor, client=client, template=draft_template, deadline_key=deadline_key)
    cleaned = clean_fields(draft_template, fields)
    today = organisation_today(client.organisation)
    with transaction.atomic():
        sources = draft_context_open(actor=actor, client=client, channel=channel)
        if sources.personal is None:
            raise DocumentGone()
        deadline = draft_context.deadline_of(sources.state, deadline_key)
        context = draft_context.build_context(
            template=draft_template,
            state=sources.state,
            deadline=deadline,
            personal=sources.personal,
            official_numbers=sources.official_numbers,
            documents=sources.documents,
            fields=cleaned,
            rules=official_rules(),
            today=today,
        )
        try:
            content = render_docx(draft_template.path, context)
        except RenderRefused as exc:
            raise ValidationError({"template": [RENDER_REFUSED.format(reason=exc)]}) from None
        trigger = evidence_event_for(actor=actor, client=client, event_id=UUID(deadline.trigger_event))
        document = document_upload(
            actor=actor,
            client=client,
            file=content,
            kind="draft",
            event=trigger,
            description=f"Черновик: {draft_template.title} (шаблон {draft_template.id}, версия "
            f"{draft_template.version})",
            name=_file_name(draft_template, deadline.decision_ref, today.isoformat()),
        )
        # The PDF beside it, once this transaction has committed (the task reads the DOCX through the reading
        # door as the same user): ids only in the task's arguments. Without LibreOffice it stays a DOCX.
        transaction.on_commit(partial(enqueue_pdf, actor.pk, document.id))
        data = {
            "template": draft_template.id,
            "template_version": draft_template.version,
            "deadline_key": deadline.key,
            "as_of": sources.state.as_of.isoformat(),
            "known_at": format_instant(sources.state.known_at),
            "inputs_sha256": draft_context.inputs_hash(context),
            "document": str(document.id),
        }
        result = eventstore.append(
            client=client,
            prepare=lambda _stream: NewEvent(
                type=DOCUMENT_GENERATED,
                data=data,
                occurred_on=today,
                schema_version=EVENT_TYPES[DOCUMENT_GENERATED].schema_version,
            ),
            recorded_by_id=actor.pk,
            then=lambda _event, stream: projections.apply(client, events=stream),
        )
        return DraftResult(document=document, event=result.event)
