"""The audit page: who of the organisation saw which client's data, searched for clients, generated an
aggregate export, erased a client or made an API token, and when. Admins only; another organisation's rows
never appear, not even by filter."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from casework.models import ReadAction, ReadAudit
from casework.selectors import admin as admin_selectors
from casework.selectors import audit as audit_selectors
from casework.selectors.api_tokens import live_token_ids, token_creations_for
from casework.web.admin_forms import AuditFilterForm, StrOrPromise

READS_PER_PAGE = 100
EXPORTS_SHOWN = 50
ERASURES_SHOWN = 50
TOKENS_SHOWN = 50
ACTION_LABELS: dict[str, StrOrPromise] = {
    ReadAction.CLIENT_VIEWED: gettext_lazy("opened the client's personal data"),
    ReadAction.EVENTS_VIEWED: gettext_lazy("read the client's events"),
    ReadAction.STATUS_VIEWED: gettext_lazy("read the client's status"),
    ReadAction.CLIENTS_LISTED: gettext_lazy("listed clients"),
    ReadAction.CLIENTS_SEARCHED: gettext_lazy("searched for clients"),
    ReadAction.DOCUMENTS_LISTED: gettext_lazy("read the names of the client's documents"),
    ReadAction.DOCUMENT_VIEWED: gettext_lazy("viewed a document of the client"),
    ReadAction.DOCUMENT_DOWNLOADED: gettext_lazy("downloaded a document of the client"),
    ReadAction.DRAFT_GENERATED: gettext_lazy("generated a draft from the client's case"),
}


@dataclass(frozen=True)
class ReadRow:
    read: ReadAudit
    action_label: str


@login_required
def admin_audit(request):
    members = list(admin_selectors.members_for(actor=request.user))  # 403 for anyone but an admin
    form = AuditFilterForm(request.GET or None, members=members)
    context = {
        "nav": "admin",
        "form": form,
        "reads": None,
        "rows": [],
        "exports": [],
        "erasures": [],
        "token_creations": [],
        "client": None,
    }
    if form.is_bound and not form.is_valid():
        return render(request, "casework/admin_audit.html", context)
    user_id = form.cleaned_data.get("user") if form.is_bound else None
    code = form.cleaned_data.get("code", "").strip() if form.is_bound else ""
    client = audit_selectors.audited_client_for(actor=request.user, code=code) if code else None
    if code and client is None:
        form.add_error("code", _("No client of your organisation has that case code."))
        return render(request, "casework/admin_audit.html", context)

    reads = audit_selectors.reads_for(actor=request.user, user_id=user_id, client=client)
    page = Paginator(reads, READS_PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context.update(
        reads=page,
        rows=[ReadRow(read, str(ACTION_LABELS.get(read.action, read.action))) for read in page],
        client=client,
        filter_query=query.urlencode(),
    )
    if client is None:  # an export counts clients in aggregate: it concerns no single client
        context["exports"] = audit_selectors.export_generations_for(
            actor=request.user, user_id=user_id, limit=EXPORTS_SHOWN
        )
    erasures = audit_selectors.erasures_for(actor=request.user, user_id=user_id)
    if client is not None:
        erasures = erasures.filter(pk=client.pk)
    context["erasures"] = list(erasures[:ERASURES_SHOWN])
    if client is None:  # a token concerns no single client
        tokens = list(token_creations_for(actor=request.user, user_id=user_id)[:TOKENS_SHOWN])
        context["token_creations"] = tokens
        context["live_token_ids"] = live_token_ids([token.pk for token in tokens])
    return render(request, "casework/admin_audit.html", context)
