"""Gathering each decision with what happened to it: service, appeals, decisions on appeal."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date

from casework.domain import case_warnings
from casework.domain.recorded import RecordedEvent
from casework.domain.state import AppealDecided, AppealFiled, CaseWarning, DecisionState

DECISION_ISSUED = "decision_issued"
FOLLOW_UPS = ("decision_served", "appeal_filed", "appeal_decided")
# Appeals against the register inclusion name it as "register" (or by its deadline key "register:<id>").
REGISTER_REF = "register"
# Appeals against a court's extension of detention name it by its deadline key "detention_extension:<id>".
EXTENSION_REF = "detention_extension"


def is_register_ref(decision_ref: str) -> bool:
    return decision_ref == REGISTER_REF or decision_ref.startswith(f"{REGISTER_REF}:")


def is_extension_ref(decision_ref: str) -> bool:
    return decision_ref.startswith(f"{EXTENSION_REF}:")


def collect_decisions(
    events: Sequence[RecordedEvent], retracted: Sequence[RecordedEvent]
) -> tuple[tuple[DecisionState, ...], tuple[DecisionState, ...], list[CaseWarning]]:
    """-> (live decisions, retracted decisions, warnings); ``events`` sorted by date, then version."""
    warnings: list[CaseWarning] = []
    live: dict[str, DecisionState] = {}
    for event in events:
        if event.type == DECISION_ISSUED:
            ref = str(event.data.get("decision_ref"))
            if ref in live:
                warnings.append(case_warnings.duplicate_decision_ref(ref))
                continue
            live[ref] = _decision(event)
    withdrawn = {
        str(event.data.get("decision_ref")): _decision(event)
        for event in retracted
        if event.type == DECISION_ISSUED and event.data.get("decision_ref") not in live
    }
    for event in events:
        if event.type not in FOLLOW_UPS:
            continue
        ref = str(event.data.get("decision_ref"))
        if ref in live:
            live[ref] = _attach(live[ref], event)
        elif ref in withdrawn:
            # Kept for its cancelled deadline; but a retracted decision is no decision, so still ask for one.
            withdrawn[ref] = _attach(withdrawn[ref], event)
            warnings.append(case_warnings.unknown_decision(event.type, ref))
        elif not is_register_ref(ref) and not is_extension_ref(ref):
            # Decisions are often learned late: a follow-up first is a prompt, never a refusal.
            warnings.append(case_warnings.unknown_decision(event.type, ref))
    return tuple(live.values()), tuple(withdrawn.values()), warnings


def _decision(event: RecordedEvent) -> DecisionState:
    return DecisionState(
        ref=str(event.data.get("decision_ref")),
        kind=str(event.data.get("kind")),
        event_id=event.id,
        issued_on=event.occurred_on,
        copy_received_on=_date(event.data.get("copy_received_on")),
        learned_on=_date(event.data.get("learned_on")),
        authority_timezone=event.data.get("authority_timezone"),
        authority_region=event.data.get("authority_region"),
    )


def appeal_filed(event: RecordedEvent) -> AppealFiled:
    return AppealFiled(event.id, event.occurred_on, event.data.get("forum"))


def appeal_decided(event: RecordedEvent, level: int) -> AppealDecided:
    return AppealDecided(
        event.id,
        event.occurred_on,
        event.data.get("outcome"),
        _date(event.data.get("copy_received_on")),
        level=level,
        final_form_on=_date(event.data.get("final_form_on")),
    )


def _attach(decision: DecisionState, event: RecordedEvent) -> DecisionState:
    if event.type == "decision_served":
        if decision.served_on is None or event.occurred_on < decision.served_on:
            return replace(decision, served_on=event.occurred_on, served_event=event.id)
        return decision
    if event.type == "appeal_filed":
        return replace(decision, appeals=(*decision.appeals, appeal_filed(event)))
    outcome = appeal_decided(event, len(decision.decisions_on_appeal) + 2)
    return replace(decision, decisions_on_appeal=(*decision.decisions_on_appeal, outcome))


def _date(value: object) -> date | None:
    return date.fromisoformat(value) if isinstance(value, str) else None
