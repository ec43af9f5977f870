"""Readable names of the published categories, in the active language (the tables themselves hold codes)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from casework.domain import choices
from casework.domain.history import NOT_APPEALED, PENDING
from casework.domain.reference_data import COUNTRY_NAMES
from casework.exports.definitions import COUNT, DEADLINES, DECISIONS, PERSONS, TableDefinition
from casework.exports.dimensions import OTHER, STATELESS_GROUP, UNKNOWN
from casework.wording.labels import CHOICE_LABELS

DIMENSION_TITLES: dict[str, Any] = {
    "quarter": _("Quarter"),
    "ground": _("Ground"),
    "decision_kind": _("Kind of decision"),
    "appeal_outcome": _("Appeal"),
    "register_status": _("Register status"),
    "deadline_outcome": _("Deadline"),
    "federal_district": _("Federal district"),
    "age_band": _("Age"),
    "sex": _("Sex"),
    "citizenship_group": _("Citizenship"),
}
COUNT_NAMES: dict[str, Any] = {
    PERSONS: pgettext_lazy("export count", "People"),
    DECISIONS: pgettext_lazy("export count", "Decisions"),
    DEADLINES: pgettext_lazy("export count", "Deadlines"),
}

CATEGORY_NAMES: dict[str, dict[str, Any]] = {
    "ground": dict(CHOICE_LABELS[choices.REGISTER_GROUNDS]),
    "decision_kind": dict(CHOICE_LABELS[choices.DECISION_KINDS]),
    "appeal_outcome": {
        NOT_APPEALED: _("Not appealed"),
        PENDING: _("Appeal pending"),
        **CHOICE_LABELS[choices.APPEAL_OUTCOMES],
    },
    "register_status": {"listed": _("Listed that day"), "not_listed": _("Not listed that day")},
    "deadline_outcome": {"met": _("Met"), "missed": _("Missed")},
    "federal_district": {
        "central": _("Central"),
        "northwestern": _("Northwestern"),
        "southern": _("Southern"),
        "north_caucasian": _("North Caucasian"),
        "volga": _("Volga"),
        "ural": _("Ural"),
        "siberian": _("Siberian"),
        "far_eastern": _("Far Eastern"),
    },
    "age_band": {
        "under_18": _("Under 18"),
        "18_29": "18–29",
        "30_44": "30–44",
        "45_59": "45–59",
        "60_plus": _("60 and over"),
    },
    "sex": dict(CHOICE_LABELS[choices.SEXES]),
    "citizenship_group": {STATELESS_GROUP: _("Stateless"), OTHER: _("Other nationalities")},
}


def title(definition: TableDefinition) -> str:
    return gettext(definition.title)


def description(definition: TableDefinition) -> str:
    return gettext(definition.description)


def dimension_title(name: str | None, definition: TableDefinition) -> str:
    return str(DIMENSION_TITLES[name]) if name else str(COUNT_NAMES[definition.unit])


def category(dimension: str | None, code: str, definition: TableDefinition) -> str:
    """The readable name of one row or column label."""
    if dimension is None or code == COUNT:
        return str(COUNT_NAMES[definition.unit])
    if code == UNKNOWN:
        return gettext("Unknown")
    if dimension == "quarter":
        year, quarter = code.split("-Q")
        return gettext("Q%(quarter)s %(year)s") % {"quarter": quarter, "year": year}
    names = CATEGORY_NAMES.get(dimension, {})
    if code in names:
        return str(names[code])
    if dimension == "citizenship_group":
        return COUNTRY_NAMES.get(code, code)
    return code
