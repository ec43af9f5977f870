"""Template filters for text the domain produces in English: ``{% load casework_i18n %}``."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils import translation

from casework.web.explanations import step_text as render_step

register = template.Library()


@register.filter
def step_text(step: Any) -> str:
    """``{{ step|step_text }}``: a deadline explanation step in the active language."""
    return render_step(step, translation.get_language())
