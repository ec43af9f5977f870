"""Reminder e-mails: case code, kind, due date, cut-offs and a link — never a name or a document number."""

from __future__ import annotations

from datetime import datetime
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.mail import EmailMultiAlternatives

from casework.emails import make_message
from casework.models import Deadline, Language, Reminder
from casework.wording.dates import wall_clock
from casework.wording.next_steps import next_step_text
from casework.wording.rules import deadline_words, rule_action

MOSCOW = ZoneInfo("Europe/Moscow")


def _language(reminder: Reminder) -> str:
    membership = getattr(reminder.recipient, "membership", None)
    return membership.language if membership is not None else Language.RUSSIAN


def _clock(moment: datetime, zone: ZoneInfo) -> str:
    day, time = wall_clock(moment, zone)
    return f"{time}, {day:%d.%m.%Y}"


def message_domain() -> str:
    return urlsplit(settings.CASEWORK_BASE_URL).hostname or "casework.invalid"


def message_id(reminder: Reminder) -> str:
    # Stable per ledger row: if a send is ever repeated after a crash, mail clients show one message.
    return f"<reminder-{reminder.pk}@{message_domain()}>"


def context(reminder: Reminder, deadline: Deadline) -> dict:
    authority_zone = ZoneInfo(deadline.authority_timezone)
    return {
        "code": reminder.client.code,
        "kind": deadline.kind,
        "kind_words": deadline_words(deadline.kind, deadline.rule, _language(reminder)),
        # The rule's own next step (its restoration basis: KoAP 30.3 ч.2, KAS 219 ч.7 or 95), in words.
        "next_step": next_step_text(deadline.next_step, _language(reminder)) if deadline.next_step else "",
        "rule": deadline.rule,
        # The rule's action in the recipient's language (by rule id): no personal data in it.
        "action": rule_action(deadline.rule, deadline.action, _language(reminder)),
        "due_on": deadline.due_on.strftime("%d.%m.%Y"),
        "step": reminder.step,
        "missed": reminder.step in Reminder.ESCALATION_STEPS,
        # Re-opened by a rules update and already missed: a restoration petition may still save it.
        "reopened": reminder.step == Reminder.STEP_REOPENED,
        "escalation": reminder.escalation,
        "estimated": deadline.estimated,
        "verify": deadline.confidence not in ("high",),
        "authority_timezone": deadline.authority_timezone,
        "local_cutoff": _clock(deadline.local_cutoff, authority_zone),
        "local_cutoff_in_moscow": _clock(deadline.local_cutoff, MOSCOW),
        "moscow_cutoff": f"24:00, {deadline.due_on.strftime('%d.%m.%Y')}",
        "file_by": _clock(deadline.due_at, MOSCOW),
        "moscow_is_local": deadline.authority_timezone == "Europe/Moscow",
        "link": f"{settings.CASEWORK_BASE_URL}/clients/{reminder.client_id}/",
    }


def build_message(reminder: Reminder, deadline: Deadline) -> EmailMultiAlternatives:
    language = _language(reminder)
    values = context(reminder, deadline)
    headers = {"Message-ID": message_id(reminder)}
    return make_message(
        "reminder", to=reminder.recipient.email, language=language, context=values, headers=headers
    )
