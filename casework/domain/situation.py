"""The client's situation on a date: register entry, restrictions, bank, detention, presence, case admin."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date, timedelta

from casework.domain import case_warnings
from casework.domain.recorded import RecordedEvent
from casework.domain.restrictions import RESTRICTION_RULES
from casework.domain.state import CaseWarning, ClientFacts, DetentionState, RegisterState, Restriction

VISA_FREE_LIMIT = 90
REPEATED_BREACHES = 2


def client_facts(events: Sequence[RecordedEvent]) -> ClientFacts:
    registration = next((event for event in events if event.type == "client_registered"), None)
    if registration is None:
        return ClientFacts()
    data = registration.data
    return ClientFacts(data.get("citizenship"), data.get("sex"), data.get("birth_year"), data.get("region"))


def register_state(events: Sequence[RecordedEvent]) -> tuple[RegisterState, list[CaseWarning]]:
    register = RegisterState()
    last_check: RecordedEvent | None = None
    grounds_acquired_on: date | None = None
    for event in events:
        if event.type == "register_inclusion":
            posted_on = event.data.get("posted_on")
            if register.listed:
                # A second record of the same listing restates it: keep its start, take the newer details.
                register = replace(
                    register,
                    ground=event.data.get("ground") or register.ground,
                    posted_on=date.fromisoformat(posted_on) if posted_on else register.posted_on,
                )
            else:
                register = RegisterState(
                    listed=True,
                    since=event.occurred_on,
                    ground=event.data.get("ground"),
                    posted_on=date.fromisoformat(posted_on) if posted_on else None,
                    inclusion_event=event.id,
                )
        elif event.type == "register_exclusion":
            register = replace(register, listed=False, excluded_on=event.occurred_on)
        elif event.type == "register_check":
            last_check = event
        elif event.type == "legal_grounds_acquired":
            grounds_acquired_on = event.occurred_on
    warnings = []
    provisional = provisional_listing(events) if not register.listed else None
    if provisional is not None:
        # A check that shows the entry is evidence of the listing: listed since that check at the latest.
        register = replace(
            register,
            listed=True,
            since=provisional.occurred_on,
            inclusion_event=provisional.id,
            provisional=True,
        )
        warnings.append(case_warnings.register_listed_by_check(provisional.occurred_on))
    elif (
        last_check is not None
        and last_check.data.get("listed") is False
        and register.listed
        and register.since is not None
        and last_check.occurred_on >= register.since
    ):
        warnings.append(case_warnings.check_not_listed(last_check.occurred_on))
    since = register.since
    if (
        register.listed
        and grounds_acquired_on is not None
        and since is not None
        and grounds_acquired_on >= since
    ):
        warnings.append(case_warnings.grounds_acquired_still_listed(grounds_acquired_on))
    return register, warnings


def provisional_listing(events: Sequence[RecordedEvent]) -> RecordedEvent | None:
    """The first check that showed the entry since the last inclusion or exclusion, while no inclusion is
    recorded after it and no later check showed the client not listed; None otherwise."""
    listed_by: RecordedEvent | None = None
    for event in events:
        if event.type in ("register_inclusion", "register_exclusion"):
            listed_by = None
        elif event.type == "register_check":
            # A check that shows the client not listed ends what an earlier one showed.
            listed_by = (listed_by or event) if event.data.get("listed") is True else None
    inclusions_after = any(
        event.type == "register_inclusion"
        and listed_by is not None
        and event.occurred_on >= listed_by.occurred_on
        for event in events
    )
    return None if inclusions_after else listed_by


def restrictions(register: RegisterState, events: Sequence[RecordedEvent]) -> tuple[Restriction, ...]:
    """All restrictions of LEGAL-RULES §1 apply from the inclusion; observations only add evidence."""
    if not register.listed or register.since is None or register.inclusion_event is None:
        return ()
    since = register.since
    return tuple(
        Restriction(
            code=rule.code,
            since=since,
            legal_basis=rule.legal_basis,
            confidence=rule.confidence,
            description=rule.description,
            source_events=(
                register.inclusion_event,
                *(
                    event.id
                    for event in events
                    if event.type == "restriction_enforced"
                    and event.data.get("restriction") == rule.code
                    and event.occurred_on >= since
                ),
            ),
        )
        for rule in RESTRICTION_RULES
    )


def bank_account_frozen(events: Sequence[RecordedEvent]) -> bool:
    frozen = False
    for event in events:
        if event.type in ("bank_account_frozen", "bank_account_unfrozen"):
            frozen = event.type == "bank_account_frozen"
    return frozen


def detention_state(events: Sequence[RecordedEvent], as_of: date) -> DetentionState:
    detention = DetentionState()
    for event in events:
        if event.type == "detained":
            term_until = event.data.get("term_until")
            detention = DetentionState(
                detained=True,
                since=event.occurred_on,
                facility=event.data.get("facility"),
                term_until=date.fromisoformat(term_until) if term_until else None,
                basis=event.data.get("basis"),
                placement_event=event.id,
            )
        elif event.type == "detention_extended" and detention.detained:
            detention = replace(detention, term_until=date.fromisoformat(str(event.data["term_until"])))
        elif event.type == "released":
            detention = DetentionState()
    if detention.detained and detention.since is not None:
        detention = replace(detention, days=(as_of - detention.since).days + 1)
    return detention


def visa_free_days(events: Sequence[RecordedEvent], as_of: date) -> int | None:
    """Days present in Russia in as_of's calendar year; entry and departure days both count.

    A departure with no entry recorded before it means the client was already in Russia: they are counted
    as present from 1 January, so the warning comes early rather than late.
    """
    crossings = [event for event in events if event.type in ("entered_russia", "departed_russia")]
    if not crossings:
        return None
    year_start = date(as_of.year, 1, 1)
    present: set[date] = set()
    inside_since: date | None = None
    for index, crossing in enumerate(crossings):
        if crossing.type == "entered_russia":
            inside_since = inside_since or crossing.occurred_on
        elif inside_since is not None or index == 0:
            present |= _days(inside_since or year_start, crossing.occurred_on, year_start, as_of)
            inside_since = None
    if inside_since is not None:
        present |= _days(inside_since, as_of, year_start, as_of)
    return len(present)


def continuous_stay(events: Sequence[RecordedEvent], as_of: date) -> tuple[int, date] | None:
    """The latest continuous stay (days, first day) of the recorded crossings up to as_of, across New Year:
    entry and departure days both count; a stay still running counts up to as_of."""
    latest: tuple[int, date] | None = None
    inside_since: date | None = None
    for crossing in events:
        if crossing.type == "entered_russia":
            inside_since = inside_since or crossing.occurred_on
        elif crossing.type == "departed_russia" and inside_since is not None:
            latest = ((crossing.occurred_on - inside_since).days + 1, inside_since)
            inside_since = None
    if inside_since is not None:
        latest = ((as_of - inside_since).days + 1, inside_since)
    return latest


def _days(first: date, last: date, window_start: date, window_end: date) -> set[date]:
    start, end = max(first, window_start), min(last, window_end)
    return (
        {start + timedelta(days=offset) for offset in range((end - start).days + 1)}
        if start <= end
        else set()
    )


def obligation_breaches(events: Sequence[RecordedEvent]) -> int:
    return sum(event.type == "obligation_breach" for event in events)


def assigned_to(events: Sequence[RecordedEvent]) -> str | None:
    users = [event.data.get("user") for event in events if event.type == "caseworker_assigned"]
    return users[-1] if users else None


def closed(events: Sequence[RecordedEvent]) -> bool:
    state = False
    for event in events:
        if event.type in ("case_closed", "case_reopened"):
            state = event.type == "case_closed"
    return state


def situation_warnings(
    register: RegisterState,
    frozen: bool,
    breaches: int,
    days_in_russia: int | None,
    as_of: date,
    stay: tuple[int, date] | None = None,
) -> list[CaseWarning]:
    warnings = []
    if frozen and not register.listed:
        warnings.append(case_warnings.frozen_while_not_listed())
    if breaches >= REPEATED_BREACHES:
        warnings.append(case_warnings.repeated_obligation_breaches(breaches))
    if days_in_russia is not None and days_in_russia > VISA_FREE_LIMIT:
        warnings.append(case_warnings.visa_free_days_exceeded(days_in_russia, as_of.year))
    if stay is not None and stay[0] > VISA_FREE_LIMIT and (days_in_russia or 0) < stay[0]:
        # A stay across New Year is not caught by the per-year count.
        warnings.append(case_warnings.continuous_stay_exceeded(*stay))
    return warnings
