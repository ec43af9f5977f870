"""What happened to a client over time, as anonymous facts for the aggregate statistics. Pure.

The rest of derive() answers "what holds on this date"; the statistics ask "what happened in 2025": every
listing that began, every freeze, every placement in a special institution, every decision and how its
appeal went. Each fact carries coarse categories only (a ground, a kind, an outcome) — never a reference,
a facility or free text — so the read model built from it holds nothing that identifies a person.
"""

from __future__ import annotations

from collections.abc import Sequence

from casework.domain.recorded import RecordedEvent
from casework.domain.state import DecisionState, Fact

INTAKE = "intake"
INCLUSION = "inclusion"
FREEZE = "freeze"
DETENTION = "detention"
DECISION = "decision"
FACT_KINDS = (INTAKE, INCLUSION, FREEZE, DETENTION, DECISION)

LISTED, NOT_LISTED = "listed", "not_listed"
NOT_APPEALED, PENDING = "not_appealed", "pending"
# What can be said of a decision's appeal: nothing filed, filed and undecided, or the latest outcome.
APPEAL_STAGES = (NOT_APPEALED, PENDING)


def case_history(events: Sequence[RecordedEvent], decisions: Sequence[DecisionState]) -> tuple[Fact, ...]:
    """``events``: the live facts in world order (by date, then version), as derive() reads them."""
    facts: list[Fact] = []
    listing: int | None = None  # index in facts of the listing in force
    frozen = detained = False
    for event in events:
        if event.type == "client_registered":
            facts.append(Fact(INTAKE, event.occurred_on))
        elif event.type == "register_inclusion":
            ground = str(event.data.get("ground") or "")
            if listing is None:
                listing = len(facts)
                facts.append(Fact(INCLUSION, event.occurred_on, category=ground))
            elif ground:
                # A second record of the same listing restates its ground; the listing began when it began.
                facts[listing] = Fact(INCLUSION, facts[listing].occurred_on, category=ground)
        elif event.type == "register_exclusion":
            listing = None
        elif event.type == "bank_account_frozen":
            if not frozen:
                outcome = LISTED if listing is not None else NOT_LISTED
                facts.append(Fact(FREEZE, event.occurred_on, outcome=outcome))
            frozen = True
        elif event.type == "bank_account_unfrozen":
            frozen = False
        elif event.type == "detained":
            if not detained:
                facts.append(Fact(DETENTION, event.occurred_on, category=str(event.data.get("basis") or "")))
            detained = True
        elif event.type == "released":
            detained = False
    facts.extend(
        Fact(DECISION, decision.issued_on, category=decision.kind, outcome=appeal_outcome(decision))
        for decision in decisions
    )
    return tuple(facts)


def appeal_outcome(decision: DecisionState) -> str:
    """The latest word on the decision: pending while the last appeal filed awaits its answer, else the
    outcome of the last decision on appeal, else not appealed."""
    last_filed = max((appeal.filed_on for appeal in decision.appeals), default=None)
    if decision.decisions_on_appeal:
        last = decision.decisions_on_appeal[-1]
        if last_filed is not None and last_filed > last.decided_on:
            return PENDING  # a complaint to the next level is waiting for its answer
        return str(last.outcome or PENDING)
    return PENDING if last_filed is not None else NOT_APPEALED
