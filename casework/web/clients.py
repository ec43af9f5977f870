"""The clients list and the new-client form."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from casework.domain.events import PayloadInvalid
from casework.domain.reference_data import COUNTRY_NAMES, REGION_NAMES, STATELESS
from casework.models import Client, ClientStatus
from casework.personal import PersonalData
from casework.selectors.dashboard import case_staff_for, caseworker_from, client_table_for
from casework.services.clients import client_register
from casework.services.reading import clients_open
from casework.web.access import case_work_required
from casework.web.forms import ClientFilterForm, ClientForm, yes_no

PAGE_SIZE = 25


@dataclass(frozen=True)
class ClientRow:
    client: Client
    full_name: str | None  # None once erased
    status: ClientStatus | None
    citizenship_name: str
    region_name: str
    next_deadline_missed: bool


def _row(client: Client, personal: PersonalData | None, now) -> ClientRow:
    try:
        status = client.status
    except ClientStatus.DoesNotExist:
        status = None
    citizenship = status.citizenship if status else ""
    region = status.region if status else ""
    return ClientRow(
        client=client,
        full_name=personal.full_name if personal else None,
        status=status,
        citizenship_name=_("Stateless") if citizenship == STATELESS else COUNTRY_NAMES.get(citizenship, ""),
        region_name=REGION_NAMES.get(region, ""),
        next_deadline_missed=bool(status and status.next_deadline_at and status.next_deadline_at < now),
    )


def _filters(request) -> QueryDict:
    """The search text comes by POST only: in a URL it would reach the access log, Referer headers and the
    browser's history. A GET keeps the other filters (links from the dashboard) and drops any `q`."""
    if request.method == "POST":
        return request.POST
    query = request.GET.copy()
    query.pop("q", None)
    return query


@case_work_required
def client_list(request):
    actor = request.user
    staff = case_staff_for(actor=actor)
    data = _filters(request)
    form = ClientFilterForm(data, staff=staff)
    form.is_valid()  # a value that is not one of the choices is left out of cleaned_data and not applied
    caseworker = caseworker_from(actor=actor, value=data.get("caseworker"), staff=staff)
    filters = form.cleaned_data
    clients = client_table_for(
        actor=actor,
        search=filters.get("q") or None,
        listed=yes_no(filters.get("listed")),
        detained=yes_no(filters.get("detained")),
        has_open_deadline=yes_no(filters.get("deadline")),
        caseworker=caseworker,
    )
    page = Paginator(clients, PAGE_SIZE).get_page(data.get("page"))
    shown = list(page.object_list)
    personal = clients_open(actor=actor, clients=shown, searched=bool(filters.get("q")), channel="web")
    now = timezone.now()
    return render(
        request,
        "casework/clients.html",
        {
            "nav": "clients",
            "form": form,
            "page": page,
            "rows": [_row(client, person, now) for client, person in zip(shown, personal, strict=True)],
            "filtered": any(filters.get(name) for name in form.fields),
        },
    )


@case_work_required
def client_new(request):
    form = ClientForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            # A savepoint: a refusal rolls back only this attempt and the page still renders.
            with transaction.atomic():
                client = client_register(
                    actor=request.user,
                    personal=PersonalData.from_submitted(data),
                    citizenship=data["citizenship"],
                    sex=data["sex"],
                    region=data["region"],
                )
        except (PayloadInvalid, ValidationError) as refused:
            form.add_service_errors(refused)
        else:
            messages.success(request, _("Client %(code)s registered.") % {"code": client.code})
            return redirect(reverse("web:client", args=[client.id]))
    return render(request, "casework/client_new.html", {"nav": "clients", "form": form})
