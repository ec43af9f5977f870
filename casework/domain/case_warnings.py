"""Warning codes derive() can raise, with their English messages and the params they are built from.

The UI translates by code from ``params`` (casework/wording/warnings.py, ``warning_text``); every value there
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
APPEAL_FILED_LATE = "appeal_filed_late"
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


def trigger_unknown(subject: str, missing: str, counted_from: date, sources: str) -> CaseWarning:
    """``missing``: the unrecorded dates in English words; ``sources``: their codes ("copy_received_on,…")."""
    return CaseWarning(
        TRIGGER_UNKNOWN,
        f"Deadline {subject} is estimated: {missing} is not recorded, so it is counted from "
        f"{format_date(counted_from)}, the earliest plausible date. Record it to get the exact deadline.",
        subject,
        {
            "subject": subject,
            "missing": missing,
            "counted_from": counted_from.isoformat(),
            "sources": sources,
        },
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


AUTHORITY_ZONE_ASSUMED = "authority_zone_assumed"
REGIONAL_DAY_OFF = "regional_day_off"
APPEAL_BEFORE_DECISION = "appeal_before_decision"
COMPLAINT_PENDING = "complaint_pending"
APPEAL_RETURNED = "appeal_returned"
CASSATION_ONLY = "cassation_only"
REGISTER_LISTED_BY_CHECK = "register_listed_by_check"
DETENTION_WITHOUT_COURT = "detention_without_court"
DETENTION_TERM_PASSED = "detention_term_passed"
ORDER_ATTENDANCE_UNCONFIRMED = "order_attendance_unconfirmed"
CONTINUOUS_STAY_EXCEEDED = "continuous_stay_exceeded"
ASYLUM_NO_RULE = "asylum_no_rule"


def authority_zone_assumed(subject: str, zone: str, candidates: tuple[str, ...]) -> CaseWarning:
    return CaseWarning(
        AUTHORITY_ZONE_ASSUMED,
        f"The time zone of the court or authority for {subject} is not recorded: the deadline ends at the "
        f"earliest midnight of {', '.join(candidates)}, {zone}. Record the authority's zone.",
        subject,
        {"subject": subject, "zone": zone, "candidates": ", ".join(candidates)},
    )


def regional_day_off(subject: str, region: str, federal: date, regional: date) -> CaseWarning:
    return CaseWarning(
        REGIONAL_DAY_OFF,
        f"A regional non-working day in {region} would move {subject} from {format_date(federal)} to "
        f"{format_date(regional)}; whether it extends a federal period is unsettled, so "
        f"{format_date(federal)} is shown. Verify with a lawyer.",
        subject,
        {
            "subject": subject,
            "region": region,
            "federal": federal.isoformat(),
            "regional": regional.isoformat(),
        },
    )


def appeal_before_decision(decision_ref: str, filed_on: date, issued_on: date) -> CaseWarning:
    return CaseWarning(
        APPEAL_BEFORE_DECISION,
        f"An appeal against {decision_ref} is dated {format_date(filed_on)}, before the decision itself "
        f"({format_date(issued_on)}); it is not counted. Correct the date or the decision it names.",
        decision_ref,
        {"decision_ref": decision_ref, "filed_on": filed_on.isoformat(), "issued_on": issued_on.isoformat()},
    )


def complaint_pending(subject: str, filed_on: date) -> CaseWarning:
    return CaseWarning(
        COMPLAINT_PENDING,
        f"A complaint to a higher official was filed on {format_date(filed_on)} for {subject}: it does not "
        "stop "
        "the court period, which still runs. File the claim in court in time; a late or missing answer to "
        "the "
        "complaint is a reason to restore the period (KAS RF art. 219 part 7), not a later start.",
        subject,
        {"subject": subject, "filed_on": filed_on.isoformat()},
    )


def appeal_returned(subject: str, returned_on: date) -> CaseWarning:
    return CaseWarning(
        APPEAL_RETURNED,
        f"The filing for {subject} was returned on {format_date(returned_on)}: it counts as not filed. File "
        "again now (with a petition to restore the period if it has passed), or challenge the return ruling.",
        subject,
        {"subject": subject, "returned_on": returned_on.isoformat()},
    )


def cassation_only(subject: str, decided_on: date) -> CaseWarning:
    return CaseWarning(
        CASSATION_ONLY,
        f"The decision of {format_date(decided_on)} on the appeal ({subject}) can be challenged only in "
        "cassation; no fixed period is computed here. Verify the cassation period with a lawyer.",
        subject,
        {"subject": subject, "decided_on": decided_on.isoformat()},
    )


def register_listed_by_check(checked_on: date) -> CaseWarning:
    return CaseWarning(
        REGISTER_LISTED_BY_CHECK,
        f"The register check of {format_date(checked_on)} showed the entry: the client is treated as listed "
        "(provisionally, from that check at the latest), with the restrictions and the appeal deadline that "
        "follow. Record the inclusion with its posting date.",
        params={"checked_on": checked_on.isoformat()},
    )


def detention_without_court(placed_on: date) -> CaseWarning:
    return CaseWarning(
        DETENTION_WITHOUT_COURT,
        f"Placed on {format_date(placed_on)} for deportation or readmission with no court decision recorded: "
        "detention beyond 48 hours needs a court decision (Constitution of the RF art. 22 part 2). Act now.",
        params={"placed_on": placed_on.isoformat()},
    )


def detention_term_passed(term_until: date) -> CaseWarning:
    return CaseWarning(
        DETENTION_TERM_PASSED,
        f"The detention term set by the court ended on {format_date(term_until)} and no extension or release "
        "is recorded: there is no recorded basis for continued detention.",
        params={"term_until": term_until.isoformat()},
    )


def order_attendance_unconfirmed(subject: str, appear_by: str) -> CaseWarning:
    return CaseWarning(
        ORDER_ATTENDANCE_UNCONFIRMED,
        "The time of an order to appear has passed and neither the attendance nor a breach is recorded: "
        "confirm whether the client appeared.",
        subject,
        {"subject": subject, "appear_by": appear_by},
    )


def continuous_stay_exceeded(days: int, since: date) -> CaseWarning:
    return CaseWarning(
        CONTINUOUS_STAY_EXCEEDED,
        f"{days} days in Russia in one continuous stay since {format_date(since)}: over 90 days "
        "(115-FZ art. 5), whatever the calendar year.",
        params={"days": str(days), "since": since.isoformat()},
    )


def asylum_no_rule(decision_ref: str) -> CaseWarning:
    return CaseWarning(
        ASYLUM_NO_RULE,
        f"Decision {decision_ref} refuses asylum: its appeal period (19-FZ art. 10) is shorter than most and "
        "is not encoded. Check the period today.",
        decision_ref,
        {"decision_ref": decision_ref},
    )
