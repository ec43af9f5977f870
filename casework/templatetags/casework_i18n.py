"""Template filters for text the domain produces in English: ``{% load casework_i18n %}``."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils import translation

from casework.wording.citations import legal_basis_text as _legal_basis_text
from casework.wording.labels import DEADLINE_STATUSES
from casework.wording.next_steps import next_step_text as _next_step_text
from casework.wording.rules import deadline_words as _deadline_words
from casework.wording.rules import rule_action as _rule_action
from casework.wording.steps import step_text as _step_text
from casework.wording.warnings import warning_text as _warning_text

register = template.Library()


@register.filter
def deadline_status(status: Any) -> str:
    """A deadline status ("met") in the user's language."""
    return str(DEADLINE_STATUSES.get(status, status))


@register.filter
def step_text(step: Any) -> str:
    """``{{ step|step_text }}``: a deadline explanation step in the active language."""
    return _step_text(step, translation.get_language())


@register.filter
def warning_text(warning: Any) -> str:
    """``{{ warning|warning_text }}``: a case warning's message in the active language."""
    return _warning_text(warning, translation.get_language())


@register.filter
def rule_action(deadline: Any) -> str:
    """``{{ deadline|rule_action }}``: what the deadline's rule asks for, in the active language."""
    if isinstance(deadline, dict):
        rule, action = deadline.get("rule", ""), deadline.get("action", "")
    else:
        rule, action = getattr(deadline, "rule", ""), getattr(deadline, "action", "")
    return _rule_action(str(rule or ""), str(action or ""), translation.get_language())


@register.filter
def legal_basis(text: Any) -> str:
    """``{{ deadline.legal_basis|legal_basis }}``: a citation in the active language."""
    return _legal_basis_text(str(text or ""), translation.get_language())


@register.filter
def next_step(text: Any) -> str:
    """``{{ deadline.next_step|next_step }}``: after a missed deadline, in the active language."""
    return _next_step_text(str(text) if text else "", translation.get_language())


@register.filter
def deadline_kind(deadline: Any) -> str:
    """``{{ deadline|deadline_kind }}``: what kind of deadline it is, in the active language."""
    kind = getattr(deadline, "kind", None) or (deadline.get("kind") if isinstance(deadline, dict) else "")
    rule = getattr(deadline, "rule", None) or (deadline.get("rule") if isinstance(deadline, dict) else "")
    return _deadline_words(str(kind or ""), str(rule or ""), translation.get_language())
