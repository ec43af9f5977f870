"""The case file in the browser: upload, the document's page (inline view of PDFs and images), download, a
new version, retraction.

An upload is one file per request: the client page's script sends several one after another, each with its
progress bar; without the script the form sends one. The body is read only by the encrypting upload handler
(casework/documents/uploads.py), so no plaintext byte reaches a temporary file — which is why the upload views
are CSRF-exempt on the outside and CSRF-protected on the inside: Django's CSRF check reads request.POST, and
the handler must be installed before anything does (Django's "modifying upload handlers on the fly").

Every response that shows a name or the content is audited by casework/services/reading.py in the same
call; the content never goes to a cache (no-store) and never runs in our origin (a sandboxing policy for
images, an isolated viewer for PDFs; a PDF that carries JavaScript is never shown inline).
"""

from __future__ import annotations

import logging
from typing import Any
from uuid import UUID

from django import forms
from django.contrib import messages
from django.core.exceptions import RequestDataTooBig, ValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext, gettext_lazy
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_GET, require_POST

from casework.crypto import DecryptionFailed
from casework.documents import uploads
from casework.documents.exceptions import DocumentGone
from casework.documents.responses import IMAGE_POLICY, PDF_POLICY, content_response
from casework.domain.catalogue import META_TYPES, WRITTEN_BY_THE_APPLICATION
from casework.models import Client, Document, DocumentKind, Event
from casework.selectors.clients import client_get_for, events_for
from casework.selectors.documents import document_get_for, documents_for, evidence_event_for
from casework.services.documents import (
    MAX_DESCRIPTION,
    MAX_REASON,
    document_replace,
    document_retract,
    document_upload,
    upload_handler_for,
)
from casework.services.reading import ATTACHMENT, INLINE, DocumentView, document_content_open, documents_read
from casework.web.access import case_work_required
from casework.wording.labels import event_type_label

logger = logging.getLogger(__name__)

# Shown in the page's sandboxed frame: images always, a PDF unless it carries JavaScript (then download only).
IMAGES = frozenset({"image/jpeg", "image/png"})
PDF = "application/pdf"

NO_FILE = gettext_lazy("Choose a file to upload.")
TOO_LARGE = gettext_lazy("The file is larger than %(limit)s MB, the most casework accepts.")
DAMAGED = gettext_lazy(
    "The stored document failed its integrity check and was not shown. Tell the administrator."
)
GONE = gettext_lazy("The client's data was erased: the document's content and name are gone.")


def previewable(view: DocumentView | Document) -> bool:
    """Shown in the page's frame (plain columns only: deciding opens nothing)."""
    if view.erased:
        return False
    if view.content_type in IMAGES:
        return True
    return view.content_type == PDF and not view.pdf_has_javascript


def size_text(size: int) -> str:
    if size < 1024:
        return gettext("%(size)d bytes") % {"size": size}
    if size < 1024 * 1024:
        return gettext("%(size)s KB") % {"size": f"{size / 1024:.0f}"}
    return gettext("%(size)s MB") % {"size": f"{size / 1024 / 1024:.1f}".replace(".", ",")}


def evidenced_events(actor, client: Client) -> list[Event]:
    """The events a document can evidence: the client's own facts, not registration or corrections."""
    return [
        event
        for event in events_for(actor=actor, client=client)
        if event.type not in META_TYPES and event.type not in WRITTEN_BY_THE_APPLICATION
    ]


def event_choice_label(event: Event) -> str:
    return f"#{event.version} {event_type_label(event.type)}, {event.occurred_on:%d.%m.%Y}"


class UploadForm(forms.Form):
    """What goes with the file (the file itself is the encrypting handler's, never a form field's)."""

    kind = forms.ChoiceField(label=gettext_lazy("Kind of document"), choices=DocumentKind.choices)
    event = forms.TypedChoiceField(
        label=gettext_lazy("Evidence for"), required=False, coerce=UUID, empty_value=None
    )
    description = forms.CharField(
        label=gettext_lazy("Description"), required=False, max_length=MAX_DESCRIPTION,
        widget=forms.Textarea(attrs={"rows": 2}),
    )  # fmt: skip

    def __init__(self, *args: Any, events: list[Event], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["event"].choices = [  # type: ignore[attr-defined]  # a TypedChoiceField("", gettext("— no event —"))] + [
            (str(event.id), event_choice_label(event)) for event in events
        ]


class ReplaceForm(forms.Form):
    description = forms.CharField(
        label=gettext_lazy("Description of the new version"), required=False, max_length=MAX_DESCRIPTION,
        widget=forms.Textarea(attrs={"rows": 2}),
    )  # fmt: skip


class RetractForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Why it is withdrawn"),
        max_length=MAX_REASON,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


def _wants_json(request: HttpRequest) -> bool:
    # The page's script asks for JSON; a form without the script gets a redirect and a message.
    return "application/json" in request.headers.get("Accept", "")


def _client_url(client: Client, anchor: str = "documents") -> str:
    return reverse("web:client", kwargs={"client_id": client.id}) + f"#{anchor}"


def _refused(request: HttpRequest, client: Client, errors: dict[str, list[str]], status: int) -> HttpResponse:
    if _wants_json(request):
        return JsonResponse({"errors": errors}, status=status)
    for field_errors in errors.values():
        for error in field_errors:
            messages.error(request, error)
    return redirect(_client_url(client))


def _error_lists(error: ValidationError) -> dict[str, list[str]]:
    if hasattr(error, "error_dict"):
        return {
            field: [str(message) for message in problems] for field, problems in error.message_dict.items()
        }
    return {"non_field_errors": [str(message) for message in error.messages]}


def _uploaded(request: HttpRequest):
    file = request.FILES.get(uploads.FIELD)
    return file if isinstance(file, uploads.EncryptedUpload) else None


def _upload_flow(request: HttpRequest, client: Client, form_class, store) -> HttpResponse:
    """The shared path of an upload and of a new version: install the encrypting handler before anything
    reads the body — the CSRF check included, which reads request.POST first —, then check the token, read
    the body, validate the form and store (one transaction, in the service). JSON to the page's script, a
    redirect to a plain form."""
    try:
        uploads.refuse_too_large_body(request.META.get("CONTENT_LENGTH"))
        request.upload_handlers = [upload_handler_for(request, client)]
        return _checked_upload(request, client, form_class, store)
    except RequestDataTooBig:  # declared, or counted while the body streams in (413 before it is all read)
        limit = uploads.max_upload_bytes() // (1024 * 1024)
        return _refused(request, client, {"file": [str(TOO_LARGE % {"limit": limit})]}, status=413)
    except DocumentGone:
        return _refused(request, client, {"non_field_errors": [str(GONE)]}, status=410)


@csrf_protect
def _checked_upload(request: HttpRequest, client: Client, form_class, store) -> HttpResponse:
    file = _uploaded(request)
    try:
        form = form_class(request.POST)
        if file is None:
            return _refused(request, client, {"file": [str(NO_FILE)]}, status=400)
        if not form.is_valid():
            errors = {name: list(problems) for name, problems in form.errors.items()}
            return _refused(request, client, errors, status=400)
        try:
            document = store(file, form.cleaned_data)
        except ValidationError as error:
            return _refused(request, client, _error_lists(error), status=400)
    finally:
        if file is not None:
            file.close()
    url = reverse("web:document", kwargs={"client_id": client.id, "document_id": document.id})
    if _wants_json(request):
        return JsonResponse({"id": str(document.id), "url": url}, status=201)
    messages.success(request, gettext("Document added to the case file."))
    return redirect(_client_url(client))


@csrf_exempt  # checked in _checked_upload, once the encrypting handler is installed (see _upload_flow)
@require_POST
@case_work_required
def document_upload_page(request, client_id: UUID):
    client = client_get_for(actor=request.user, client_id=client_id)
    events = evidenced_events(request.user, client)

    def store(file, cleaned: dict[str, Any]) -> Document:
        event_id = cleaned["event"]
        event = evidence_event_for(actor=request.user, client=client, event_id=event_id) if event_id else None
        return document_upload(
            actor=request.user, client=client, file=file, kind=cleaned["kind"], event=event,
            description=cleaned["description"],
        )  # fmt: skip

    return _upload_flow(request, client, lambda data: UploadForm(data, events=events), store)


@csrf_exempt  # checked in _checked_upload, once the encrypting handler is installed (see _upload_flow)
@require_POST
@case_work_required
def document_replace_page(request, client_id: UUID, document_id: UUID):
    client = client_get_for(actor=request.user, client_id=client_id)
    document = document_get_for(actor=request.user, client=client, document_id=document_id)

    def store(file, cleaned: dict[str, Any]) -> Document:
        return document_replace(
            actor=request.user, document=document, file=file, description=cleaned["description"]
        )

    return _upload_flow(request, client, ReplaceForm, store)


def _versions(documents: list[Document], document: Document) -> list[Document]:
    """The document's chain of versions, oldest first: the ones it replaces and the ones that replace it."""
    by_id = {item.id: item for item in documents}
    replaced_by = {item.replaces_id: item for item in documents if item.replaces_id}
    first = document
    while first.replaces_id in by_id:
        first = by_id[first.replaces_id]
    chain = [first]
    while chain[-1].id in replaced_by:
        chain.append(replaced_by[chain[-1].id])
    return chain


@require_GET
@case_work_required
def document_page(request, client_id: UUID, document_id: UUID):
    client = client_get_for(actor=request.user, client_id=client_id)
    document = document_get_for(actor=request.user, client=client, document_id=document_id)
    chain = _versions(list(documents_for(actor=request.user, client=client)), document)
    views = documents_read(actor=request.user, client=client, documents=chain, channel="web")
    view = next(item for item in views if item.id == document.id)
    context = {
        "client": client,
        "document": view,
        "kind_label": DocumentKind(view.kind).label,
        "size": size_text(view.size),
        "event": document.event,
        "event_label": event_choice_label(document.event) if document.event else "",
        "versions": views,
        "previewable": previewable(view),
        "is_image": view.content_type in IMAGES,
        "current": view.replaced_by_id is None and view.retracted_at is None and not view.erased,
        "replace_form": ReplaceForm(),
        "retract_form": RetractForm(),
    }
    return render(request, "casework/document.html", context)


@require_GET
@case_work_required
def document_content(request, client_id: UUID, document_id: UUID):
    """The bytes, streamed: `?view=inline` for the document page's frame, else as a download."""
    client = client_get_for(actor=request.user, client_id=client_id)
    document = document_get_for(actor=request.user, client=client, document_id=document_id)
    inline = request.GET.get("view") == "inline"
    inline = inline and previewable(document)
    try:
        opened = document_content_open(
            actor=request.user, document=document, channel="web", disposition=INLINE if inline else ATTACHMENT
        )
    except DocumentGone:
        return HttpResponse(GONE, status=410, content_type="text/plain; charset=utf-8")
    except DecryptionFailed:
        logger.error("document %s failed its integrity check on reading", document.id)  # ids only
        return HttpResponse(DAMAGED, status=500, content_type="text/plain; charset=utf-8")
    if not inline:
        return content_response(opened)
    return content_response(
        opened, inline=True, policy=IMAGE_POLICY if opened.content_type in IMAGES else PDF_POLICY
    )


@require_POST
@case_work_required
def document_retract_page(request, client_id: UUID, document_id: UUID):
    client = client_get_for(actor=request.user, client_id=client_id)
    document = document_get_for(actor=request.user, client=client, document_id=document_id)
    page = reverse("web:document", kwargs={"client_id": client.id, "document_id": document.id})
    form = RetractForm(request.POST)
    if form.is_valid():
        try:
            document_retract(actor=request.user, document=document, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            problems = _error_lists(error)
        else:
            messages.success(request, gettext("The document was withdrawn; it stays in the history."))
            return redirect(page)
    else:
        problems = {name: [str(problem) for problem in errors] for name, errors in form.errors.items()}
    for field_problems in problems.values():
        for problem in field_problems:
            messages.error(request, problem)
    return redirect(page)
