"""The event catalogue: what can be recorded, how it is validated, upcast and split for encryption."""

from __future__ import annotations

from casework.domain.catalogue import EVENT_TYPES, META_TYPES, EventType, FieldSpec
from casework.domain.choices import (
    APPEAL_FORUMS,
    APPEAL_OUTCOMES,
    DECISION_KINDS,
    DETENTION_BASES,
    EXCLUSION_GROUNDS,
    INCLUSION_SOURCES,
    LEGAL_GROUND_KINDS,
    OBLIGATION_BREACH_KINDS,
    REGISTER_GROUNDS,
    RESTRICTION_CODES,
    SERVICE_METHODS,
    SEXES,
)
from casework.domain.payloads import clean_payload
from casework.domain.recorded import NON_FIELD_ERRORS, PayloadInvalid, RecordedEvent
from casework.domain.sensitive import merge_sensitive, split_sensitive
from casework.domain.sequence import check_sequence
from casework.domain.upcasting import UPCASTERS, UpcasterRegistry, UpcastImpossible, upcast

__all__ = [
    "APPEAL_FORUMS",
    "APPEAL_OUTCOMES",
    "DECISION_KINDS",
    "DETENTION_BASES",
    "EVENT_TYPES",
    "EXCLUSION_GROUNDS",
    "INCLUSION_SOURCES",
    "LEGAL_GROUND_KINDS",
    "META_TYPES",
    "NON_FIELD_ERRORS",
    "OBLIGATION_BREACH_KINDS",
    "REGISTER_GROUNDS",
    "RESTRICTION_CODES",
    "SERVICE_METHODS",
    "SEXES",
    "UPCASTERS",
    "EventType",
    "FieldSpec",
    "PayloadInvalid",
    "RecordedEvent",
    "UpcastImpossible",
    "UpcasterRegistry",
    "check_sequence",
    "clean_payload",
    "merge_sensitive",
    "split_sensitive",
    "upcast",
]
