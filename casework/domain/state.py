"""What derive() returns: the case as the law sees it on a date, as known at a moment.

Frozen dataclasses; ``CaseState.to_dict()`` gives API.md's status shape (plus extras), JSON-ready.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, fields, is_dataclass
from datetime import UTC, date, datetime
from typing import Any

from casework.domain.formatting import format_instant
from casework.domain.periods import Step

OPEN, MET, MISSED, CANCELLED = "open", "met", "missed", "cancelled"


@dataclass(frozen=True)
class CaseWarning:
    code: str
    message: str
    subject: str | None = None  # a deadline key, decision ref or event id the warning is about
    # Everything the message says, by name (dates ISO): casework/wording says it in Russian from these alone.
    params: Mapping[str, str] = field(default_factory=dict, hash=False)


@dataclass(frozen=True)
class ClientFacts:
    citizenship: str | None = None
    sex: str | None = None
    birth_year: int | None = None
    region: str | None = None


@dataclass(frozen=True)
class RegisterState:
    listed: bool = False
    since: date | None = None
    ground: str | None = None
    posted_on: date | None = None
    excluded_on: date | None = None
    inclusion_event: str | None = None
    # Listed on the evidence of a register check alone, no inclusion recorded yet: since that check at the
    # latest.
    provisional: bool = False


@dataclass(frozen=True)
class Restriction:
    code: str
    since: date
    legal_basis: str
    confidence: str
    description: str
    source_events: tuple[str, ...]  # the inclusion, then any restriction_enforced observations


@dataclass(frozen=True)
class DetentionState:
    detained: bool = False
    since: date | None = None
    facility: str | None = None
    days: int = 0  # inclusive: the day of placement is day 1
    term_until: date | None = None
    basis: str | None = None
    placement_event: str | None = None


@dataclass(frozen=True)
class AppealFiled:
    event_id: str
    filed_on: date
    forum: str | None


@dataclass(frozen=True)
class AppealDecided:
    event_id: str
    decided_on: date
    outcome: str | None
    copy_received_on: date | None
    level: int  # the level of the decision on the appeal: 2 for the first decision on a complaint
    final_form_on: date | None = None  # a court's decision in final form (KAS 298: the appeal runs from it)


@dataclass(frozen=True)
class DecisionState:
    ref: str
    kind: str
    event_id: str
    issued_on: date
    served_on: date | None = None  # the earliest service recorded
    served_event: str | None = None
    copy_received_on: date | None = None
    learned_on: date | None = None
    authority_timezone: str | None = None
    authority_region: str | None = None  # where the authority sits: its regional days off, never the client's
    appeals: tuple[AppealFiled, ...] = ()
    decisions_on_appeal: tuple[AppealDecided, ...] = ()


@dataclass(frozen=True)
class Deadline:
    key: str
    kind: str  # appeal | order_to_appear | legal_review
    rule: str
    rule_version: int
    decision_ref: str | None
    due_on: date
    due_at: datetime
    status: str
    estimated: bool
    confidence: str
    legal_basis: str
    action: str
    trigger_event: str
    trigger_on: date
    local_cutoff: datetime
    moscow_cutoff: datetime
    authority_timezone: str
    steps: tuple[Step, ...]
    level: int = 1
    next_step: str | None = None

    @property
    def explanation(self) -> tuple[str, ...]:
        return tuple(step.text for step in self.steps)

    @property
    def needs_lawyer_check(self) -> bool:
        return self.confidence in ("medium", "low")

    def to_dict(self) -> dict[str, Any]:
        return {
            **_plain(self, exclude={"steps"}),
            "explanation": list(self.explanation),
            "steps": [
                {"key": step.key, "params": dict(step.params), "text": step.text} for step in self.steps
            ],
            "needs_lawyer_check": self.needs_lawyer_check,
        }


@dataclass(frozen=True)
class Fact:
    kind: str  # one of casework.domain.history.FACT_KINDS
    occurred_on: date
    category: str = ""  # inclusion: ground; detention: basis; decision: kind
    outcome: str = ""  # freeze: listed or not at the time; decision: its appeal's stage or outcome


@dataclass(frozen=True)
class CaseState:
    as_of: date
    known_at: datetime
    version: int  # highest version among the events known at known_at
    facts: ClientFacts
    register: RegisterState
    restrictions: tuple[Restriction, ...]
    bank_account_frozen: bool
    detention: DetentionState
    decisions: tuple[DecisionState, ...]
    deadlines: tuple[Deadline, ...]
    warnings: tuple[CaseWarning, ...]
    obligation_breaches: int
    visa_free_days: int | None
    assigned_to: str | None
    closed: bool
    calendar_version: str
    rules_version: str
    next_deadline: Deadline | None = field(default=None)
    # Anonymous facts for the statistics (casework.domain.history); not part of the status API.
    history: tuple[Fact, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        register = _plain(self.register, exclude={"inclusion_event"})
        detention = _plain(self.detention)
        return {
            "as_of": self.as_of.isoformat(),
            "known_at": format_instant(self.known_at),
            "version": self.version,
            **_plain(self.facts),
            "register": register,
            "restrictions": [_plain(restriction) for restriction in self.restrictions],
            "bank_account_frozen": self.bank_account_frozen,
            "detention": detention,
            "deadlines": [deadline.to_dict() for deadline in self.deadlines],
            "warnings": [_plain(warning) for warning in self.warnings],
            "decisions": [_plain(decision) for decision in self.decisions],
            "obligation_breaches": self.obligation_breaches,
            "visa_free_days": self.visa_free_days,
            "assigned_to": self.assigned_to,
            "closed": self.closed,
            "next_deadline": self.next_deadline.key if self.next_deadline else None,
            "calendar_version": self.calendar_version,
            "rules_version": self.rules_version,
        }


def _plain(instance: Any, exclude: set[str] | frozenset[str] = frozenset()) -> dict[str, Any]:
    return {
        item.name: _json(getattr(instance, item.name))
        for item in fields(instance)
        if item.name not in exclude
    }


def _json(value: Any) -> Any:
    if isinstance(value, datetime):
        # UTC instants read as "...Z"; local cut-offs keep their own offset, which is their point.
        return format_instant(value) if value.utcoffset() == UTC.utcoffset(None) else value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if is_dataclass(value) and not isinstance(value, type):
        return _plain(value)
    if isinstance(value, tuple | list):
        return [_json(item) for item in value]
    if isinstance(value, Mapping):
        return {key: _json(item) for key, item in value.items()}
    return value
