"""The PDF beside a draft's DOCX, made by a Celery task: thin, ids in, JSON out.

After the draft service has stored a DOCX draft, call `enqueue_pdf(user_id, document_id)` (after the commit:
`transaction.on_commit`). The worker opens the DOCX through the reading door as that user (one
document_downloaded row in the read audit, channel "web": the user asked for it on a page), converts it
(casework/drafts/pdf.py) and stores the PDF in the same case file as kind "draft", on the DOCX's event, with
the DOCX's stem and ".pdf", and a description naming the DOCX by id. A second run for the same DOCX finds
that PDF and stores nothing (the client's row is locked while it looks and stores, so two runs at once store
one). Retries are bounded (MAX_RETRIES).

Progress: Celery keeps no results here (CELERY_RESULT_BACKEND is None), so the task writes its state into
the cache (Redis) under the DOCX's id — `pdf_status(document_id)` reads it: None (never asked, or expired
after a day), or {"state": one of STATES, "pdf_id": the PDF's id once done}. It holds ids and a state only;
whoever shows it checks first that the reader may see the DOCX.
"""

from __future__ import annotations

import logging
from uuid import UUID

from celery import shared_task
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404

from casework import tenancy
from casework.documents.exceptions import DocumentGone
from casework.documents.sniffing import DOCX, PDF
from casework.drafts.pdf import DEFAULT_TIMEOUT, ConversionFailed, converter_available, docx_to_pdf
from casework.models import Client, Document, DocumentKind, Membership, ReadChannel
from casework.services.documents import document_upload
from casework.services.reading import ATTACHMENT, document_content_open, documents_read

logger = logging.getLogger(__name__)

TASK_NAME = "casework.drafts.convert_draft_to_pdf"
MAX_DOCX_BYTES = 20 * 1024 * 1024
MAX_RETRIES = 2
RETRY_SECONDS = 15
STATUS_SECONDS = 24 * 3600
QUEUED, CONVERTING, DONE, FAILED, UNAVAILABLE = "queued", "converting", "done", "failed", "unavailable"
STATES = (QUEUED, CONVERTING, DONE, FAILED, UNAVAILABLE)


class DraftTooLarge(Exception):
    """The DOCX is larger than MAX_DOCX_BYTES: not converted, and not retried."""


def _status_key(document_id: UUID | str) -> str:
    return f"drafts:pdf:{document_id}"


def _set_status(document_id: UUID | str, state: str, pdf_id: UUID | str | None = None) -> None:
    try:
        cache.set(_status_key(document_id), {"state": state, "pdf_id": str(pdf_id) if pdf_id else None},
                  STATUS_SECONDS)  # fmt: skip
    except Exception as error:  # noqa: BLE001 - the progress shown is a nicety; the conversion goes on
        logger.warning("PDF status of document %s not recorded (%s)", document_id, type(error).__name__)


def pdf_status(document_id: UUID | str) -> dict[str, str | None] | None:
    """The conversion's state for this DOCX (see the module's docstring), or None."""
    try:
        return cache.get(_status_key(document_id))
    except Exception:  # noqa: BLE001 - no cache, no progress
        return None


def pdf_description(docx_id: UUID | str) -> str:
    """The PDF's description; it names its DOCX by id, which is how a second run finds it."""
    return f"PDF of the draft document {docx_id}"


def enqueue_pdf(user_id: int, document_id: UUID | str) -> bool:
    """Queue the conversion of a stored DOCX draft; False when no converter is installed (the draft stays a
    DOCX only) or the broker is down."""
    if not converter_available():
        _set_status(document_id, UNAVAILABLE)
        return False
    _set_status(document_id, QUEUED)
    try:
        convert_draft_to_pdf.delay(user_id, str(document_id))
    except Exception as error:  # noqa: BLE001 - any broker failure: the DOCX is stored, the PDF is not
        logger.warning("PDF of document %s not queued (%s)", document_id, type(error).__name__)
        _set_status(document_id, FAILED)
        return False
    return True


def _existing_pdf(user, docx: Document) -> Document | None:
    candidates = list(
        Document.objects.filter(
            client_id=docx.client_id, event=docx.event, kind=DocumentKind.DRAFT, content_type=PDF,
            retracted_at__isnull=True, uploaded_at__gte=docx.uploaded_at,
        ).order_by("uploaded_at")
    )  # fmt: skip
    if not candidates:
        return None
    views = documents_read(actor=user, client=docx.client, documents=candidates, channel=ReadChannel.WEB)
    wanted = pdf_description(docx.id)
    return next((c for c, view in zip(candidates, views, strict=True) if view.description == wanted), None)


def _stem(name: str) -> str:
    return name.rsplit(".", 1)[0] if "." in name else name


def convert(user_id: int, document_id: UUID | str, *, timeout: float) -> UUID:
    """The use case behind the task: the PDF's id (an existing one when this DOCX has its PDF already)."""
    user = get_user_model().objects.get(pk=user_id)
    docx = Document.objects.select_related("client").get(
        pk=document_id, kind=DocumentKind.DRAFT, content_type=DOCX
    )
    existing = _existing_pdf(user, docx)
    if existing is not None:
        return existing.id
    with transaction.atomic():
        opened = document_content_open(
            actor=user, document=docx, channel=ReadChannel.WEB, disposition=ATTACHMENT
        )
        try:
            content = bytearray()
            for chunk in opened.chunks:
                content += chunk
                if len(content) > MAX_DOCX_BYTES:
                    raise DraftTooLarge()
        finally:
            opened.chunks.close()  # type: ignore[attr-defined]
        name = opened.name
    pdf = docx_to_pdf(bytes(content), timeout=timeout)
    del content
    with transaction.atomic():
        Client.objects.select_for_update().get(id=docx.client_id)  # one PDF, even for two runs at once
        existing = _existing_pdf(user, docx)
        if existing is not None:
            return existing.id
        stored = document_upload(
            actor=user, client=docx.client, file=pdf, kind=DocumentKind.DRAFT, event=docx.event,
            description=pdf_description(docx.id), name=f"{_stem(name)}.pdf",
        )  # fmt: skip
        return stored.id


def _organisation_of(user_id: int) -> int | None:
    return Membership.objects.filter(user_id=user_id).values_list("organisation_id", flat=True).first()


@shared_task(name=TASK_NAME, bind=True, acks_late=True, ignore_result=True, max_retries=MAX_RETRIES,
             soft_time_limit=240, time_limit=300)  # fmt: skip
def convert_draft_to_pdf(self, user_id: int, document_id: str) -> str | None:
    timeout = float(getattr(settings, "CASEWORK_PDF_TIMEOUT", DEFAULT_TIMEOUT))
    _set_status(document_id, CONVERTING)
    with tenancy.organisation_scope(_organisation_of(user_id)):
        try:
            pdf_id = convert(user_id, document_id, timeout=timeout)
        except ConversionFailed as error:
            logger.warning("PDF of document %s failed (%s), attempt %d", document_id, type(error).__name__,
                           self.request.retries + 1)  # fmt: skip
            if self.request.retries >= MAX_RETRIES:
                _set_status(document_id, FAILED)
                return None
            _set_status(document_id, QUEUED)
            raise self.retry(countdown=RETRY_SECONDS) from None
        except (DocumentGone, Document.DoesNotExist, get_user_model().DoesNotExist, DraftTooLarge,
                PermissionDenied, Http404, ValidationError) as error:  # fmt: skip
            # Not retried: no such DOCX draft or user, an erased client, a user without access, too large.
            logger.warning("PDF of document %s not made (%s)", document_id, type(error).__name__)
            _set_status(document_id, FAILED)
            return None
    _set_status(document_id, DONE, pdf_id)
    logger.info("PDF %s stored for document %s", pdf_id, document_id)
    return str(pdf_id)
