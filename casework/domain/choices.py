"""The closed vocabularies of the event catalogue (LEGAL-RULES.md §1, API.md event table)."""

from __future__ import annotations

REGISTER_GROUNDS = (
    "stay_expired",
    "illegal_entry",
    "readmission",
    "permit_annulled",
    "asylum_refused",
    "administrative_removal",
    "decision_other",
    "cruise_72h",
    "citizenship_terminated",
    "criminal_conviction",
    "other",
)
EXCLUSION_GROUNDS = (
    "departure",
    "legal_grounds_acquired",
    "decision_cancelled",
    "decision_invalidated_by_court",
    "death",
    "other",
)
INCLUSION_SOURCES = ("register_check", "bank", "official_letter", "client", "other")
RESTRICTION_CODES = (
    "no_business_registration",
    "no_property_acquisition",
    "no_property_registration",
    "no_vehicle_registration",
    "no_driving",
    "no_driving_licence",
    "banking_restricted",
    "no_marriage",
    "no_residence_change",
    "no_leaving_region",
)
DECISION_KINDS = (
    "administrative_expulsion",
    "deportation",
    "stay_reduction",
    "entry_ban",
    "undesirability",
    "permit_annulment",
    "bailiff_action",
    "detention_placement",
    "citizenship_termination",
    "asylum_refusal",
    "other",
)
SERVICE_METHODS = ("delivered", "refused", "returned_unclaimed")
APPEAL_FORUMS = ("higher_official", "court")
APPEAL_OUTCOMES = ("overturned", "upheld", "partially_overturned", "returned")
DETENTION_BASES = ("expulsion", "deportation", "readmission", "other")
LEGAL_GROUND_KINDS = (
    "patent",
    "temporary_residence",
    "residence_permit",
    "citizenship",
    "refugee",
    "temporary_asylum",
    "other",
)
# The obligations of a listed person (LEGAL-RULES.md §1), one code per obligation.
OBLIGATION_BREACH_KINDS = (
    "failed_to_appear",
    "whereabouts_not_reported",
    "departure_obstacle_not_reported",
    "forced_move_not_reported",
    "departure_details_not_reported",
    "other",
)
SEXES = ("M", "F", "X")  # X: not recorded or neither
FIELD_KINDS = (
    "text",
    "date",
    "bool",
    "choice",
    "instant",
    "int",
    "event_id",
    "object",
    "region",
    "citizenship",
    "timezone",
)
