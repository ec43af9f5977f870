"""The client page: the person (for staff), status, deadlines with their evidence, the case file, the
timeline and the reminders — derived live, so it can show them as of any date and as known at any moment.

Views only translate: reads go through selectors and the reading door (with the actor). The forms that
record, correct and retract are in event_pages.py; the timeline's shaping in timeline.py.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any
from uuid import UUID
from zoneinfo import ZoneInfo

from django import forms
from django.conf import settings
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy

from casework.domain.catalogue import EVENT_TYPES
from casework.domain.periods import MOSCOW
from casework.domain.reference_data import COUNTRY_NAMES, REGION_NAMES
from casework.drafts.templates import DraftTemplate, fitting
from casework.models import Client, Document, DocumentKind, Event, ReminderState
from casework.selectors.clients import client_get_for, events_for
from casework.selectors.deadline_changes import RulesNotice, client_rules_notices_for
from casework.selectors.documents import documents_for, documents_of_events
from casework.selectors.reminders import reminders_for_client
from casework.services import reading
from casework.services.reading import documents_read
from casework.web.access import case_work_required
from casework.web.documents import UploadForm, event_choice_label, evidenced_events, size_text
from casework.web.timeline import build_timeline
from casework.wording.dates import wall_clock
from casework.wording.labels import (
    CONFIDENCE_LABELS,
    DEADLINE_STATUSES,
    REMINDER_STATES,
    RESTRICTION_LABELS,
    choice_label,
)
from casework.wording.rules import deadline_words

NAV = "clients"


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
    # The draft templates that fit the deadline (casework/drafts); none in a view of another date or moment.
    drafts: list[DraftTemplate] = field(default_factory=list)

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
    deadline,
    notice: RulesNotice | None = None,
    evidence: list[Document] | None = None,
    drafts: list[DraftTemplate] | None = None,
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
        drafts=drafts or [],
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
                [] if historical else fitting(deadline),
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


def _events(request, client: Client) -> list[Event]:
    return list(events_for(actor=request.user, client=client).select_related("recorded_by"))


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]
