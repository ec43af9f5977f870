"""Every event type a caseworker can record (API.md), with the form each one needs.

The UI builds its forms from this catalogue, so every field carries a short label and plain-language help.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from casework.domain import choices
from casework.domain.choices import FIELD_KINDS


@dataclass(frozen=True)
class FieldSpec:
    kind: str  # one of choices.FIELD_KINDS
    label: str
    help: str = ""
    required: bool = False
    choices: tuple[str, ...] = ()
    # Free text that may identify a person: stored encrypted with the client's key, erasable.
    sensitive: bool = False
    allow_future: bool = False  # dates that name a future day: a permit's expiry, an order's time
    not_before_occurred_on: bool = False  # e.g. a copy cannot be received before the decision exists
    max_length: int | None = None
    min_value: int | None = None
    up_to_current_year: bool = False  # for years: the upper bound is today's year
    # A short code (D1, AE-2: domain/payloads.py), never free text: it is copied in clear into deadline keys,
    # reminders and explanations, which erasure does not reach.
    short_code: bool = False

    def __post_init__(self) -> None:
        if self.kind not in FIELD_KINDS:
            raise ValueError(f"Unknown field kind {self.kind!r}")
        if (self.kind == "choice") != bool(self.choices):
            raise ValueError("choices are given exactly for choice fields")


@dataclass(frozen=True)
class EventType:
    name: str
    label: str
    help: str
    fields: Mapping[str, FieldSpec] = field(default_factory=dict)
    schema_version: int = 1

    @property
    def sensitive_fields(self) -> tuple[str, ...]:
        return tuple(name for name, spec in self.fields.items() if spec.sensitive)


def _text(label: str, help: str = "", *, required: bool = False, sensitive: bool = False) -> FieldSpec:
    return FieldSpec("text", label, help, required=required, sensitive=sensitive, max_length=2000)


def _reason(help: str = "Why, in a few words. Stored encrypted.", *, required: bool = False) -> FieldSpec:
    return FieldSpec("text", "Reason", help, required=required, sensitive=True, max_length=2000)


def _choice(label: str, options: tuple[str, ...], help: str = "", *, required: bool = False) -> FieldSpec:
    return FieldSpec("choice", label, help, required=required, choices=options)


def _date(
    label: str,
    help: str = "",
    *,
    required: bool = False,
    allow_future: bool = False,
    not_before_occurred_on: bool = False,
) -> FieldSpec:
    return FieldSpec(
        "date",
        label,
        help,
        required=required,
        allow_future=allow_future,
        not_before_occurred_on=not_before_occurred_on,
    )


_DECISION_REF = FieldSpec(
    "text",
    "Decision reference",
    "A short label for the decision within this case, e.g. D1 or AE-2. Not the official number.",
    required=True,
    max_length=64,
    short_code=True,
)

_TYPES = (
    EventType(
        "client_registered",
        "Client registered",
        "Written when the client is created; carries only non-identifying facts.",
        {
            "citizenship": FieldSpec(
                "citizenship", "Citizenship", "ISO 3-letter code; XXX if stateless.", True
            ),
            "sex": _choice("Sex", choices.SEXES, required=True),
            "birth_year": FieldSpec(
                "int", "Year of birth", required=True, min_value=1900, up_to_current_year=True
            ),
            "region": FieldSpec("region", "Region", "Region of stay, e.g. RU-MOW for Moscow.", True),
        },
    ),
    EventType(
        "register_inclusion",
        "Included in the register of controlled persons",
        "Date = the date of inclusion as the MVD states it; if unknown, the earliest date the entry is "
        "known to "
        "have existed (a register check that showed it). Record the posting date too: the appeal period runs "
        "from it.",
        {
            "ground": _choice(
                "Ground", choices.REGISTER_GROUNDS, "Why the MVD included the person.", required=True
            ),
            "posted_on": _date(
                "Posted on the MVD website on",
                "The person counts as notified from this day; the appeal period runs from it.",
            ),
            "source": _choice("How we learned of it", choices.INCLUSION_SOURCES),
            "reason_text": _text(
                "Ground in words", "For the ground 'other'. Stored encrypted.", sensitive=True
            ),
        },
    ),
    EventType(
        "register_exclusion",
        "Excluded from the register",
        "The person's entry was removed from the register.",
        {
            "ground": _choice("Ground", choices.EXCLUSION_GROUNDS, required=True),
            "reason": _reason(),
        },
    ),
    EventType(
        "register_check",
        "Register checked",
        "A check of the MVD register and what it showed.",
        {"listed": FieldSpec("bool", "Listed", "Was the person in the register?", True)},
    ),
    EventType(
        "bank_account_frozen", "Bank account frozen", "A bank froze or restricted the client's account."
    ),
    EventType("bank_account_unfrozen", "Bank account unfrozen", "The bank lifted the freeze."),
    EventType(
        "restriction_enforced",
        "Restriction enforced",
        "A restriction was applied in practice, e.g. a marriage registration refused.",
        {"restriction": _choice("Restriction", choices.RESTRICTION_CODES, required=True)},
    ),
    EventType(
        "decision_issued",
        "Decision issued",
        "A decision about the client (expulsion, deportation, entry ban...). Date = date of the decision.",
        {
            "decision_ref": _DECISION_REF,
            "kind": _choice("Kind of decision", choices.DECISION_KINDS, required=True),
            "copy_received_on": _date(
                "Copy received on",
                "The day the client received (or was handed) a copy. Appeal periods often run from it.",
                not_before_occurred_on=True,
            ),
            "learned_on": _date(
                "Client learned of it on",
                "The day the client first learned of the decision.",
                not_before_occurred_on=True,
            ),
            "authority_timezone": FieldSpec(
                "timezone",
                "Time zone of the court or authority",
                "Where the appeal is filed, e.g. Asia/Yekaterinburg. The deadline ends at 24:00 there; if "
                "it is "
                "not recorded, the earliest midnight of the organisation's, the client's region's and "
                "Moscow's.",
            ),
            "authority_region": FieldSpec(
                "region",
                "Region of the court or authority",
                "Where the authority that issued the decision sits, e.g. RU-TA. Its regional days off are "
                "named "
                "next to the deadline; the client's region does not matter for this.",
            ),
            "official_number": _text(
                "Official number",
                "The case or decision number. It identifies the person, so it is encrypted.",
                sensitive=True,
            ),
        },
    ),
    EventType(
        "decision_served",
        "Decision served",
        "The decision was delivered to the client. Date = the day it was handed over, the day the client "
        "refused it (refused), or the day the unclaimed envelope came back to the court or authority "
        "(returned unclaimed). The period runs from the earliest of service and receipt of the copy.",
        {
            "decision_ref": _DECISION_REF,
            "how": _choice("How", choices.SERVICE_METHODS, required=True),
        },
    ),
    EventType(
        "appeal_filed",
        "Appeal filed",
        "An appeal or complaint against a decision was filed. Date = filing day.",
        {
            "decision_ref": FieldSpec(
                "text",
                "Decision reference",
                "The decision appealed, e.g. D1; 'register' for an appeal against the register inclusion.",
                required=True,
                max_length=64,
            ),
            "forum": _choice("Filed with", choices.APPEAL_FORUMS, required=True),
        },
    ),
    EventType(
        "appeal_decided",
        "Appeal decided",
        "A court or official decided an appeal, or returned it. Date = the day of the decision or hearing "
        "(a court's resolution part). 'Returned' means not filed: the period against the decision runs on.",
        {
            "decision_ref": _DECISION_REF,
            "outcome": _choice("Outcome", choices.APPEAL_OUTCOMES, required=True),
            "copy_received_on": _date(
                "Copy received on",
                "The day the copy of the decision (or of the return ruling) was received. The next KoAP "
                "complaint's period runs from it.",
                not_before_occurred_on=True,
            ),
            "final_form_on": _date(
                "Decision in final form on",
                "A court's decision: the day it was made in final form (the reasoned decision). The appeal "
                "period (KAS art. 298) runs from it, not from receipt of the copy; if unknown, from the "
                "hearing.",
                not_before_occurred_on=True,
            ),
        },
    ),
    EventType(
        "detained",
        "Detained",
        "Placed in a special institution for foreign citizens. Date = day of placement.",
        {
            "basis": _choice("Basis", choices.DETENTION_BASES, required=True),
            "facility": FieldSpec(
                "text",
                "Facility",
                "Which special institution. Stored encrypted.",
                sensitive=True,
                max_length=500,
            ),
            "term_until": _date("Term until", allow_future=True, not_before_occurred_on=True),
        },
    ),
    EventType(
        "detention_extended",
        "Detention extended",
        "A court extended the stay in the special institution.",
        {
            "term_until": _date(
                "New term until", required=True, allow_future=True, not_before_occurred_on=True
            )
        },
    ),
    EventType("released", "Released", "Released from the special institution.", {"reason": _reason()}),
    EventType(
        "entered_russia",
        "Entered Russia",
        "Crossed the border into Russia. Used to count visa-free days.",
        # Free text about why someone travelled can name people, so it is treated like a reason.
        {"purpose": _text("Purpose of the visit", "Stored encrypted.", sensitive=True)},
    ),
    EventType("departed_russia", "Left Russia", "Crossed the border out of Russia."),
    EventType(
        "legal_grounds_acquired",
        "Legal grounds acquired",
        "The client obtained a legal basis to stay.",
        {
            "kind": _choice("Kind", choices.LEGAL_GROUND_KINDS, required=True),
            "valid_until": _date("Valid until", allow_future=True, not_before_occurred_on=True),
        },
    ),
    EventType("citizenship_terminated", "Russian citizenship terminated", "", {"reason": _reason()}),
    EventType(
        "order_to_appear_served",
        "Order to appear served",
        "The client was ordered to appear before the MVD. Date = day the order was served.",
        {
            "appear_by": FieldSpec(
                "instant",
                "Appear by",
                "Date and time given in the order, with its time zone.",
                required=True,
                allow_future=True,
                not_before_occurred_on=True,
            )
        },
    ),
    EventType(
        "order_attended",
        "Attended as ordered",
        "The client appeared as an order to appear required. Date = the day of attendance.",
        {
            "appear_by": FieldSpec(
                "instant",
                "Order's appear-by time",
                "The date and time written in the order, with its time zone, as recorded for the order.",
                required=True,
                allow_future=True,
            )
        },
    ),
    EventType(
        "obligation_breach",
        "Obligation not met",
        "The client failed an obligation of a listed person. Repeated failure risks deportation.",
        {"kind": _choice("Which obligation", choices.OBLIGATION_BREACH_KINDS, required=True)},
    ),
    EventType(
        "caseworker_assigned",
        "Caseworker assigned",
        "",
        {"user": FieldSpec("text", "Caseworker", "User name or id.", True, max_length=150)},
    ),
    EventType("case_closed", "Case closed", "", {"reason": _reason()}),
    EventType("case_reopened", "Case reopened", "", {"reason": _reason()}),
    EventType(
        "note_added",
        "Note",
        "A free-text note. Stored encrypted.",
        {"text": FieldSpec("text", "Note", required=True, sensitive=True, max_length=20000)},
    ),
    EventType(
        "document_generated",
        "Draft generated",
        "casework wrote a draft from the case (casework/drafts); recorded by the application, never by hand. "
        "Derivation ignores it.",
        {
            "template": FieldSpec("text", "Template", required=True, max_length=64, short_code=True),
            "template_version": FieldSpec("int", "Template version", required=True, min_value=1),
            "deadline_key": FieldSpec("text", "Deadline", required=True, max_length=200, short_code=True),
            "as_of": _date("As of", "The date the deadline was derived for.", required=True),
            "known_at": FieldSpec("instant", "As known at", required=True),
            "inputs_sha256": FieldSpec(
                "text",
                "Hash of the inputs",
                "SHA-256 of everything the draft was written from.",
                True,
                max_length=64,
            ),
            "document": FieldSpec(
                "text", "Document", "The draft's id in the case file.", True, max_length=36
            ),
        },
    ),
    EventType(
        "event_corrected",
        "Event corrected",
        "Replaces the data of an earlier event; the latest correction wins.",
        {
            "corrects": FieldSpec("event_id", "Event corrected", required=True),
            "data": FieldSpec(
                "object", "Corrected data", "The full data of the event, as it should read.", True
            ),
            "occurred_on": _date("Corrected date", "Only if the date of the event was wrong."),
        },
    ),
    EventType(
        "event_retracted",
        "Event retracted",
        "The earlier event no longer counts, e.g. it was recorded by mistake.",
        {
            "retracts": FieldSpec("event_id", "Event retracted", required=True),
            "reason": _reason(required=True),
        },
    ),
)

EVENT_TYPES: Mapping[str, EventType] = MappingProxyType(
    {event_type.name: event_type for event_type in _TYPES}
)
CORRECTION = "event_corrected"
RETRACTION = "event_retracted"
REGISTRATION = "client_registered"
DOCUMENT_GENERATED = "document_generated"
META_TYPES = frozenset({CORRECTION, RETRACTION})
# Written by the application itself, never recorded, corrected or retracted by hand.
WRITTEN_BY_THE_APPLICATION = frozenset({REGISTRATION, DOCUMENT_GENERATED})
