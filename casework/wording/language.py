"""The reader's language: Russian or not (everything else reads the domain's English)."""

from __future__ import annotations

from django.utils import translation


def is_russian(language: str | None = None) -> bool:
    language = language or translation.get_language() or ""
    return language.lower().startswith("ru")
