"""What each rule asks for, its kind of deadline, the filing it wants and its counting unit, in words."""

from __future__ import annotations

from casework.wording.dates import plural
from casework.wording.language import is_russian

CONFIDENCE = {"high": "высокая", "medium-high": "выше средней", "medium": "средняя", "low": "низкая"}

# What each deadline rule asks for (casework/domain/data/rules.toml, `action`), by rule id.
RULE_ACTIONS = {
    "koap_expulsion_appeal": (
        "жалоба в вышестоящий суд, а на постановление должностного лица МВД — вышестоящему должностному "
        "лицу или в районный суд"
    ),
    "koap_complaint_decision_appeal": "жалоба на решение по жалобе в следующую инстанцию",
    "koap_return_ruling_appeal": "жалоба на определение о возвращении жалобы (или повторная подача жалобы)",
    "kas_deportation": "административное исковое заявление в суд (гл. 22 КАС РФ)",
    "kas_stay_reduction": "административное исковое заявление в суд (гл. 22 КАС РФ)",
    "kas_entry_ban": "административное исковое заявление в суд (гл. 22 КАС РФ)",
    "kas_undesirability": "административное исковое заявление в суд (гл. 22 КАС РФ)",
    "kas_permit_annulment": "административное исковое заявление в суд (гл. 22 КАС РФ)",
    "kas_register_inclusion": "административное исковое заявление в суд (гл. 22 КАС РФ)",
    "kas_bailiff_action": "административное исковое заявление в суд (гл. 22 КАС РФ)",
    "kas_detention_placement": "апелляционная жалоба на помещение в СУВСИГ (продление срока содержания)",
    "kas_detention_extension": "апелляционная жалоба на продление срока содержания в СУВСИГ",
    "kas_appeal": "апелляционная жалоба на решение суда первой инстанции",
    "kas_return_ruling_appeal": (
        "частная жалоба на определение о возвращении административного искового заявления "
        "(или повторная подача)"
    ),
    "detention_legal_review": "проверка законности дальнейшего содержания в СУВСИГ",
    "detention_without_court": "решение суда о помещении в СУВСИГ или освобождение",
    "detention_term": "продление срока судом или освобождение до окончания срока, установленного судом",
    "departure_after_expulsion": "контролируемый самостоятельный выезд из России",
    "expulsion_execution_limit": (
        "проверка: постановление о выдворении, не исполненное в течение двух лет со дня вступления "
        "в законную силу, не исполняется"
    ),
    "order_to_appear": "явка по требованию",
}
# What kind of deadline it is, in words, by rule (where the kind alone says too little), else by kind.
DEADLINE_WORDS = {
    "ru": {
        "appeal": "срок обжалования",
        "order_to_appear": "явка по требованию",
        "legal_review": "правовая проверка содержания в СУВСИГ",
        "return_ruling": "обжалование определения о возвращении жалобы",
        "departure": "срок выезда после выдворения",
        "detention_limit": "предельный срок содержания в СУВСИГ",
        "expulsion_execution_limit": "двухлетний срок исполнения постановления о выдворении",
        "detention_without_court": "48 часов содержания без решения суда",
        "detention_term": "срок содержания, установленный судом",
    },
    "en": {
        "appeal": "appeal deadline",
        "order_to_appear": "order to appear",
        "legal_review": "legal review of the detention",
        "return_ruling": "challenge of the return ruling",
        "departure": "departure after expulsion",
        "detention_limit": "detention limit",
        "expulsion_execution_limit": "two-year limit on executing the expulsion",
        "detention_without_court": "48 hours without a court decision",
        "detention_term": "detention term set by the court",
    },
}


def deadline_words(kind: str, rule: str, language: str | None = None) -> str:
    """What kind of deadline it is (e-mails, the dashboard), in ``language``: by rule, else by kind."""
    words = DEADLINE_WORDS["ru" if is_russian(language) else "en"]
    return words.get(rule) or words.get(kind) or kind


# What was not filed, and what to file, per rule (a KAS claim is not a «жалоба»).
_CLAIM = ("административное исковое заявление не подано", "административное исковое заявление")
FILINGS = {
    "koap_expulsion_appeal": ("жалоба не подана", "жалобу"),
    "koap_complaint_decision_appeal": ("жалоба не подана", "жалобу"),
    "koap_return_ruling_appeal": ("жалоба не подана", "жалобу"),
    "kas_deportation": _CLAIM,
    "kas_stay_reduction": _CLAIM,
    "kas_entry_ban": _CLAIM,
    "kas_undesirability": _CLAIM,
    "kas_permit_annulment": _CLAIM,
    "kas_register_inclusion": _CLAIM,
    "kas_bailiff_action": _CLAIM,
    "kas_detention_placement": ("апелляционная жалоба не подана", "апелляционную жалобу"),
    "kas_detention_extension": ("апелляционная жалоба не подана", "апелляционную жалобу"),
    "kas_appeal": ("апелляционная жалоба не подана", "апелляционную жалобу"),
    "kas_return_ruling_appeal": ("частная жалоба не подана", "частную жалобу"),
}

# What was not recorded when a trigger had to be estimated, by source (the trigger's "missing" codes).
MISSING_WORDS = {
    "copy_received_on": "дата получения копии",
    "learned_on": "дата, когда клиент узнал о решении",
    "decision_served": "дата вручения решения",
    "posted_on": "дата размещения сведений на сайте МВД",
    "final_form_on": "дата изготовления решения в окончательной форме",
    "entry_into_force": "дата вступления постановления в законную силу",
}
# Where a trigger was read from (Candidate.source), as the subject of «не отсчитывается от …».
SOURCE_WORDS = {
    "copy_received_on": "получения копии",
    "learned_on": "дня, когда клиент узнал о решении",
    "decision_served": "вручения",
    "posted_on": "размещения сведений на сайте МВД",
    "register_check": "проверки по реестру",
}
UNIT_WORDS = {"koap_days": "дней", "kas_days": "рабочих дней", "kas_months": "мес.", "calendar_days": "дней"}


def amount_in_units(amount: int, unit: str) -> str:
    if unit == "koap_days":
        days = plural(amount, "день", "дня", "дней")
        return f"{amount} {days} по КоАП РФ (нерабочие дни внутри срока считаются)"
    if unit == "kas_days":
        return f"{amount} {plural(amount, 'день', 'дня', 'дней')} по КАС РФ (нерабочие дни не считаются)"
    if unit == "kas_months":
        return f"{amount} {plural(amount, 'месяц', 'месяца', 'месяцев')} по КАС РФ"
    if unit == "calendar_days":
        return f"{amount} {plural(amount, 'календарный день', 'календарных дня', 'календарных дней')}"
    if unit == "fixed_instant":
        return "дата и время, указанные в требовании"
    return f"{amount} {unit}"


def rule_action(rule: str, action: str, language: str | None = None) -> str:
    """What the rule asks for, by rule id; the domain's English for another language or an unknown rule."""
    if not is_russian(language):
        return action
    return RULE_ACTIONS.get(rule, action)
