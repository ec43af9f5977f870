"""The client page (status, deadlines, timeline, reminders) and the forms that record, correct and retract.

Views only translate: reads go through selectors (with the actor), writes through services.event_record.
Status and deadlines are derived live, so the page can show them as of any date and as known at any moment.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any
from uuid import UUID
from zoneinfo import ZoneInfo

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy
from django.views.decorators.http import require_http_methods

from casework import access
from casework.clock import organisation_today
from casework.domain.catalogue import CORRECTION, EVENT_TYPES, META_TYPES, REGISTRATION, RETRACTION, FieldSpec
from casework.domain.events import PayloadInvalid
from casework.domain.periods import MOSCOW
from casework.domain.reference_data import COUNTRY_NAMES, REGION_NAMES
from casework.domain.timeline import resolve
from casework.eventstore import IdempotencyKeyReused, VersionConflict
from casework.models import Client, Document, DocumentKind, Event, ReminderState
from casework.selectors.clients import client_get_for, events_for
from casework.selectors.deadline_changes import RulesNotice, client_rules_notices_for
from casework.selectors.documents import documents_for, documents_of_events
from casework.selectors.reminders import reminders_for_client
from casework.services import reading
from casework.services.events import event_record
from casework.services.reading import OpenedEvent, documents_read
from casework.web.access import case_work_required
from casework.web.documents import UploadForm, event_choice_label, evidenced_events, size_text
from casework.web.event_forms import (
    ALREADY_SUBMITTED,
    DEFAULTS_TO_TODAY,
    RECORDABLE_TYPES,
    RetractForm,
    event_form_class,
    initial_from_data,
    new_idempotency_key,
)
from casework.wording.dates import wall_clock
from casework.wording.labels import (
    CONFIDENCE_LABELS,
    DEADLINE_STATUSES,
    REMINDER_STATES,
    RESTRICTION_LABELS,
    choice_label,
    event_type_label,
)
from casework.wording.rules import deadline_words

NAV = "clients"
ASSIGNMENT = "caseworker_assigned"
NOT_CORRECTABLE = gettext_lazy("This event was retracted; it can no longer be corrected or retracted.")


# ---------------------------------------------------------------------------------------------------------
# Reading: the timeline


@dataclass
class FieldLine:
    label: str
    value: str
    long_text: bool = False
    erased: bool = False


@dataclass
class TimelineEntry:
    event: Event
    label: str
    lines: list[FieldLine]
    occurred_on: date  # as corrected
    meta: bool = False
    target: Event | None = None  # what a correction or retraction refers to
    target_label: str = ""
    corrected_on: date | None = None  # for a correction: the date it gives the event, if it changes it
    correction: TimelineEntry | None = None  # the correction in force
    corrected_lines: list[FieldLine] = field(default_factory=list)
    retraction: TimelineEntry | None = None
    retracted: bool = False
    unknown_then: bool = False  # recorded after the "as known at" moment
    after_as_of: bool = False  # happened after the "as of" date
    evidence: list[Document] = field(default_factory=list)  # the case file's current documents for it

    @property
    def can_act(self) -> bool:
        return not self.meta and self.event.type != REGISTRATION and not self.retracted


def _format_value(spec: FieldSpec, value: Any) -> str:
    if spec.kind == "choice":
        return choice_label(spec, str(value))
    if spec.kind == "bool":
        return gettext("yes") if value else gettext("no")
    if spec.kind == "date":
        try:
            return date.fromisoformat(str(value)).strftime("%d.%m.%Y")
        except ValueError:
            return str(value)
    if spec.kind == "instant":
        try:
            moment = datetime.fromisoformat(str(value))
        except ValueError:
            return str(value)
        offset = moment.strftime("%z")
        return f"{moment:%d.%m.%Y %H:%M} (UTC{offset[:3]}:{offset[3:]})"
    if spec.kind == "citizenship":
        return f"{value} — {COUNTRY_NAMES.get(value, value)}"
    if spec.kind == "region":
        return f"{value} — {REGION_NAMES.get(value, value)}"
    return str(value)


def data_lines(type_name: str, data: dict[str, Any], *, erased: bool) -> list[FieldLine]:
    """An event's data in plain words, in the catalogue's field order; sensitive fields read "erased" once
    the client's key is gone."""
    event_type = EVENT_TYPES.get(type_name)
    specs = dict(event_type.fields) if event_type else {}
    lines = []
    for name, spec in specs.items():
        if spec.kind in ("event_id", "object") or name not in data:
            continue
        value = data[name]
        if value is None:
            if spec.sensitive and erased:
                lines.append(FieldLine(gettext(spec.label), gettext("erased"), erased=True))
            continue
        if name == "occurred_on" and type_name == CORRECTION:
            continue  # shown as the corrected date
        long_text = spec.kind == "text" and (spec.max_length or 0) >= 2000
        lines.append(FieldLine(gettext(spec.label), _format_value(spec, value), long_text=long_text))
    for name, value in data.items():  # fields an older schema had, shown as they are
        if name not in specs and value is not None:
            lines.append(FieldLine(name, str(value)))
    return lines


def build_timeline(
    opened: list[OpenedEvent], *, as_of: date | None = None, known_at: datetime | None = None
) -> list[TimelineEntry]:
    """Every event (as services.reading opened it), newest first, each fact with the correction in force and
    its retraction."""
    resolved = resolve([item.recorded for item in opened])
    by_id = {str(item.event.id): item.event for item in opened}
    entries: dict[str, TimelineEntry] = {}
    for item in opened:
        event, data, erased = item.event, item.data, item.erased
        entry = TimelineEntry(
            event=event,
            label=event_type_label(event.type),
            lines=data_lines(event.type, data, erased=erased),
            occurred_on=event.occurred_on,
            meta=event.type in META_TYPES,
            target=by_id.get(str(event.corrects_id)) if event.corrects_id else None,
            retracted=str(event.id) in resolved.retracted_ids,
            unknown_then=known_at is not None and event.recorded_at > known_at,
        )
        if entry.target is not None:
            entry.target_label = event_type_label(entry.target.type)
        if event.type == CORRECTION and entry.target is not None:
            nested = data["data"] if isinstance(data.get("data"), dict) else {}
            entry.corrected_lines = data_lines(entry.target.type, nested, erased=erased)
            if data.get("occurred_on"):
                entry.corrected_on = date.fromisoformat(data["occurred_on"])
        entries[str(event.id)] = entry
    for entry in entries.values():
        target = entries.get(str(entry.event.corrects_id)) if entry.event.corrects_id else None
        if target is None:
            continue
        if entry.event.type == RETRACTION:
            target.retraction = entry
        elif entry.event.type == CORRECTION and resolved.corrected_by.get(str(target.event.id)) == str(
            entry.event.id
        ):
            target.correction = entry
    for entry in entries.values():
        if entry.correction is not None and entry.correction.corrected_on is not None:
            entry.occurred_on = entry.correction.corrected_on
        entry.after_as_of = as_of is not None and not entry.meta and entry.occurred_on > as_of
    return sorted(entries.values(), key=lambda entry: entry.event.version, reverse=True)


# ---------------------------------------------------------------------------------------------------------
# Reading: status and deadlines


class HistoryForm(forms.Form):
    """ "As of a date, as known at a moment": the known_at time is read in the organisation's zone."""

    as_of = forms.DateField(
        label=gettext_lazy("As of"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        input_formats=["%Y-%m-%d"],
    )
    known_at = forms.DateTimeField(
        label=gettext_lazy("As known at"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%dT%H:%M:%S.%f"],
    )


@dataclass
class DeadlineView:
    deadline: Any  # casework.domain.state.Deadline
    kind_label: str
    subject: str  # "decision D1", "register inclusion"
    status_label: str
    confidence_label: str
    local_cutoff: str  # "24:00 on 10.03.2025 (Asia/Vladivostok)"
    local_in_moscow: str  # the same moment on a Moscow clock, when the zones differ
    moscow_cutoff: str
    rules_notice: RulesNotice | None = None  # moved or re-opened by a rules update
    # The case file's current documents for the event the deadline counts from; None: not looked at (a view
    # of another date or moment, where today's file says nothing about what was known then).
    evidence: list[Document] | None = None

    @property
    def expanded(self) -> bool:
        return self.deadline.status in ("open", "missed")


def cutoff_text(moment: datetime) -> str:
    """A cut-off as the law says it: a period ends "at 24:00" of its last day, not at 00:00 of the next."""
    day, time = wall_clock(moment, moment.tzinfo or UTC)
    if time == "24:00":
        return gettext("24:00 on %(day)s") % {"day": f"{day:%d.%m.%Y}"}
    return gettext("%(time)s on %(day)s") % {"time": time, "day": f"{day:%d.%m.%Y}"}


def _deadline_subject(deadline) -> str:
    if deadline.decision_ref:
        return gettext("decision %(ref)s") % {"ref": deadline.decision_ref}
    if deadline.key.startswith("register:"):
        return gettext("register inclusion")
    return ""


def deadline_view(
    deadline, notice: RulesNotice | None = None, evidence: list[Document] | None = None
) -> DeadlineView:
    local = deadline.local_cutoff
    moscow = deadline.moscow_cutoff.astimezone(ZoneInfo(MOSCOW))
    zone_differs = local.utcoffset() != moscow.utcoffset()
    return DeadlineView(
        deadline=deadline,
        kind_label=_capital(deadline_words(deadline.kind, deadline.rule)),
        subject=_deadline_subject(deadline),
        status_label=str(DEADLINE_STATUSES.get(deadline.status, deadline.status)),
        confidence_label=str(CONFIDENCE_LABELS.get(deadline.confidence, deadline.confidence)),
        local_cutoff=f"{cutoff_text(local)} ({deadline.authority_timezone})",
        local_in_moscow=local.astimezone(ZoneInfo(MOSCOW)).strftime("%d.%m.%Y %H:%M") if zone_differs else "",
        moscow_cutoff=cutoff_text(moscow),
        rules_notice=notice,
        evidence=evidence,
    )


def restriction_views(state) -> list[dict[str, Any]]:
    return [
        {
            "restriction": restriction,
            "label": str(RESTRICTION_LABELS.get(restriction.code, restriction.description)),
            "verify": restriction.confidence != "high",
            "confidence_label": str(CONFIDENCE_LABELS.get(restriction.confidence, restriction.confidence)),
        }
        for restriction in state.restrictions
    ]


def _ground_label(ground: str | None) -> str:
    return choice_label(EVENT_TYPES["register_inclusion"].fields["ground"], ground) if ground else ""


def _history(request, client: Client) -> tuple[HistoryForm, date | None, datetime | None]:
    history = HistoryForm(request.GET or None)
    if not request.GET:
        return history, None, None
    with timezone.override(ZoneInfo(client.organisation.timezone)):
        valid = history.is_valid()
    if not valid:
        return history, None, None
    return history, history.cleaned_data.get("as_of"), history.cleaned_data.get("known_at")


def _evidence_for(evidence: dict[UUID, list[Document]], event_id: str | None) -> list[Document]:
    try:
        return evidence.get(UUID(event_id), []) if event_id else []
    except ValueError:
        return []


def case_file_context(request, client: Client) -> dict[str, Any]:
    """The case file's panel: the current documents (names opened, and the read recorded, only when there
    are any) and the upload form."""
    current = [
        document
        for document in documents_for(actor=request.user, client=client)
        if getattr(document, "replaced_by", None) is None
    ]
    views = []
    if current:
        views = documents_read(actor=request.user, client=client, documents=current, channel="web")
    events = evidenced_events(request.user, client)
    labels = {event.id: event_choice_label(event) for event in events}
    case_file = [
        {
            "view": view,
            "kind_label": DocumentKind(view.kind).label,
            "size": size_text(view.size),
            "event_label": labels.get(view.event_id, "") if view.event_id else "",
        }
        for view in views
    ]
    return {
        "case_file": case_file,
        "upload_form": UploadForm(events=events),
        "max_upload_mb": settings.CASEWORK_MAX_UPLOAD_MB,
    }


@case_work_required
def client_page(request, client_id: UUID):
    client = client_get_for(actor=request.user, client_id=client_id)
    history, as_of, known_at = _history(request, client)
    historical = as_of is not None or known_at is not None
    events = _events(request, client)
    page = reading.client_page_open(
        actor=request.user, client=client, events=events, channel="web", as_of=as_of, known_at=known_at
    )
    current, state = page.current, page.state
    reminders = list(reminders_for_client(actor=request.user, client=client))
    organisation_zone = client.organisation.timezone
    facts = current.facts
    # What a rules update did to the deadlines as they stand now (not in a view of another date or moment).
    notices = {} if historical else client_rules_notices_for(actor=request.user, client=client,
                                                            deadlines=state.deadlines)  # fmt: skip
    evidence = documents_of_events(actor=request.user, client=client)
    timeline = build_timeline(page.events, as_of=as_of, known_at=known_at)
    for entry in timeline:
        entry.evidence = evidence.get(entry.event.id, [])
    context = {
        "nav": NAV,
        "client": client,
        "personal": page.personal,
        "facts": facts,
        "citizenship_name": COUNTRY_NAMES.get(facts.citizenship or "", ""),
        "region_name": REGION_NAMES.get(facts.region or "", ""),
        "sex_label": {"M": gettext("male"), "F": gettext("female")}.get(facts.sex or "", "—"),
        "assigned_to": current.assigned_to,
        "closed": current.closed,
        "history": history,
        "historical": historical,
        "organisation_zone": organisation_zone,
        "state": state,
        "ground_label": _ground_label(state.register.ground),
        "restrictions": restriction_views(state),
        "deadlines": [
            deadline_view(
                deadline,
                notices.get(deadline.key),
                None if historical else _evidence_for(evidence, deadline.trigger_event),
            )
            for deadline in state.deadlines
        ],
        "deadline_statuses": DEADLINE_STATUSES,
        "timeline": timeline,
        **case_file_context(request, client),
        "reminders": reminders,
        "reminder_states": REMINDER_STATES,
        "failed_reminders": sum(1 for reminder in reminders if reminder.state == ReminderState.FAILED),
        "can_record": not client.erased,
        "is_admin": request.user.membership.role == "admin",
    }
    return render(request, "casework/client.html", context)


# ---------------------------------------------------------------------------------------------------------
# Writing: record, correct, retract


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
    if entry is None or entry.meta or entry.event.type == REGISTRATION:
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


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]
