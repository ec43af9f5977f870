"""The forms that record, correct and retract a client's events: one page each, the same flow — a form
from the domain's catalogue, the stream version it was opened at and a one-time key, then
services.event_record. A concurrent change answers 409 with both versions; a repeated submission is
recognised.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any
from uuid import UUID

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext, gettext_lazy
from django.views.decorators.http import require_http_methods

from casework import access
from casework.clock import organisation_today
from casework.domain.catalogue import (
    CORRECTION,
    EVENT_TYPES,
    RETRACTION,
    WRITTEN_BY_THE_APPLICATION,
)
from casework.domain.events import PayloadInvalid
from casework.eventstore import IdempotencyKeyReused, VersionConflict
from casework.models import Client, Event
from casework.selectors.clients import client_get_for, events_for
from casework.services import reading
from casework.services.events import event_record
from casework.services.reading import OpenedEvent
from casework.web.access import case_work_required
from casework.web.event_forms import (
    ALREADY_SUBMITTED,
    DEFAULTS_TO_TODAY,
    RECORDABLE_TYPES,
    RetractForm,
    event_form_class,
    initial_from_data,
    new_idempotency_key,
)
from casework.web.timeline import TimelineEntry, build_timeline

NAV = "clients"
ASSIGNMENT = "caseworker_assigned"
NOT_CORRECTABLE = gettext_lazy("This event was retracted; it can no longer be corrected or retracted.")


def _client_url(client: Client) -> str:
    return reverse("web:client", kwargs={"client_id": client.id})


def _reopened(post, version: int):
    """The submitted values again, against the current version and with a fresh key (never a resubmit)."""
    data = post.copy()
    data["expected_version"] = str(version)
    data["idempotency_key"] = new_idempotency_key()
    data.pop("reopen", None)
    return data


def _conflict(request, client: Client, conflict: VersionConflict, *, action: str, what: str):
    """ "Someone recorded something meanwhile": what was recorded since the form's version, and a way back to
    the form with the values just submitted. Nothing was written."""
    timeline = build_timeline(_opened_events(request, client))  # nothing was opened before the attempt
    submitted = [
        (name, value)
        for name, values in request.POST.lists()
        if name not in ("csrfmiddlewaretoken", "reopen")
        for value in values
    ]
    context = {
        "nav": NAV,
        "client": client,
        "what": what,
        "action": action,
        "since": [entry for entry in timeline if entry.event.version > conflict.expected],
        "expected": conflict.expected,
        "current": conflict.current,
        "submitted": submitted,
    }
    return render(request, "casework/event_conflict.html", context, status=409)


def _submit(request, client: Client, form, *, type: str, data: dict, occurred_on: date):
    """Record; returns the event, or None with the domain's errors put on the form."""
    try:
        result = event_record(
            actor=request.user,
            client=client,
            type=type,
            data=data,
            occurred_on=occurred_on,
            expected_version=form.cleaned_data["expected_version"],
            idempotency_key=form.cleaned_data["idempotency_key"],
        )
    except PayloadInvalid as invalid:
        form.apply_errors(invalid)
        return None
    except IdempotencyKeyReused:
        form.add_error(None, ALREADY_SUBMITTED)
        return None
    if not result.created:
        messages.info(request, gettext("This was already recorded; it was not recorded twice."))
    return result.event


def _render_form(request, client: Client, form, *, template: str, status: int = 200, **extra):
    if form is not None and form.is_bound:
        form.mark_invalid()
    context = {"nav": NAV, "client": client, "form": form, **extra}
    return render(request, template, context, status=status)


@dataclass(frozen=True)
class Submission:
    """What a valid form records: the event's type, its data and the day it is dated."""

    type: str
    data: dict[str, Any]
    occurred_on: date


def _event_form_flow(
    request,
    client: Client,
    *,
    form_class,
    initial: Callable[[], dict[str, Any]],
    template: str,
    extra: Callable[[], dict[str, Any]],
    submission: Callable[[Any], Submission],
    action: str,
    what: str,
    success: str,
):
    """The shared life of the record, correct and retract forms: render with the stream version and a fresh
    idempotency key; re-open after a conflict with the submitted values; validate; record once; and on a
    concurrent change show the review page instead of overwriting. `initial` and `extra` are asked for only
    by a response that renders the page: a correction page opens the event's lines just for those."""
    if request.method == "GET":
        values = {**initial(), "expected_version": client.version, "idempotency_key": new_idempotency_key()}
        return _render_form(request, client, form_class(initial=values), template=template, **extra())
    if "reopen" in request.POST:
        form = form_class(data=_reopened(request.POST, client.version))
        return _render_form(request, client, form, template=template, **extra())
    form = form_class(data=request.POST)
    if not form.is_valid():
        return _render_form(request, client, form, template=template, **extra())
    recorded = submission(form)
    try:
        event = _submit(
            request, client, form, type=recorded.type, data=recorded.data, occurred_on=recorded.occurred_on
        )
    except VersionConflict as conflict:
        return _conflict(request, client, conflict, action=action, what=what)
    if event is None:
        return _render_form(request, client, form, template=template, **extra())
    messages.success(request, success)
    return redirect(_client_url(client))


@case_work_required
@require_http_methods(["GET", "POST"])
def event_record_page(request, client_id: UUID):
    client = client_get_for(actor=request.user, client_id=client_id)
    type_name = request.GET.get("type", "")
    # Reassignment is for supervisors and admins (API.md): a caseworker is not offered it.
    may_assign = access.membership_of(request.user).role in access.ASSIGNING_ROLES
    if type_name == ASSIGNMENT and not may_assign:
        raise PermissionDenied(access.REASSIGN_REFUSED)
    recordable = [name for name in RECORDABLE_TYPES if may_assign or name != ASSIGNMENT]
    if type_name not in recordable:
        types = [(name, EVENT_TYPES[name]) for name in recordable]
        context = {
            "nav": NAV,
            "client": client,
            "types": [(name, gettext(t.label), gettext(t.help) if t.help else "") for name, t in types],
            "unknown_type": bool(type_name),
        }
        return render(request, "casework/event_record.html", context, status=404 if type_name else 200)
    event_type = EVENT_TYPES[type_name]
    label = gettext(event_type.label)
    today = organisation_today(client.organisation)
    return _event_form_flow(
        request,
        client,
        form_class=event_form_class(event_type, organisation_timezone=client.organisation.timezone),
        initial=lambda: {"occurred_on": today} if type_name in DEFAULTS_TO_TODAY else {},
        template="casework/event_record.html",
        extra=lambda: {"event_type": event_type, "type_label": label, "type_name": type_name},
        submission=lambda form: Submission(type_name, form.payload(), form.cleaned_data["occurred_on"]),
        action=f"{reverse('web:event-record', kwargs={'client_id': client.id})}?type={type_name}",
        what=label,
        success=gettext("Recorded: %(event)s.") % {"event": label},
    )


def _events(request, client: Client) -> list[Event]:
    return list(events_for(actor=request.user, client=client).select_related("recorded_by"))


def _opened_events(request, client: Client, events: list[Event] | None = None) -> list[OpenedEvent]:
    """The client's events opened through the reading door, for a response that shows their lines — the GET
    of a correction or retraction page, and on POST a re-opened or invalid form, a retracted target, a
    conflict (only the redirect after a successful recording shows nothing). One EVENTS_VIEWED row per
    request, however many parts of it show them."""
    opened = getattr(request, "_casework_opened_events", None)
    if opened is None:
        events = _events(request, client) if events is None else events
        opened = reading.events_open(actor=request.user, client=client, events=events, channel="web")
        request._casework_opened_events = opened
    return opened


def _target_entry(items: list[OpenedEvent], event_id: UUID) -> TimelineEntry:
    entry = next((entry for entry in build_timeline(items) if entry.event.id == event_id), None)
    if entry is None or entry.meta or entry.event.type in WRITTEN_BY_THE_APPLICATION:
        raise Http404
    return entry


def _target(request, client: Client, event_id: UUID) -> tuple[list[Event], TimelineEntry]:
    """The client's events and the entry to correct or retract, from the events' plain parts: enough to
    decide (retracted? corrected by what?), and nothing is opened until a response shows the lines."""
    events = _events(request, client)
    plain = reading.events_unopened(actor=request.user, client=client, events=events)
    return events, _target_entry(plain, event_id)


@case_work_required
@require_http_methods(["GET", "POST"])
def event_correct_page(request, client_id: UUID, event_id: UUID):
    client = client_get_for(actor=request.user, client_id=client_id)
    events, entry = _target(request, client, event_id)
    return _event_correct(request, client, events, entry)


def _event_correct(request, client: Client, events: list[Event], entry: TimelineEntry):
    target = entry.event
    event_type = EVENT_TYPES[target.type]
    label = gettext(event_type.label)
    zone = client.organisation.timezone
    source = entry.correction.event if entry.correction else target
    template = "casework/event_record.html"

    def current(items: list[OpenedEvent]) -> dict[str, Any]:
        data = next(item.data for item in items if item.event.id == source.id)
        return (data.get("data") or {}) if source.type == CORRECTION else data

    def extra() -> dict[str, Any]:
        shown = _target_entry(_opened_events(request, client, events), target.id)
        return {
            "entry": shown,
            "event_type": event_type,
            "type_label": label,
            "correcting": True,
            "retracted": shown.retracted,
        }

    if entry.retracted:
        return _render_form(request, client, None, template=template, status=409, **extra())

    def submission(form) -> Submission:
        data: dict[str, Any] = {"corrects": str(target.id), "data": form.payload()}
        if form.cleaned_data.get("occurred_on"):
            data["occurred_on"] = form.cleaned_data["occurred_on"].isoformat()
        return Submission(CORRECTION, data, organisation_today(client.organisation))

    return _event_form_flow(
        request,
        client,
        # Only a time-zone field reads `current` (to offer the zone recorded), and zones are plain.
        form_class=event_form_class(
            event_type,
            organisation_timezone=zone,
            correcting=True,
            current=current(reading.events_unopened(actor=request.user, client=client, events=events)),
        ),
        initial=lambda: initial_from_data(
            event_type, current(_opened_events(request, client, events)), organisation_timezone=zone
        ),
        template=template,
        extra=extra,
        submission=submission,
        action=reverse("web:event-correct", kwargs={"client_id": client.id, "event_id": target.id}),
        what=gettext("Correction of: %(event)s") % {"event": label},
        success=gettext("Correction recorded: %(event)s.") % {"event": label},
    )


@case_work_required
@require_http_methods(["GET", "POST"])
def event_retract_page(request, client_id: UUID, event_id: UUID):
    client = client_get_for(actor=request.user, client_id=client_id)
    events, entry = _target(request, client, event_id)
    return _event_retract(request, client, events, entry)


def _event_retract(request, client: Client, events: list[Event], entry: TimelineEntry):
    target = entry.event
    label = gettext(EVENT_TYPES[target.type].label)
    template = "casework/event_retract.html"

    def extra() -> dict[str, Any]:
        shown = _target_entry(_opened_events(request, client, events), target.id)
        return {"entry": shown, "type_label": label, "retracted": shown.retracted}

    if entry.retracted:
        return _render_form(request, client, None, template=template, status=409, **extra())
    return _event_form_flow(
        request,
        client,
        form_class=RetractForm,
        initial=dict,
        template=template,
        extra=extra,
        submission=lambda form: Submission(
            RETRACTION,
            {"retracts": str(target.id), "reason": form.cleaned_data["reason"]},
            organisation_today(client.organisation),
        ),
        action=reverse("web:event-retract", kwargs={"client_id": client.id, "event_id": target.id}),
        what=gettext("Retraction of: %(event)s") % {"event": label},
        success=gettext("Retracted: %(event)s.") % {"event": label},
    )
