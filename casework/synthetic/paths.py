"""The paths a synthetic case takes: listing, bank, decisions and their appeals, detention, obligations,
the end of a listing, closing. Each step draws from casework.synthetic.tables and plans its events."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from random import Random
from zoneinfo import ZoneInfo

from casework.synthetic import tables
from casework.synthetic.plan import Plan, Planned

REGIME_START = date(2025, 2, 5)  # 260-FZ in force: the register of controlled persons exists from this day
MOSCOW = "Europe/Moscow"
EXPULSIONS = ("administrative_expulsion", "deportation")
# Filing day after the trigger, (earliest, latest), in time and late. In time stays inside the shortest
# possible period (10 KoAP days, 10 working days, 1 or 3 months), late lands well after the longest.
APPEAL_WINDOWS = {
    "koap_days": ((1, 9), (13, 45)),
    "kas_days": ((1, 11), (21, 45)),
    "one_month": ((2, 25), (35, 70)),
    "three_months": ((5, 80), (100, 180)),
    "no_rule": ((5, 60), (5, 60)),
}
WINDOW_OF = {
    "administrative_expulsion": "koap_days", "complaint_decision": "koap_days", "bailiff_action": "kas_days",
    "detention_placement": "one_month", "deportation": "three_months", "stay_reduction": "three_months",
    "entry_ban": "three_months", "undesirability": "three_months", "permit_annulment": "three_months",
    "register": "three_months",
}  # fmt: skip
VALIDITY_DAYS = {"patent": 365, "temporary_residence": 3 * 365, "residence_permit": 5 * 365}
FACILITIES = tuple(f"Synthetic special institution No. {number}" for number in range(1, 9))
NOTES = (
    "Synthetic note: the client called about the case.",
    "Synthetic note: documents copied and returned.",
    "Synthetic note: consultation at the office.",
    "Synthetic note: the client's relative called.",
    "Synthetic note: draft complaint discussed with the lawyer.",
)
PURPOSES = ("Synthetic: work", "Synthetic: family visit", "Synthetic: studies")
RELEASE_REASONS = ("Synthetic: released by the court", "Synthetic: term expired", "Synthetic: expelled")
CLOSE_REASONS = (
    "Synthetic: the client left Russia",
    "Synthetic: no contact for months",
    "Synthetic: resolved",
)
RETRACT_REASONS = ("Synthetic: recorded in the wrong client's file", "Synthetic: entered twice")


def days(count: int) -> timedelta:
    return timedelta(days=count)


@dataclass
class Case:
    """What the steps so far decided, for the steps after them."""

    plan: Plan
    rng: Random
    start: date  # the first day a history may cover
    region: str
    listing: Planned | None = None
    excluded_on: date | None = None
    frozen: Planned | None = None
    decisions: list[tuple[str, Planned]] = field(default_factory=list)
    overturned_on: list[date] = field(default_factory=list)
    departed_on: date | None = None

    @property
    def zone(self) -> str | None:
        return tables.AUTHORITY_ZONES.get(self.region)

    def listed_on(self, day: date) -> bool:
        return (
            self.listing is not None
            and self.listing.occurred_on <= day
            and (self.excluded_on is None or day < self.excluded_on)
        )


def listing(case: Case) -> None:
    plan, rng = case.plan, case.rng
    if rng.random() >= 0.8:
        return
    earliest = max(REGIME_START, case.start)
    not_before = None
    if plan.intake - days(10) >= earliest and rng.random() < 0.75:
        # The listing is why most come: a bank froze the account, or a check showed the entry.
        included = max(earliest, plan.intake - days(int(rng.triangular(1, 180, 20))))
    else:
        # Listed while a client: learned weeks late, as there is no personal notice (LEGAL-RULES.md §1).
        included = max(earliest, plan.intake) + days(rng.randint(1, 240))
        not_before = included + days(rng.randint(0, 45))
    ground = tables.INCLUSION_GROUNDS.pick(rng)
    data: dict = {"ground": ground}
    if rng.random() < 0.7:
        data["posted_on"] = included + days(rng.choice((0, 0, 1, 1, 2, 3)))
    if rng.random() < 0.9:
        data["source"] = tables.INCLUSION_SOURCES.pick(rng)
    if ground == "other":
        data["reason_text"] = "Synthetic: ground stated in a letter from the MVD"
    case.listing = plan.add("register_inclusion", included, data, not_before=not_before)
    if case.listing is None:
        return
    if rng.random() < 0.5:
        plan.add("register_check", case.listing.known_on, {"listed": True}, own=True)
    if rng.random() < 0.25:
        trigger = data.get("posted_on", included)
        appeal(case, "register", "register", trigger, after=case.listing.known_on)


def bank(case: Case) -> None:
    plan, rng = case.plan, case.rng
    if case.listing is not None and rng.random() < 0.6:
        case.frozen = plan.add("bank_account_frozen", case.listing.occurred_on + days(rng.randint(1, 25)))
    elif case.listing is None and rng.random() < 0.06:
        # A bank's error: frozen although not listed, the mismatch the caseworker must see.
        frozen_on = max(case.start, plan.intake + days(rng.randint(-30, 60)))
        case.frozen = plan.add("bank_account_frozen", frozen_on)
        if case.frozen is not None and rng.random() < 0.5:
            plan.add("bank_account_unfrozen", frozen_on + days(rng.randint(5, 60)))


def decisions(case: Case) -> None:
    plan, rng = case.plan, case.rng
    counts = (40, 45, 15) if case.listing is not None else (35, 50, 15)
    for index in range(rng.choices((0, 1, 2), weights=counts)[0]):
        kind = tables.DECISION_KINDS.pick(rng)
        if (
            index == 0
            and case.listing is not None
            and case.listing.data["ground"] == "administrative_removal"
        ):
            kind = "administrative_expulsion"
            issued = case.listing.occurred_on - days(rng.randint(0, 20))
        elif index == 0 and rng.random() < 0.4:
            issued = plan.intake - days(int(rng.triangular(0, 20, 1)))  # the reason they came
        else:
            issued = plan.intake + days(rng.randint(1, max(1, (plan.end - plan.intake).days)))
        decision(case, kind, max(issued, case.start))


def decision(case: Case, kind: str, issued: date) -> None:
    plan, rng = case.plan, case.rng
    ref = f"D{len(case.decisions) + 1}"
    data: dict = {"decision_ref": ref, "kind": kind}
    trigger, served_on, roll = issued, None, rng.random()
    if kind == "administrative_expulsion":
        if roll < 0.75:
            trigger = data["copy_received_on"] = issued + days(0 if rng.random() < 0.6 else rng.randint(1, 5))
        elif roll < 0.85:
            trigger = served_on = issued + days(rng.randint(1, 10))
    elif kind != "detention_placement":  # a placement's period runs from the decision itself
        if roll < 0.6:
            trigger = data["learned_on"] = issued + days(rng.randint(0, 40))
        elif roll < 0.8:
            trigger = data["copy_received_on"] = issued + days(rng.randint(0, 10))
    if rng.random() < 0.35:
        data["official_number"] = f"SYN-{rng.randint(1, 99)}-{rng.randint(100, 9999)}/{issued.year}"
    if case.zone and rng.random() < 0.8:
        data["authority_timezone"] = case.zone
    # A client brings the copy within days: the ten-day periods leave no time to lose.
    event = plan.add("decision_issued", issued, data, lag=rng.choice((0, 0, 0, 1, 1, 2, 3, 5)))
    if event is None:
        return
    case.decisions.append((kind, event))
    after = event.known_on
    if served_on is not None:
        served = plan.add(
            "decision_served", served_on, {"decision_ref": ref, "how": tables.SERVICE_METHODS.pick(rng)},
            not_before=after,
        )  # fmt: skip
        after = served.known_on if served is not None else after
    appeal(case, ref, kind, trigger, after=after)


def appeal(case: Case, ref: str, kind: str, trigger: date, *, after: date, level: int = 1) -> None:
    """File (or not) an appeal in time or late; perhaps decided, perhaps appealed to the next level."""
    plan, rng = case.plan, case.rng
    timing = (tables.APPEAL_TIMING if level == 1 else tables.NEXT_LEVEL_TIMING).pick(rng)
    if timing == "never":
        return
    in_time, late = APPEAL_WINDOWS[WINDOW_OF.get(kind, "no_rule")]
    earliest, latest = in_time if timing == "in_time" else late
    # Nobody files before the NGO knows of the decision: learning late is how periods get missed.
    filed_on = max(trigger + days(rng.randint(earliest, latest)), after)
    higher_official = rng.random() < (0.35 if kind in ("administrative_expulsion", "register") else 0.1)
    forum = "higher_official" if higher_official else "court"
    filed = plan.add("appeal_filed", filed_on, {"decision_ref": ref, "forum": forum}, own=True)
    if filed is None or rng.random() >= 0.8:
        return
    decided_on = filed_on + days(rng.randint(10, 75))
    outcome = tables.APPEAL_OUTCOMES.pick(rng)
    data: dict = {"decision_ref": ref, "outcome": outcome}
    if rng.random() < 0.85:
        data["copy_received_on"] = decided_on + days(rng.randint(0, 6))
    decided = plan.add("appeal_decided", decided_on, data, not_before=filed.known_on)
    if decided is None:
        return
    if outcome == "overturned":
        case.overturned_on.append(decided_on)
    elif kind == "administrative_expulsion" and level == 1:
        next_trigger = data.get("copy_received_on", decided_on)
        appeal(case, ref, "complaint_decision", next_trigger, after=decided.known_on, level=2)


def detention(case: Case) -> None:
    plan, rng = case.plan, case.rng
    expulsions = [(kind, event) for kind, event in case.decisions if kind in EXPULSIONS]
    if expulsions:
        if rng.random() >= 0.13:
            return
        kind, ordered = expulsions[0]
        basis, base = (
            ("expulsion" if kind == "administrative_expulsion" else "deportation"),
            ordered.occurred_on,
        )
    else:
        if rng.random() >= 0.015:
            return
        basis, base = rng.choice(("readmission", "other")), plan.intake
    placed_on = max(base, plan.intake - days(10)) + days(rng.randint(3, 150))
    data: dict = {"basis": basis, "facility": rng.choice(FACILITIES)}
    if rng.random() < 0.5:
        data["term_until"] = placed_on + days(90)
    placed = plan.add("detained", placed_on, data)
    if placed is None:
        return
    if rng.random() < 0.35:
        decision(case, "detention_placement", placed_on)
    released_on = placed_on + days(rng.randint(10, 200)) if rng.random() < 0.4 else None
    extended_on = placed_on + days(rng.randint(75, 89))
    if "term_until" in data and rng.random() < 0.25 and (released_on is None or released_on > extended_on):
        plan.add("detention_extended", extended_on, {"term_until": placed_on + days(180)})
    if released_on is None:
        return
    reason = {"reason": rng.choice(RELEASE_REASONS)} if rng.random() < 0.5 else {}
    released = plan.add("released", released_on, reason, not_before=placed.known_on)
    if released is None or basis == "other" or rng.random() >= 0.6:
        return
    if plan.add("departed_russia", released_on, not_before=released.known_on) is not None:
        case.departed_on = released_on  # expelled on release


def obligations(case: Case) -> None:
    plan, rng, listed = case.plan, case.rng, case.listing
    if listed is None:
        return
    if rng.random() < 0.12:
        served_on = listed.occurred_on + days(rng.randint(10, 300))
        appear_by = datetime.combine(
            served_on + days(rng.randint(2, 10)), time(10), ZoneInfo(case.zone or MOSCOW)
        )
        order = plan.add(
            "order_to_appear_served", served_on, {"appear_by": appear_by}, not_before=listed.known_on
        )
        if order is not None and rng.random() < 0.25:
            plan.add(
                "obligation_breach", appear_by.date() + days(rng.randint(0, 5)), {"kind": "failed_to_appear"}
            )
    if rng.random() < 0.06:
        first = listed.occurred_on + days(rng.randint(20, 400))
        for day in (first, first + days(rng.randint(20, 120))) if rng.random() < 0.3 else (first,):
            breach = {"kind": tables.OBLIGATION_BREACHES.pick(rng)}
            plan.add("obligation_breach", day, breach, not_before=listed.known_on)
    if rng.random() < 0.06:
        enforced = {"restriction": tables.ENFORCED_RESTRICTIONS.pick(rng)}
        plan.add("restriction_enforced", listed.occurred_on + days(rng.randint(5, 300)), enforced)


def listing_end(case: Case) -> None:
    plan, rng, listed = case.plan, case.rng, case.listing
    if listed is None:
        return
    if case.overturned_on and rng.random() < 0.5:
        ground = rng.choice(("decision_invalidated_by_court", "decision_cancelled"))
        excluded_on = case.overturned_on[0] + days(rng.randint(10, 60))
    elif case.departed_on is not None:
        ground, excluded_on = "departure", case.departed_on + days(rng.randint(5, 40))
    elif rng.random() < 0.16:
        ground = tables.LISTING_ENDS.pick(rng)
        changed_on = listed.occurred_on + days(rng.randint(30, 450))
        excluded_on = changed_on
        if ground == "legal_grounds_acquired":
            kind = tables.LEGAL_GROUNDS.pick(rng)
            grounds: dict = {"kind": kind}
            if kind in VALIDITY_DAYS:
                grounds["valid_until"] = changed_on + days(VALIDITY_DAYS[kind])
            # A quarter stay listed although legal: the warning that asks for an exclusion.
            if plan.add("legal_grounds_acquired", changed_on, grounds) is None or rng.random() >= 0.75:
                return
            excluded_on = changed_on + days(rng.randint(5, 60))
        elif ground == "departure":
            if plan.add("departed_russia", changed_on) is None:
                return
            excluded_on = changed_on + days(rng.randint(3, 40))
    else:
        return
    data: dict = {"ground": ground}
    if ground == "other":
        data["reason"] = "Synthetic: the entry was made in error"
    excluded_on = max(excluded_on, listed.occurred_on)
    if plan.add("register_exclusion", excluded_on, data, not_before=listed.known_on) is None:
        return
    case.excluded_on = excluded_on
    if case.frozen is not None and rng.random() < 0.6:
        plan.add("bank_account_unfrozen", excluded_on + days(rng.randint(3, 30)))


def travel(case: Case) -> None:
    plan, rng = case.plan, case.rng
    if case.listing is not None or rng.random() >= 0.12:
        return
    purpose = {"purpose": rng.choice(PURPOSES)} if rng.random() < 0.5 else {}
    entered_on = max(case.start, plan.intake - days(rng.randint(0, 200)))
    if plan.add("entered_russia", entered_on, purpose) is not None and rng.random() < 0.4:
        plan.add("departed_russia", plan.intake + days(rng.randint(10, 200)))


def closing(case: Case) -> date | None:
    """Close some cases; the day a case closed for good, or None while it is open."""
    plan, rng = case.plan, case.rng
    if rng.random() >= (0.45 if case.excluded_on or case.departed_on else 0.12):
        return None
    closed_on = max(event.occurred_on for event in plan.events) + days(rng.randint(5, 90))
    reason = {"reason": rng.choice(CLOSE_REASONS)} if rng.random() < 0.5 else {}
    if plan.add("case_closed", closed_on, reason, own=True) is None:
        return None
    if rng.random() < 0.1:
        plan.add("case_reopened", closed_on + days(rng.randint(10, 120)), own=True)
        return None
    return closed_on


def fillers(case: Case, *, target: int, until: date) -> None:
    """Notes and register checks, until the stream has `target` events."""
    plan, rng = case.plan, case.rng
    span = (until - plan.intake).days
    while len(plan.events) < target:
        day = plan.intake + days(rng.randint(0, span))
        if case.listing is not None and rng.random() < 0.3:
            plan.add("register_check", day, {"listed": case.listed_on(day)}, own=True)
        else:
            plan.add("note_added", day, {"text": rng.choice(NOTES)}, own=True)


def mistakes(case: Case) -> None:
    """A few records are fixed later, as in real files: a retraction, a corrected date of receipt."""
    plan, rng = case.plan, case.rng
    if rng.random() < 0.03:
        kinds = ("note_added", "register_check", "restriction_enforced", "bank_account_frozen")
        targets = [event for event in plan.events if event.type in kinds]
        if targets:
            target = rng.choice(targets)
            retraction = {"retracts": str(target.id), "reason": rng.choice(RETRACT_REASONS)}
            plan.add("event_retracted", target.known_on + days(rng.randint(1, 20)), retraction, own=True)
    if rng.random() < 0.03:
        received = [event for _, event in case.decisions if "copy_received_on" in event.data]
        if received:
            target = rng.choice(received)
            copy_received_on = target.data["copy_received_on"] + days(1)
            corrected_on = max(target.known_on + days(rng.randint(1, 20)), copy_received_on)
            correction = {
                "corrects": str(target.id),
                "data": {**target.data, "copy_received_on": copy_received_on},
            }
            plan.add("event_corrected", corrected_on, correction, own=True)
