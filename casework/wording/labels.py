"""Labels of the closed vocabularies, event types, deadline statuses, reminder states and confidence levels.

Forms, the client page, the dashboard, exports and template filters all read them from here (gettext; the
Russian is in casework/locale). Keys are the domain's codes, and the stored values of ``ReminderState``.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext, gettext_lazy, pgettext_lazy

from casework.domain import choices
from casework.domain.catalogue import EVENT_TYPES, FieldSpec

_ = gettext_lazy

# Plain-language labels of the closed vocabularies, per vocabulary (the same code can mean different things).
CHOICE_LABELS: dict[tuple[str, ...], dict[str, Any]] = {
    choices.REGISTER_GROUNDS: {
        "stay_expired": _("Period of stay or permit expired"),
        "illegal_entry": _("Illegal crossing of the State Border"),
        "readmission": _("Admitted under a readmission agreement without grounds to stay"),
        "permit_annulled": _("Visa or residence permit annulled"),
        "asylum_refused": _("Asylum or refugee status refused or lost"),
        "administrative_removal": _("Administrative expulsion imposed"),
        "decision_other": _("Other decision (deportation, entry ban, undesirability, reduced stay…)"),
        "cruise_72h": _("Cruise or ferry passenger over 72 hours"),
        "citizenship_terminated": _("Russian citizenship terminated"),
        "criminal_conviction": _("Final criminal conviction"),
        "other": _("Other (describe it in words)"),
    },
    choices.EXCLUSION_GROUNDS: {
        "departure": _("Left Russia"),
        "legal_grounds_acquired": _("Obtained legal grounds to stay"),
        "decision_cancelled": _("The decision was cancelled"),
        "decision_invalidated_by_court": _("A court found the decision unlawful"),
        "death": _("Death"),
        "other": _("Other"),
    },
    choices.INCLUSION_SOURCES: {
        "register_check": _("A check of the MVD register"),
        "bank": _("The bank"),
        "official_letter": _("An official letter"),
        "client": _("The client told us"),
        "other": _("Other"),
    },
    choices.RESTRICTION_CODES: {
        "no_business_registration": _("No registration of a company or sole trader"),
        "no_property_acquisition": _("No buying real estate, vehicles or machinery"),
        "no_property_registration": _("No registration of real estate"),
        "no_vehicle_registration": _("No registration of vehicles"),
        "no_driving": _("Driving restricted"),
        "no_driving_licence": _("No driving exams and no driving licence issued or exchanged"),
        "banking_restricted": _(
            "No new bank accounts or operations, except compulsory payments, incoming transfers and "
            "cash withdrawals up to 30,000 roubles a month"
        ),
        "no_marriage": _("Marriage prohibited"),
        "no_residence_change": _("No change of residence without MVD permission"),
        "no_leaving_region": _("No leaving the region, except to leave Russia"),
    },
    choices.DECISION_KINDS: {
        "administrative_expulsion": _("Administrative expulsion"),
        "deportation": _("Deportation"),
        "stay_reduction": _("Reduction of the period of stay"),
        "entry_ban": _("Entry ban"),
        "undesirability": _("Undesirability of stay"),
        "permit_annulment": _("Annulment of a residence permit"),
        "bailiff_action": _("Bailiff action enforcing expulsion"),
        "detention_placement": _("Placement in a special institution"),
        "citizenship_termination": _("Termination of citizenship"),
        "asylum_refusal": _("Refusal of asylum"),
        "other": _("Other"),
    },
    choices.SERVICE_METHODS: {
        "delivered": _("Handed over or delivered"),
        "refused": _("The client refused to accept it"),
        "returned_unclaimed": _("Returned unclaimed by the post"),
    },
    choices.APPEAL_FORUMS: {"higher_official": _("A higher official"), "court": _("A court")},
    choices.APPEAL_OUTCOMES: {
        "overturned": _("Overturned"),
        "upheld": _("Upheld"),
        "partially_overturned": _("Partially overturned"),
        "returned": _("Returned without consideration"),
    },
    choices.DETENTION_BASES: {
        "expulsion": _("Pending expulsion"),
        "deportation": _("Pending deportation"),
        "readmission": _("Pending readmission"),
        "other": _("Other"),
    },
    choices.LEGAL_GROUND_KINDS: {
        "patent": _("Work patent"),
        "temporary_residence": _("Temporary residence permit"),
        "residence_permit": _("Residence permit"),
        "citizenship": _("Russian citizenship"),
        "refugee": _("Refugee status"),
        "temporary_asylum": _("Temporary asylum"),
        "other": _("Other"),
    },
    choices.OBLIGATION_BREACH_KINDS: {
        "failed_to_appear": _("Did not appear when ordered"),
        "whereabouts_not_reported": _("Did not report their whereabouts"),
        "departure_obstacle_not_reported": _("Did not report what prevents departure"),
        "forced_move_not_reported": _("Did not report a forced move"),
        "departure_details_not_reported": _("Did not report the date, place and route of departure"),
        "other": _("Other"),
    },
    choices.SEXES: {"M": _("Male"), "F": _("Female"), "X": pgettext_lazy("sex", "Not recorded")},
}
RESTRICTION_LABELS = CHOICE_LABELS[choices.RESTRICTION_CODES]

DEADLINE_STATUSES = {
    "open": gettext_lazy("open"),
    "met": gettext_lazy("met"),
    "missed": gettext_lazy("missed"),
    "cancelled": gettext_lazy("cancelled"),
}
# By ReminderState value (casework.models), which wording does not import.
REMINDER_STATES = {
    "pending": gettext_lazy("pending"),
    "sending": gettext_lazy("sending"),
    "sent": gettext_lazy("sent"),
    "failed": gettext_lazy("delivery failed"),
    "cancelled": gettext_lazy("cancelled"),
}
CONFIDENCE_LABELS = {
    "high": gettext_lazy("high"),
    "medium-high": gettext_lazy("medium-high"),
    "medium": gettext_lazy("medium"),
    "low": gettext_lazy("low"),
}


def choice_label(spec: FieldSpec, value: str) -> str:
    return str(CHOICE_LABELS.get(spec.choices, {}).get(value, value))


def event_type_label(type_name: str) -> str:
    """An event type's label (the domain catalogue's English, translated); the type itself if unknown."""
    return gettext(EVENT_TYPES[type_name].label) if type_name in EVENT_TYPES else type_name
