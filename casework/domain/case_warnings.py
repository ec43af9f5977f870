"""Warning codes derive() can raise, with their English messages and the params they are built from.

The UI translates by code from ``params`` (casework/web/explanations.py, ``warning_text``); every value there
is a string, dates in ISO form.
"""

from __future__ import annotations

from datetime import date

from casework.domain.formatting import format_date
from casework.domain.state import CaseWarning

CALENDAR_MISSING = "calendar_missing"
CALENDAR_PROVISIONAL = "calendar_provisional"
TRIGGER_UNKNOWN = "trigger_unknown"
NO_DEADLINE_RULE = "no_deadline_rule"
UNKNOWN_DECISION = "unknown_decision"
DUPLICATE_DECISION_REF = "duplicate_decision_ref"
NEXT_LEVEL_NOT_COMPUTED = "next_level_not_computed"
APPEAL_FILED_LATE = "appeal_filed_late"
LISTED_WITHOUT_INCLUSION = "listed_without_inclusion"
CHECK_NOT_LISTED = "check_not_listed"
FROZEN_WHILE_NOT_LISTED = "frozen_while_not_listed"
GROUNDS_ACQUIRED_STILL_LISTED = "grounds_acquired_still_listed"
REPEATED_OBLIGATION_BREACHES = "repeated_obligation_breaches"
VISA_FREE_DAYS_EXCEEDED = "visa_free_days_exceeded"
INVALID_TIMEZONE = "invalid_timezone"


def calendar_missing(rule_id: str, year: int, subject: str) -> CaseWarning:
    return CaseWarning(
        CALENDAR_MISSING,
        f"Deadline {subject} ({rule_id}) is not computed: there is no production calendar for {year}. "
        f"Add the {year} calendar from the Government resolution; the date is not guessed.",
        subject,
        {"rule": rule_id, "year": str(year), "subject": subject},
    )


def calendar_provisional(rule_id: str, year: int, subject: str) -> CaseWarning:
    return CaseWarning(
        CALENDAR_PROVISIONAL,
        f"Deadline {subject} ({rule_id}) uses the provisional {year} calendar; "
        "confirm it against the Government resolution.",
        subject,
        {"rule": rule_id, "year": str(year), "subject": subject},
    )


def trigger_unknown(subject: str, missing: str, counted_from: date) -> CaseWarning:
    return CaseWarning(
        TRIGGER_UNKNOWN,
        f"Deadline {subject} is estimated: {missing} is not recorded, so it is counted from "
        f"{format_date(counted_from)}, the earliest plausible date. Record it to get the exact deadline.",
        subject,
        {"subject": subject, "missing": missing, "counted_from": counted_from.isoformat()},
    )


def no_deadline_rule(what: str, subject: str, about: str, **details: str) -> CaseWarning:
    """``about``: decision (with kind and ref), complaint_decision (ref), register_inclusion (occurred_on),
    order_to_appear or detention — what ``what`` says in words."""
    return CaseWarning(
        NO_DEADLINE_RULE,
        f"No deadline rule exists for {what}; verify the appeal period with a lawyer.",
        subject,
        {"about": about, **details},
    )


def unknown_decision(event_type: str, decision_ref: str) -> CaseWarning:
    return CaseWarning(
        UNKNOWN_DECISION,
        f"{event_type} names decision {decision_ref}, which is not recorded; "
        "record the decision so its deadline can be computed.",
        decision_ref,
        {"event_type": event_type, "decision_ref": decision_ref},
    )


def duplicate_decision_ref(decision_ref: str) -> CaseWarning:
    return CaseWarning(
        DUPLICATE_DECISION_REF,
        f"Two decisions use the reference {decision_ref}; only the first is used. Correct one of them.",
        decision_ref,
        {"decision_ref": decision_ref},
    )


def next_level_not_computed(decision_ref: str, kind: str, outcome: str) -> CaseWarning:
    return CaseWarning(
        NEXT_LEVEL_NOT_COMPUTED,
        f"The appeal on decision {decision_ref} ({kind}) was decided ({outcome}); the deadline for the next "
        "level is not computed for this kind of decision. Verify it with a lawyer.",
        decision_ref,
        {"decision_ref": decision_ref, "kind": kind, "outcome": outcome},
    )


def appeal_filed_late(subject: str, filed_on: date, due_on: date, restore_basis: str) -> CaseWarning:
    return CaseWarning(
        APPEAL_FILED_LATE,
        f"The appeal for {subject} was filed on {format_date(filed_on)}, after the deadline "
        f"{format_date(due_on)}; it needs a petition to restore the missed period ({restore_basis}).",
        subject,
        {
            "subject": subject,
            "filed_on": filed_on.isoformat(),
            "due_on": due_on.isoformat(),
            "restore_basis": restore_basis,
        },
    )


def listed_without_inclusion(checked_on: date) -> CaseWarning:
    return CaseWarning(
        LISTED_WITHOUT_INCLUSION,
        f"The register check of {format_date(checked_on)} showed the client listed, but no current inclusion "
        "is recorded. Record the inclusion: its appeal period may already be running.",
        params={"checked_on": checked_on.isoformat()},
    )


def check_not_listed(checked_on: date) -> CaseWarning:
    return CaseWarning(
        CHECK_NOT_LISTED,
        f"The register check of {format_date(checked_on)} showed the client not listed, but an inclusion is "
        "recorded and no exclusion. Verify and record the exclusion.",
        params={"checked_on": checked_on.isoformat()},
    )


def frozen_while_not_listed() -> CaseWarning:
    return CaseWarning(
        FROZEN_WHILE_NOT_LISTED,
        "The bank account is recorded as frozen although the client is not listed in the register. "
        "Banks apply the rule late and sometimes wrongly: check the register and challenge the freeze.",
    )


def grounds_acquired_still_listed(acquired_on: date) -> CaseWarning:
    return CaseWarning(
        GROUNDS_ACQUIRED_STILL_LISTED,
        f"Legal grounds to stay were acquired on {format_date(acquired_on)} but the client is still listed. "
        "Ask the MVD to exclude the entry.",
        params={"acquired_on": acquired_on.isoformat()},
    )


def repeated_obligation_breaches(count: int) -> CaseWarning:
    return CaseWarning(
        REPEATED_OBLIGATION_BREACHES,
        f"{count} obligation breaches are recorded. Repeated failure leads to deportation and placement in a "
        "special institution.",
        params={"count": str(count)},
    )


def visa_free_days_exceeded(days: int, year: int) -> CaseWarning:
    return CaseWarning(
        VISA_FREE_DAYS_EXCEEDED,
        f"{days} days in Russia in {year}: over the 90-day visa-free limit per calendar year "
        "(115-FZ art. 5).",
        params={"days": str(days), "year": str(year)},
    )


def invalid_timezone(zone: str, fallback: str, subject: str) -> CaseWarning:
    return CaseWarning(
        INVALID_TIMEZONE,
        f"The authority time zone {zone!r} is not a valid IANA zone; {fallback} is used instead.",
        subject,
        {"zone": zone, "fallback": fallback, "subject": subject},
    )
