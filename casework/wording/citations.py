"""Legal citations the Russian way («ч. 1 ст. 30.3 КоАП РФ»), as the data files give them.

Each rule in casework/domain/data/rules.toml carries its citations in English and in Russian
(``legal_basis`` / ``legal_basis_ru``, ``restore_basis_ru``, ``later_basis_ru``), and so do the restrictions
in restrictions.toml. The read models store the English citation of the deadline or restriction; this module
looks it up. A citation the data does not word in Russian is shown in English, never translated by guesswork.
"""

from __future__ import annotations

from functools import cache

from casework.domain.restrictions import RESTRICTION_RULES
from casework.domain.rules import RuleBook, russian_citations
from casework.wording.language import is_russian


@cache
def _russian() -> dict[str, str]:
    table = russian_citations(RuleBook.official().rules)
    table.update({rule.legal_basis: rule.legal_basis_ru for rule in RESTRICTION_RULES if rule.legal_basis_ru})
    return table


def russian_legal_basis(text: str) -> str | None:
    """The citation the Russian way, or None when the data does not word it in Russian."""
    return _russian().get(text)


def legal_basis(text: str) -> str:
    """Russian for a deadline step or warning: the data's wording, else the English citation unchanged."""
    return _russian().get(text, text)


def legal_basis_text(text: str, language: str | None = None) -> str:
    """A citation in ``language``; unchanged when it is English or a citation the data does not word."""
    if not text or not is_russian(language):
        return text
    return legal_basis(text)
