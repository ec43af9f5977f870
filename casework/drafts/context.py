"""The variables of a draft, from the derived state, the opened personal data and the free fields.

Every date, reference and period in a draft is read here from the derived state (the Deadline that
casework/domain computed, the DecisionState it belongs to) and put into words with casework/wording; a
template never computes a date. The personal data and the case file's document names come opened from the
reading door (services/reading.draft_context_open), which recorded the read. docs/drafts.md lists the
variables.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from datetime import date
from typing import Any

from casework.domain import CaseState, Deadline, DecisionState, RuleBook
from casework.domain.state import MISSED
from casework.drafts.templates import KAS_REGISTER_INCLUSION, KOAP_EXPULSION_APPEAL, DraftTemplate
from casework.personal import PersonalData
from casework.wording.citations import legal_basis
from casework.wording.dates import ru_date, ru_utc
from casework.wording.rules import amount_in_units
from casework.wording.steps import step_text

# The decision in the words of a court document (accusative: «принято решение о депортации»).
DECISION_PHRASES = {
    "administrative_expulsion": (
        "постановление об административном выдворении за пределы Российской Федерации"
    ),
    "deportation": "решение о депортации",
    "stay_reduction": "решение о сокращении срока временного пребывания в Российской Федерации",
    "entry_ban": "решение о неразрешении въезда в Российскую Федерацию",
    "undesirability": "решение о нежелательности пребывания (проживания) в Российской Федерации",
    "permit_annulment": "решение об аннулировании разрешения на временное проживание (вида на жительство)",
}
REGISTER_PHRASE = "решение о включении в реестр контролируемых лиц"
# Citizenship in Russian for the countries the NGOs' clients mostly come from; another code reads as the code.
CITIZENSHIP = {
    "TJK": "Республика Таджикистан",
    "UZB": "Республика Узбекистан",
    "KGZ": "Кыргызская Республика",
    "KAZ": "Республика Казахстан",
    "AZE": "Азербайджанская Республика",
    "ARM": "Республика Армения",
    "MDA": "Республика Молдова",
    "UKR": "Украина",
    "TKM": "Туркменистан",
    "GEO": "Грузия",
    "BLR": "Республика Беларусь",
    "AFG": "Исламская Республика Афганистан",
    "SYR": "Сирийская Арабская Республика",
    "XXX": "лицо без гражданства",
}
DOCUMENT_KINDS = {
    "decision_copy": "Копия решения",
    "delivery_proof": "Документ о вручении",
    "appeal_copy": "Копия жалобы",
    "court_decision": "Копия судебного акта",
    "register_screenshot": "Распечатка сведений из реестра контролируемых лиц",
    "identity_document": "Копия документа, удостоверяющего личность",
    "correspondence": "Переписка",
    "other": "Документ",
}


class DeadlineNotFound(LookupError):
    pass


def deadline_of(state: CaseState, key: str) -> Deadline:
    deadline = next((deadline for deadline in state.deadlines if deadline.key == key), None)
    if deadline is None:
        raise DeadlineNotFound(key)
    return deadline


def decision_of(state: CaseState, deadline: Deadline) -> DecisionState | None:
    return next((decision for decision in state.decisions if decision.ref == deadline.decision_ref), None)


def _lines(value: Any) -> list[str]:
    """A free field as its non-empty lines (each a paragraph of the draft)."""
    return [line.strip() for line in str(value or "").splitlines() if line.strip()]


def _optional(day: date | None) -> str:
    return ru_date(day) if day else ""


def _koap(deadline: Deadline) -> bool:
    return deadline.rule == KOAP_EXPULSION_APPEAL or deadline.rule.startswith("koap_")


def _deadline(deadline: Deadline, state: CaseState, rules: RuleBook) -> dict[str, Any]:
    rule = rules.get(deadline.rule, deadline.rule_version)
    koap = _koap(deadline)
    if koap:
        trigger_phrase = "день вручения или получения копии постановления"
    elif deadline.rule == KAS_REGISTER_INCLUSION:
        trigger_phrase = "день размещения сведений о включении в реестр на официальном сайте МВД России"
    else:
        trigger_phrase = "день, когда заявителю стало известно о решении"
    return {
        "key": deadline.key,
        "rule": deadline.rule,
        "status": deadline.status,
        "missed": deadline.status == MISSED,
        "estimated": deadline.estimated,
        "due_on": ru_date(deadline.due_on),
        "trigger_on": ru_date(deadline.trigger_on),
        "trigger_phrase": trigger_phrase,
        "period": amount_in_units(rule.amount, rule.unit),
        "legal_basis": legal_basis(deadline.legal_basis),
        "restore_basis": legal_basis(rule.restore_basis) if rule.restore_basis else "",
        "action_phrase": (
            "обжалование постановления по делу об административном правонарушении"
            if koap
            else "обращение в суд с административным исковым заявлением"
        ),
        "document_phrase": "жалобу" if koap else "административное исковое заявление",
        "document_title": (
            "Жалоба на постановление по делу об административном правонарушении"
            if koap
            else "Административное исковое заявление"
        ),
        "steps": [step_text(step, "ru") for step in deadline.steps],
        "as_of": ru_date(state.as_of),
        "known_at": ru_utc(state.known_at),
    }


def _decision(
    deadline: Deadline, state: CaseState, numbers: Mapping[str, str], fields: Mapping[str, Any]
) -> dict[str, Any]:
    decision = decision_of(state, deadline)
    number = str(fields.get("decision_number") or "").strip()
    if decision is None:  # the register: the inclusion is the decision
        return {
            "ref": "",
            "kind_phrase": REGISTER_PHRASE,
            "number": number,
            "issued_on": _optional(state.register.since),
            "copy_received_on": "",
            "served_on": "",
            "superior_complaint": "не подавалась",
        }
    complaints = [appeal for appeal in decision.appeals if appeal.forum == "higher_official"]
    return {
        "ref": decision.ref,
        "kind_phrase": DECISION_PHRASES.get(decision.kind, "решение"),
        "number": number or numbers.get(decision.ref, ""),
        "issued_on": ru_date(decision.issued_on),
        "copy_received_on": _optional(decision.copy_received_on),
        "served_on": _optional(decision.served_on),
        "superior_complaint": (
            "жалоба подана " + ", ".join(ru_date(appeal.filed_on) for appeal in complaints)
            if complaints
            else "жалоба в вышестоящий в порядке подчинённости орган не подавалась"
        ),
    }


# The applicant's gender in the verbs of the text, from the case's `sex` (X or unknown: both forms).
GENDERED = {
    "disagrees": {"M": "не согласен", "F": "не согласна", "": "не согласен (не согласна)"},
    "included": {"M": "включён", "F": "включена", "": "включён (включена)"},
}


def _applicant(personal: PersonalData, citizenship: str | None, sex: str | None) -> dict[str, str]:
    form = sex if sex in ("M", "F") else ""
    return {
        **{name: forms[form] for name, forms in GENDERED.items()},
        "full_name": personal.full_name,
        "date_of_birth": ru_date(personal.date_of_birth),
        "document_number": personal.document_number,
        "citizenship": CITIZENSHIP.get(citizenship or "", citizenship or "не указано"),
    }


def attachment_names(documents: list[tuple[str, str]]) -> list[str]:
    """The case file's documents as a list of attachments: «Копия решения (scan.pdf)»."""
    return [f"{DOCUMENT_KINDS.get(kind, 'Документ')} ({name})" for kind, name in documents]


def build_context(
    *,
    template: DraftTemplate,
    state: CaseState,
    deadline: Deadline,
    personal: PersonalData,
    official_numbers: Mapping[str, str],
    documents: list[tuple[str, str]],
    fields: Mapping[str, Any],
    rules: RuleBook,
    today: date,
) -> dict[str, Any]:
    representative = _lines(fields.get("representative"))
    applicant = _applicant(personal, state.facts.citizenship, state.facts.sex)
    signer = representative[0].split(",")[0] if representative else applicant["full_name"]
    return {
        "template": {
            "id": template.id,
            "version": template.version,
            "title": template.title,
            "legal_basis": template.legal_basis,
        },
        "applicant": applicant,
        "applicant_address": _lines(fields.get("applicant_address")),
        "representative": representative,
        "addressee": _lines(fields.get("addressee")),
        "authority": str(fields.get("authority") or "").strip(),
        "defendant": _lines(fields.get("defendant")),
        "facts": _lines(fields.get("facts")),
        "arguments": _lines(fields.get("arguments")),
        "delay_reasons": _lines(fields.get("delay_reasons")),
        "decision": _decision(deadline, state, official_numbers, fields),
        "deadline": _deadline(deadline, state, rules),
        "register": {
            "since": _optional(state.register.since),
            "posted_on": _optional(state.register.posted_on),
        },
        "attachments": attachment_names(documents),
        "annex": bool(fields.get("annex")),
        "signer": signer,
        "today": ru_date(today),
    }


def inputs_hash(context: Mapping[str, Any]) -> str:
    """SHA-256 of everything the draft was written from, canonical JSON: the same inputs, the same hash."""
    canonical = json.dumps(context, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(canonical.encode()).hexdigest()
