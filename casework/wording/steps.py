"""Deadline explanation steps in the reader's language.

The domain explains every deadline as a list of ``Step(key, params, text)``: ``text`` is the English
rendering, ``key`` and ``params`` are there so that the UI can say the same thing in another language. This
module renders Russian from them — dates as ДД.ММ.ГГГГ with the Russian weekday, citations in the Russian
order («ч. 1 ст. 219 КАС РФ»). A key it does not know, or params it cannot read, fall back to the English
text: an explanation in English is better than none.

A few keys carry less in ``params`` than in ``text`` (a decision's reference, why a deadline was cancelled,
the "as of" date of a status). For those the English text is read with anchored patterns; whatever does not
match is simply left out of the Russian sentence, never guessed.

The same goes for the other English the domain produces: case warnings (``warning_text``, by code
from ``CaseWarning.params``), a rule's action (``rule_action``, by rule id), citations (``legal_basis_text``,
by pattern: "KoAP RF art. 30.1, 30.3 part 1, 4.8" → «ст. 30.1, ч. 1 ст. 30.3, ст. 4.8 КоАП РФ») and the next
step after a missed deadline (``next_step_text``). Each gives the English unchanged when it cannot read it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.utils import translation

MOSCOW = ZoneInfo("Europe/Moscow")
WEEKDAYS = ("понедельник", "вторник", "среда", "четверг", "пятница", "суббота", "воскресенье")
# The months in the prepositional case: "в феврале 2026 г."
MONTHS_IN: tuple[str, ...] = ("январе", "феврале", "марте", "апреле", "мае", "июне")
MONTHS_IN += ("июле", "августе", "сентябре", "октябре", "ноябре", "декабре")
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

# Citations the pattern below cannot read, as rules.toml writes them.
LEGAL_BASES = {
    "Practice rule: no statutory maximum term in a special institution (115-FZ art. 31, 32.2; "
    "KoAP RF art. 27.19)": (
        "правило практики: предельный срок содержания в СУВСИГ законом не установлен "
        "(ст. 31, 32.2 Федерального закона № 115-ФЗ; ст. 27.19 КоАП РФ)"
    ),
    "KoAP RF art. 30.3 part 1 (before 364-FZ of 29.10.2024: ten days counted as 24-hour days, no "
    "roll-forward), 4.8 part 2": (
        "ч. 1 ст. 30.3 КоАП РФ (до Федерального закона № 364-ФЗ от 29.10.2024: «десять суток», без переноса "
        "на рабочий день), ч. 2 ст. 4.8 КоАП РФ"
    ),
    "KoAP RF art. 30.9, 30.3 part 1 (before 364-FZ of 29.10.2024: ten days counted as 24-hour days, no "
    "roll-forward)": (
        "ст. 30.9, ч. 1 ст. 30.3 КоАП РФ (до Федерального закона № 364-ФЗ от 29.10.2024: «десять суток», "
        "без переноса на рабочий день)"
    ),
    "KAS RF art. 298, chapter 28 (art. 266-269)": "ст. 298, гл. 28 (ст. 266–269) КАС РФ",
    "KAS RF chapter 28 (art. 266-269)": "гл. 28 (ст. 266–269) КАС РФ",
    "Constitution of the RF art. 22 part 2": "ч. 2 ст. 22 Конституции РФ",
}
# Citations by pattern (rules.toml, restrictions.toml, deadline_building.py): "<code> art. <articles>
# (<note>)", '<n>-FZ "<title>"'; several joined by "; ".
CODES = {"KoAP RF": "КоАП РФ", "KoAP": "КоАП РФ", "KAS RF": "КАС РФ", "KAS": "КАС РФ"}
LAW_TITLES = {"On road safety": "О безопасности дорожного движения"}
CITATION_NOTES = {
    "a shorter special period is unverified": "более короткий специальный срок не проверен",
    "one month, unless a special period applies": "один месяц, если не установлен иной срок",
    "obligations of a person in the register": "обязанности лица, включённого в реестр",
}
_ARTICLE = r"\d+(?:\.\d+)*(?: part \d+)?"
_ARTICLES = re.compile(
    rf"(?P<source>KoAP RF|KoAP|KAS RF|KAS|(?P<law>\d+)-FZ) art\. (?P<articles>{_ARTICLE}(?:, {_ARTICLE})*)"
    r"(?: \((?P<note>[^()]+)\))?"
)
_NAMED_LAW = re.compile(r'(?P<law>\d+)-FZ "(?P<title>[^"]+)"')
_AMENDED = re.compile(r"as amended by (?P<law>\d+)-FZ of (?P<date>\d{2}\.\d{2}\.\d{4})")
# For a citation the pattern cannot read either (a deadline step): word by word, in the English order.
_CITATION_WORDS = (
    (re.compile(r"\bKoAP RF\b|\bKoAP\b"), "КоАП РФ"),
    (re.compile(r"\bKAS RF\b|\bKAS\b"), "КАС РФ"),
    (re.compile(r"\b(\d+)-FZ\b"), r"\1-ФЗ"),
    (re.compile(r"\bart\.\s*"), "ст. "),
    (re.compile(r"\bparts?\s+"), "ч. "),
    (re.compile(r"\bchapter\s+"), "гл. "),
)

# What was not recorded when a trigger had to be estimated (appeal_deadlines.SOURCE_WORDS).
MISSING_WORDS = {
    "the day the copy was received": "дата получения копии",
    "the day the client learned of it": "дата, когда клиент узнал о решении",
    "service of the decision": "дата вручения решения",
    "the posting date on the MVD website": "дата размещения сведений на сайте МВД",
    "the date of the decision in final form": "дата изготовления решения в окончательной форме",
    "the date the resolution entered into force": "дата вступления постановления в законную силу",
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

_DATE = r"(\d{2}\.\d{2}\.\d{4})"


# ---------------------------------------------------------------------------------------------------------
# Words


def plural(n: int, one: str, few: str, many: str) -> str:
    """The Russian plural form for ``n``: 1 день, 2 дня, 5 дней, 21 день, 11 дней."""
    if n % 10 == 1 and n % 100 != 11:
        return one
    if 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14:
        return few
    return many


def ru_date(value: str | date) -> str:
    day = value if isinstance(value, date) else date.fromisoformat(value)
    return day.strftime("%d.%m.%Y")


def ru_day(value: str | date) -> str:
    """``09.03.2025, воскресенье`` — the weekday lets the reader check a roll-forward at a glance."""
    day = value if isinstance(value, date) else date.fromisoformat(value)
    return f"{ru_date(day)}, {WEEKDAYS[day.weekday()]}"


def _day_from_text(found: str) -> str:
    return ru_day(datetime.strptime(found, "%d.%m.%Y").date())


def _instant(value: str) -> datetime:
    return datetime.fromisoformat(value.replace("Z", "+00:00"))


def ru_utc(value: str | datetime) -> str:
    moment = value if isinstance(value, datetime) else _instant(value)
    return f"{moment.astimezone(UTC):%d.%m.%Y %H:%M} UTC"


def _offset(moment: datetime) -> str:
    offset = moment.strftime("%z")
    return f"UTC{offset[:3]}:{offset[3:]}"


def _articles(articles: str) -> str:
    """ "30.1, 30.3 part 1, 4.8" → "ст. 30.1, ч. 1 ст. 30.3, ст. 4.8": a part is cited before its article."""
    pieces: list[str] = []
    plain: list[str] = []
    for item in articles.split(", "):
        article, _, part = item.partition(" part ")
        if not part:
            plain.append(article)
            continue
        if plain:
            pieces.append("ст. " + ", ".join(plain))
            plain = []
        pieces.append(f"ч. {part} ст. {article}")
    if plain:
        pieces.append("ст. " + ", ".join(plain))
    return ", ".join(pieces)


def _citation(text: str) -> str | None:
    if text in LEGAL_BASES:
        return LEGAL_BASES[text]
    named = _NAMED_LAW.fullmatch(text)
    if named:
        title = LAW_TITLES.get(named["title"])
        return f"Федеральный закон № {named['law']}-ФЗ «{title}»" if title else None
    found = _ARTICLES.fullmatch(text)
    if found is None:
        return None
    source = f"Федерального закона № {found['law']}-ФЗ" if found["law"] else CODES[found["source"]]
    cited = f"{_articles(found['articles'])} {source}"
    note = found["note"]
    if note is None:
        return cited
    amended = _AMENDED.fullmatch(note)
    if amended:
        return f"{cited} (в ред. Федерального закона № {amended['law']}-ФЗ от {amended['date']})"
    return f"{cited} ({CITATION_NOTES[note]})" if note in CITATION_NOTES else None


def _top_level_parts(text: str) -> list[str]:
    """Split "A; B" on the semicolons outside parentheses."""
    parts, depth, start = [], 0, 0
    for index, char in enumerate(text):
        depth += {"(": 1, ")": -1}.get(char, 0)
        if char == ";" and depth == 0:
            parts.append(text[start:index].strip())
            start = index + 1
    parts.append(text[start:].strip())
    return parts


def russian_legal_basis(text: str) -> str | None:
    """The citation the Russian way, or None when some part of it cannot be read."""
    if text in LEGAL_BASES:
        return LEGAL_BASES[text]
    cited = [_citation(part) for part in _top_level_parts(text)]
    if not cited or any(part is None for part in cited):
        return None
    return "; ".join(part for part in cited if part)


def legal_basis(text: str) -> str:
    """Russian for a deadline step: by pattern, else word by word."""
    russian = russian_legal_basis(text)
    if russian is not None:
        return russian
    for pattern, replacement in _CITATION_WORDS:
        text = pattern.sub(replacement, text)
    return text


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


# ---------------------------------------------------------------------------------------------------------
# One function per step key: (params, English text) -> Russian text


def _rule(params: Mapping[str, str], text: str) -> str:
    action = RULE_ACTIONS.get(params["rule"])
    amount = amount_in_units(int(params["amount"]), params["unit"])
    basis = legal_basis(params["legal_basis"])
    confidence = CONFIDENCE.get(params["confidence"], params["confidence"])
    what = f"{action}, {amount}" if action else amount
    return (
        f"Правило {params['rule']} (версия {params['version']}): {what} "
        f"({basis}; достоверность: {confidence})"
    )


def _what_triggered(params: Mapping[str, str], text: str) -> str:
    """The trigger in words: which decision and what happened to it, as far as params and text tell."""
    day = ru_day(params["trigger_on"])
    source = params.get("source")
    # KoAP acts are resolutions (постановление); a «решение» is the decision on the complaint (KoAP 30.7).
    act = "постановление" if params.get("procedure") == "koap" else "решение"
    act_of = "постановления" if act == "постановление" else "решения"
    next_level = re.search(
        r"decision on the appeal against (\S+?)(?:,| received| dated| in final| hearing|$)", text
    )
    returning = re.search(r"ruling returning the filing against (\S+?)(?:,| received| dated|$)", text)
    decision = re.search(r"\bdecision (\S+) (?:dated|served on|received on|on)\b", text)
    if returning:
        subject = f"определения о возвращении жалобы на {act} {returning.group(1)}"
    elif next_level:
        subject = f"решения по жалобе на {act} {next_level.group(1)}"
    elif decision:
        subject = f"{act_of} {decision.group(1)}"
    else:
        subject = act_of
    entry = re.search(r"entry into force of decision (\S+), estimated", text)
    if source == "entry_into_force" and entry:
        return f"вступление постановления {entry.group(1)} в законную силу (ориентировочно): {day}"
    if source == "final_form_on":
        return f"изготовление {subject} в окончательной форме: {day}"
    if "hearing of" in text:
        return f"оглашение {subject} (дата заседания): {day}"
    if source == "bank_account_frozen":
        return f"блокировка банковского счёта {day}"
    if source == "causing_decision":
        return f"решение, послужившее основанием для включения в реестр, от {day}"
    if source == "earliest_trigger":
        return f"самая ранняя возможная дата размещения сведений: {day}"
    if "extending the detention" in text:
        return f"решение суда о продлении срока содержания в СУВСИГ от {day}"
    if source == "copy_received_on":
        return f"получение копии {subject}: {day}"
    if source == "learned_on":
        return f"день, когда клиент узнал о {subject.replace('решения', 'решении', 1)}: {day}"
    if source == "decision_served":
        return f"вручение {subject}: {day}"
    if source == "posted_on":
        return f"размещение сведений на сайте МВД {day} (лицо считается уведомлённым)"
    if source == "register_check":
        return f"проверка по реестру {day}, показавшая запись"
    if "special institution" in text:
        return f"помещение в СУВСИГ {day}"
    if "inclusion dated" in text:
        return f"включение в реестр от {day}"
    if returning or next_level or decision:
        nominative = subject.replace("определения", "определение", 1)
        nominative = nominative.replace("постановления", "постановление", 1).replace("решения", "решение", 1)
        return f"{nominative} от {day}"
    return day


def _trigger(params: Mapping[str, str], text: str) -> str:
    if params.get("cycle") and params["cycle"] != "1":
        return (
            f"Начало отсчёта: помещение в СУВСИГ {ru_day(params['trigger_on'])}; проверка № "
            f"{params['cycle']} "
            f"после {params['days']} дней непрерывного содержания"
        )
    if "counted from 00:00" in text:
        return f"Начало отсчёта: помещение в СУВСИГ {ru_day(params['trigger_on'])}, с 00:00 этого дня"
    return f"Начало отсчёта: {_what_triggered(params, text)}"


def _trigger_estimated(params: Mapping[str, str], text: str) -> str:
    found = re.match(r"Trigger unknown \((.*) not recorded\)", text)
    pieces = found.group(1).split(" or ") if found else []
    missing = [MISSING_WORDS[piece] for piece in pieces if piece in MISSING_WORDS]
    not_recorded = f"не записана {' или '.join(missing)}" if missing else "нужная дата не записана"
    if params.get("documentary") == "no":
        # Never "only later" unless the date it is counted from is documentary (LEGAL-RULES.md §2).
        tail = (
            "фактический срок может быть РАНЬШЕ и, возможно, уже истёк: узнайте дату размещения сведений "
            "через сервис МВД и подавайте сейчас, при необходимости с ходатайством о восстановлении срока"
        )
    else:
        tail = "фактический срок может быть только позже"
    return (
        f"Дата начала отсчёта неизвестна ({not_recorded}): взята самая ранняя возможная дата — "
        f"{_what_triggered(params, text)}; {tail}"
    )


def _later_trigger(params: Mapping[str, str], text: str) -> str:
    source = SOURCE_WORDS[params["source"]]
    due = f", что дало бы {ru_date(params['due_on'])}" if params.get("due_on") else ""
    return (
        f"Срок не отсчитывается от более поздней даты {source} {ru_date(params['trigger_on'])}{due}: "
        "действует самая ранняя дата; более поздняя — только если её примет суд"
    )


def _later_period(params: Mapping[str, str], text: str) -> str:
    unit = UNIT_WORDS.get(params["unit"], params["unit"])
    due = f" закончился бы {ru_date(params['due_on'])}" if params.get("due_on") else ""
    return (
        f"Срок неясен: считается более короткий вариант; более длинный — {params['amount']} {unit} "
        f"({legal_basis(params['basis'])}) —{due}. Проверьте с юристом"
    )


def _regional_day_off(params: Mapping[str, str], text: str) -> str:
    return (
        f"Региональный нерабочий день в регионе органа ({params['region']}) перенёс бы окончание срока на "
        f"{ru_date(params['due_on'])}; продлевает ли он федеральный срок, не установлено, поэтому показана "
        f"федеральная дата {ru_date(params['federal_due_on'])} — проверьте"
    )


def _zone_assumed(params: Mapping[str, str], text: str) -> str:
    return (
        f"Часовой пояс суда или органа не записан: взята самая ранняя полночь из {params['candidates']} "
        f"({params['timezone']}). Запишите часовой пояс суда или органа."
    )


def _filing_returned(params: Mapping[str, str], text: str) -> str:
    return (
        f"Жалоба (заявление) от {ru_date(params['filed_on'])} возвращена {ru_date(params['returned_on'])}: "
        "возвращённая жалоба считается неподанной"
    )


def _filing_elsewhere(params: Mapping[str, str], text: str) -> str:
    return (
        f"Жалоба вышестоящему должностному лицу подана {ru_date(params['filed_on'])}: она не останавливает "
        "этот срок, он продолжает течь — соблюсти его можно только подачей в суд"
    )


def _hours_limit(params: Mapping[str, str], text: str) -> str:
    return (
        f"{params['hours']} часов с 00:00 дня помещения ({params['timezone']}) = {ru_utc(params['due_at'])}"
    )


def _detention_term(params: Mapping[str, str], text: str) -> str:
    extensions = int(params.get("extensions", "0"))
    after = f" (после продления: {extensions})" if extensions else ""
    return f"Срок содержания, установленный судом: до {ru_day(params['term_until'])}{after}"


def _period_start(params: Mapping[str, str], text: str) -> str:
    return f"Течение срока начинается на следующий день после начала отсчёта: {ru_day(params['start_on'])}"


def _last_day_label(params: Mapping[str, str], text: str) -> str:
    """koap_days say "Day 10", kas_months "3 month(s) after 27.02.2025"; the params are the same."""
    n = int(params["n"])
    months = re.match(r"\d+ month\(s\) after " + _DATE, text)
    if months:
        return f"{n} {plural(n, 'месяц', 'месяца', 'месяцев')} после {months.group(1)}"
    return f"День {n}"


def _last_day_working(params: Mapping[str, str], text: str) -> str:
    return f"{_last_day_label(params, text)} = {ru_day(params['day'])}, рабочий день"


def _last_day_rolled_forward(params: Mapping[str, str], text: str) -> str:
    return (
        f"{_last_day_label(params, text)} = {ru_day(params['day'])}, нерабочий день → "
        f"следующий рабочий день {ru_day(params['next_working_day'])}"
    )


def _nth_working_day(params: Mapping[str, str], text: str) -> str:
    return (
        f"Нерабочие дни не считаются (пропущено: {params['skipped']}): "
        f"{params['n']}-й рабочий день = {ru_day(params['day'])}"
    )


def _month_has_no_such_day(params: Mapping[str, str], text: str) -> str:
    month_end = date.fromisoformat(params["month_end"])
    return (
        f"В {MONTHS_IN[month_end.month - 1]} {month_end.year} г. нет {params['day_of_month']}-го числа → "
        f"последний день месяца: {ru_day(month_end)}"
    )


def _calendar_day(params: Mapping[str, str], text: str) -> str:
    return f"День {params['n']} в календарных днях (без переноса) = {ru_day(params['day'])}"


def _due_on(params: Mapping[str, str], text: str) -> str:
    return f"Последний день срока: {ru_day(params['due_on'])}; подать нужно до 24:00"


def _cutoff(params: Mapping[str, str], text: str) -> str:
    zone = params["timezone"]
    local_cutoff = _instant(params["local_cutoff"])
    moscow_cutoff = _instant(params["moscow_cutoff"])
    last_day = ru_date(local_cutoff.date() - timedelta(days=1))
    if local_cutoff == moscow_cutoff:
        return (
            f"Окончание срока: 24:00 {last_day} по московскому времени ({zone}) = {ru_utc(params['due_at'])}"
        )
    local_in_moscow = local_cutoff.astimezone(MOSCOW)
    return (
        f"Окончание срока: 24:00 {last_day} по местному времени ({zone}) = "
        f"{local_in_moscow:%d.%m.%Y %H:%M} по московскому времени = {ru_utc(local_cutoff)}; "
        f"24:00 по московскому времени = {ru_utc(moscow_cutoff)}; "
        f"применяется более раннее: {ru_utc(params['due_at'])}"
    )


def _order_served(params: Mapping[str, str], text: str) -> str:
    appear_by = _instant(params["appear_by"])
    return (
        f"Требование о явке вручено {ru_day(params['served_on'])}: явиться до "
        f"{appear_by:%d.%m.%Y %H:%M} ({_offset(appear_by)}) = "
        f"{appear_by.astimezone(MOSCOW):%d.%m.%Y %H:%M} по московскому времени"
    )


def _as_of(text: str) -> str:
    found = re.search(r"as of " + _DATE, text)
    return f" (по состоянию на {_day_from_text(found.group(1))})" if found else ""


def _status_open(params: Mapping[str, str], text: str) -> str:
    filing = FILINGS.get(params.get("rule", ""), ("жалоба не подана", "жалобу"))[0]
    if "no appeal recorded yet" in text:
        rest = ": " + filing.replace(" не подана", " пока не записана").replace(
            " не подано", " пока не записано"
        )
    elif "no filing that meets it yet" in text:
        rest = ": подачи, которая его соблюдает, пока нет"
    elif "no court decision recorded" in text:
        rest = ": решение суда не записано"
    else:
        rest = ""
    return f"Срок ещё не истёк{_as_of(text)}{rest}"


def _status_met(params: Mapping[str, str], text: str) -> str:
    if "filed_on" in params:
        return f"Срок соблюдён: жалоба подана {ru_date(params['filed_on'])}"
    if "departed_on" in params:
        return f"Срок соблюдён: клиент выехал из России {ru_date(params['departed_on'])}"
    court = re.search(r"court decision on the placement is recorded on " + _DATE, text)
    if court:
        return f"Срок соблюдён: решение суда о помещении записано {court.group(1)}"
    return "Срок соблюдён"


def _status_attended(params: Mapping[str, str], text: str) -> str:
    return "Срок соблюдён: явка клиента записана"


def _status_unconfirmed(params: Mapping[str, str], text: str) -> str:
    return (
        "Время явки прошло — подтвердите явку: ни явка, ни неисполнение обязанности не записаны. "
        "Запишите, явился ли клиент."
    )


def _status_missed(params: Mapping[str, str], text: str) -> str:
    if "restore_basis" in params:
        basis = params["restore_basis"]
        not_filed, appeal = FILINGS.get(params.get("rule", ""), ("жалоба не подана", _appeal_for(basis)))
        due = re.search(r"no appeal filed by " + _DATE, text)
        by = f"по {due.group(1)} включительно " if due else ""
        return (
            f"Срок пропущен{_as_of(text)}: {by}{not_filed}. Это не окончательно: подайте {appeal} "
            f"вместе с ходатайством о восстановлении пропущенного срока ({legal_basis(basis)}), "
            "указав уважительные причины пропуска."
        )
    if "departure period has passed" in text:
        return (
            f"Срок пропущен{_as_of(text)}. Срок выезда истёк: клиенту грозят принудительное выдворение "
            "и СУВСИГ."
        )
    if "Two years have passed" in text:
        return (
            f"Срок наступил{_as_of(text)}. Прошло два года со дня вступления постановления в законную силу: "
            "проверьте, может ли оно ещё быть исполнено (ст. 31.9 КоАП РФ)."
        )
    if "No court decision within 48 hours" in text:
        checked = re.search(r"a court decision of " + _DATE, text)
        hour = f" (записано решение суда от {checked.group(1)}: проверьте час)" if checked else ""
        return (
            f"Срок пропущен{_as_of(text)}{hour}. Решение суда в течение 48 часов не записано: у содержания "
            "нет "
            "законного основания — требуйте освобождения и обжалуйте в суд и прокуратуру немедленно."
        )
    if "term set by the court has passed" in text:
        return (
            f"Срок пропущен{_as_of(text)}. Срок, установленный судом, истёк, продление не записано: "
            "требуйте освобождения немедленно."
        )
    released = re.search(r"released on " + _DATE + ", after the term", text)
    if released:
        return f"Срок пропущен: клиент освобождён {released.group(1)}, после окончания срока"
    breach = re.search(r"obligation breach was recorded on " + _DATE, text)
    if breach:
        return (
            f"Срок пропущен: {breach.group(1)}, после этого требования, записано неисполнение обязанности. "
            "Повторное неисполнение влечёт депортацию; задокументируйте уважительные причины неявки."
        )
    if text.startswith("Overdue"):
        return (
            f"Срок истёк{_as_of(text)}. Содержание в СУВСИГ длится более 90 дней: "
            "проверьте законность дальнейшего содержания уже сейчас."
        )
    return f"Срок пропущен{_as_of(text)}"


_CANCELLED_BECAUSE = (
    (re.compile(r"the decision was retracted"), lambda m: "решение отозвано"),
    (re.compile(r"the inclusion was retracted"), lambda m: "запись о включении в реестр отозвана"),
    (re.compile(r"the order was retracted"), lambda m: "требование о явке отозвано"),
    (
        re.compile(r"the client was excluded from the register on " + _DATE),
        lambda m: f"клиент исключён из реестра {m.group(1)}",
    ),
    (re.compile(r"released on " + _DATE), lambda m: f"клиент освобождён {m.group(1)}"),
    (re.compile(r"the client left Russia on " + _DATE), lambda m: f"клиент выехал из России {m.group(1)}"),
)


def _status_cancelled(params: Mapping[str, str], text: str) -> str:
    for pattern, reason in _CANCELLED_BECAUSE:
        found = pattern.search(text)
        if found:
            return f"Срок отменён: {reason(found)}"
    return "Срок отменён"


RENDERERS: Mapping[str, Callable[[Mapping[str, str], str], str]] = {
    "rule": _rule,
    "trigger": _trigger,
    "trigger_estimated": _trigger_estimated,
    "period_start": _period_start,
    "last_day_working": _last_day_working,
    "last_day_rolled_forward": _last_day_rolled_forward,
    "nth_working_day": _nth_working_day,
    "month_has_no_such_day": _month_has_no_such_day,
    "calendar_day": _calendar_day,
    "due_on": _due_on,
    "cutoff": _cutoff,
    "order_served": _order_served,
    "later_trigger": _later_trigger,
    "later_period": _later_period,
    "regional_day_off": _regional_day_off,
    "zone_assumed": _zone_assumed,
    "filing_returned": _filing_returned,
    "filing_elsewhere": _filing_elsewhere,
    "hours_limit": _hours_limit,
    "detention_term": _detention_term,
    "status_attended": _status_attended,
    "status_unconfirmed": _status_unconfirmed,
    "status_open": _status_open,
    "status_met": _status_met,
    "status_missed": _status_missed,
    "status_cancelled": _status_cancelled,
}


def _parts(step: Any) -> tuple[str, Mapping[str, str], str]:
    if isinstance(step, Mapping):
        return str(step.get("key", "")), step.get("params") or {}, str(step.get("text", ""))
    return step.key, step.params, step.text


def step_text(step: Any, language: str | None = None) -> str:
    """The step (a domain ``Step`` or its dict form ``{"key", "params", "text"}``) in ``language``.

    ``language`` defaults to the active one. English, an unknown key, or params that cannot be read give the
    domain's English text.
    """
    key, params, text = _parts(step)
    language = language or translation.get_language() or ""
    if not language.lower().startswith("ru"):
        return text
    render = RENDERERS.get(key)
    if render is None:
        return text
    try:
        return render(params, text)
    except (KeyError, ValueError, TypeError):
        return text


# ---------------------------------------------------------------------------------------------------------
# The rest of the domain's English: rule actions, citations, the next step, case warnings


def is_russian(language: str | None = None) -> bool:
    language = language or translation.get_language() or ""
    return language.lower().startswith("ru")


def rule_action(rule: str, action: str, language: str | None = None) -> str:
    """What the rule asks for, by rule id; the domain's English for another language or an unknown rule."""
    if not is_russian(language):
        return action
    return RULE_ACTIONS.get(rule, action)


def legal_basis_text(text: str, language: str | None = None) -> str:
    """A citation in ``language``; unchanged when it is English or a citation the pattern cannot read."""
    if not text or not is_russian(language):
        return text
    return russian_legal_basis(text) or text


_RESTORE_NEXT_STEP = re.compile(
    r"The period has passed, but it is not final: file together with a petition to restore the missed "
    r"period \((?P<basis>[^()]+)\), giving the reasons for the delay\."
)
_DETENTION_NEXT_STEP = (
    "Detention has lasted beyond 90 days: review the lawfulness of continued detention now."
)


def _appeal_for(basis: str) -> str:
    """What to file with a restoration petition: KoAP a complaint; KAS 219 ч.7 a claim in court; KAS 95 (a
    procedural period such as an appeal) a complaint."""
    if basis == "KAS RF art. 219 part 7":
        return "административное исковое заявление в суд"
    return "жалобу"


NEXT_STEPS = {
    "The filing was returned and counts as not filed: file again now, before the deadline.": (
        "Жалоба (заявление) возвращена и считается неподанной: подайте её повторно сейчас, до окончания "
        "срока."
    ),
    "A complaint is pending, but the court period still runs: file the claim in court in time.": (
        "Жалоба ещё рассматривается, но срок для обращения в суд продолжает течь: подайте административное "
        "исковое заявление в суд вовремя."
    ),
    "Confirm whether the client appeared: record the attendance or the breach.": (
        "Подтвердите, явился ли клиент: запишите явку или неисполнение обязанности."
    ),
    "The departure period has passed: the client risks forced expulsion and detention.": (
        "Срок выезда истёк: клиенту грозят принудительное выдворение и помещение в СУВСИГ."
    ),
    "Two years have passed since the resolution entered into force: check whether it can still be executed "
    "(KoAP RF art. 31.9).": (
        "Прошло два года со дня вступления постановления в законную силу: проверьте, может ли оно ещё быть "
        "исполнено (ст. 31.9 КоАП РФ)."
    ),
    "No court decision within 48 hours is recorded: the detention has no lawful basis — demand release and "
    "complain to the court and the prosecutor now.": (
        "Решение суда в течение 48 часов не записано: у содержания нет законного основания — требуйте "
        "освобождения и обжалуйте в суд и прокуратуру немедленно."
    ),
    "The term set by the court has passed with no extension recorded: demand release now.": (
        "Срок, установленный судом, истёк, продление не записано: требуйте освобождения немедленно."
    ),
}


def next_step_text(text: str | None, language: str | None = None) -> str:
    """The next step after a missed deadline (``Deadline.next_step``) in ``language``."""
    if not text or not is_russian(language):
        return text or ""
    restore = _RESTORE_NEXT_STEP.fullmatch(text)
    if restore:
        basis = restore["basis"]
        return (
            f"Срок истёк, но это не окончательно: подайте {_appeal_for(basis)} вместе с ходатайством "
            f"о восстановлении пропущенного срока ({legal_basis(basis)}), "
            "указав уважительные причины пропуска."
        )
    if text == _DETENTION_NEXT_STEP:
        return (
            "Содержание в СУВСИГ длится более 90 дней: "
            "проверьте законность дальнейшего содержания уже сейчас."
        )
    return NEXT_STEPS.get(text, text)


# Decision kinds (casework/domain/choices.py DECISION_KINDS), as the subject of a decision: «решение о …».
DECISION_KINDS = {
    "administrative_expulsion": "об административном выдворении",
    "deportation": "о депортации",
    "stay_reduction": "о сокращении срока временного пребывания",
    "entry_ban": "о неразрешении въезда",
    "undesirability": "о нежелательности пребывания",
    "permit_annulment": "об аннулировании разрешения на временное проживание или вида на жительство",
    "bailiff_action": "о действиях судебного пристава-исполнителя по исполнению выдворения",
    "detention_placement": "о помещении в СУВСИГ",
    "citizenship_termination": "о прекращении гражданства",
    "asylum_refusal": "об отказе в убежище",
}
APPEAL_OUTCOMES = {
    "overturned": "решение отменено",
    "upheld": "решение оставлено без изменения",
    "partially_overturned": "решение отменено в части",
    "returned": "жалоба возвращена без рассмотрения",
}
# The follow-ups that name a decision (casework/domain/decisions.py FOLLOW_UPS).
FOLLOW_UP_EVENTS = {
    "decision_served": "«Решение вручено»",
    "appeal_filed": "«Подана жалоба»",
    "appeal_decided": "«Жалоба рассмотрена»",
}


def _decision_of_kind(kind: str, noun: str = "решение") -> str:
    """«решение о депортации»; ``noun`` gives the case: «решения о депортации»."""
    if kind in DECISION_KINDS:
        return f"{noun} {DECISION_KINDS[kind]}"
    return f"{noun} иного вида" if kind == "other" else f"{noun} вида {kind}"


def _deadline_name(subject: str) -> str:
    """A deadline key (``appeal:D1``, ``appeal:D1:2``, ``register:<id>``…) in words, in the nominative."""
    returned = re.fullmatch(r"(appeal|register):(.+?):return:\d+", subject)
    if returned:
        return "срок обжалования определения о возвращении жалобы"
    level = re.fullmatch(r"appeal:(.+):(\d+)", subject)
    if level:
        return f"срок обжалования решения по жалобе на решение {level[1]}"
    if re.fullmatch(r"register:[^:]+:\d+", subject):
        return "срок обжалования решения суда по иску о включении в реестр"
    named = {
        "departure": "срок контролируемого самостоятельного выезда",
        "execution_limit": "двухлетний срок исполнения постановления о выдворении",
        "detention_48h": "48 часов содержания без решения суда",
        "detention_term": "срок содержания, установленный судом",
        "detention_extension": "срок обжалования продления срока содержания в СУВСИГ",
    }
    kind, _, rest = subject.partition(":")
    if kind in named:
        return named[kind]
    if kind == "appeal" and rest:
        return f"срок обжалования решения {rest}"
    if kind == "register":
        return "срок обжалования включения в реестр"
    if kind == "appear":
        return "срок явки по требованию"
    if kind == "detention_review":
        return "срок проверки законности содержания в СУВСИГ"
    return f"срок {subject}"


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _missing(missing: str) -> str:
    return " или ".join(MISSING_WORDS[piece] for piece in missing.split(" or "))


def _no_rule_for(params: Mapping[str, str]) -> str:
    """What has no rule, in the genitive: «нет правила для решения о депортации (D1)»."""
    about = params["about"]
    if about == "decision":
        return f"{_decision_of_kind(params['kind'], 'решения')} ({params['ref']})"
    if about == "complaint_decision":
        return f"решения по жалобе на решение {params['ref']}"
    if about == "register_inclusion":
        return f"включения в реестр от {ru_date(params['occurred_on'])}"
    if about == "order_to_appear":
        return "требования о явке"
    if about == "detention":
        return "помещения в СУВСИГ"
    raise KeyError(about)


def _w_calendar_missing(p: Mapping[str, str]) -> str:
    year = p["year"]
    return (
        f"{_capital(_deadline_name(p['subject']))} ({p['rule']}) не рассчитан: нет производственного "
        f"календаря на {year} год. Добавьте календарь на {year} год по постановлению Правительства РФ; "
        "дата не угадывается."
    )


def _w_calendar_provisional(p: Mapping[str, str]) -> str:
    return (
        f"{_capital(_deadline_name(p['subject']))} ({p['rule']}) рассчитан по предварительному "
        f"производственному календарю на {p['year']} год; сверьте его с постановлением Правительства РФ."
    )


def _w_trigger_unknown(p: Mapping[str, str]) -> str:
    return (
        f"{_capital(_deadline_name(p['subject']))} рассчитан ориентировочно: не записана "
        f"{_missing(p['missing'])}, поэтому он отсчитывается от {ru_date(p['counted_from'])} — самой ранней "
        "возможной даты. Внесите эту дату, чтобы получить точный срок."
    )


def _w_no_deadline_rule(p: Mapping[str, str]) -> str:
    return f"Нет правила расчёта срока для {_no_rule_for(p)}; проверьте срок обжалования с юристом."


def _w_unknown_decision(p: Mapping[str, str]) -> str:
    event = FOLLOW_UP_EVENTS.get(p["event_type"], p["event_type"])
    ref = p["decision_ref"]
    return (
        f"Событие {event} ссылается на решение {ref}, которое не записано; запишите решение, чтобы "
        "рассчитать срок его обжалования."
    )


def _w_duplicate_decision_ref(p: Mapping[str, str]) -> str:
    return (
        f"Номер {p['decision_ref']} указан у двух решений; учитывается только первое. Исправьте одно из них."
    )


def _w_appeal_filed_late(p: Mapping[str, str]) -> str:
    basis = p["restore_basis"]
    return (
        f"{_capital(_deadline_name(p['subject']))}: жалоба подана "
        f"{ru_date(p['filed_on'])}, после окончания срока {ru_date(p['due_on'])}; нужно ходатайство "
        f"о восстановлении пропущенного срока ({legal_basis(basis)})."
    )


def _w_check_not_listed(p: Mapping[str, str]) -> str:
    return (
        f"Проверка по реестру {ru_date(p['checked_on'])} показала, что клиента в реестре нет, но включение "
        "записано, а исключение — нет. Проверьте и запишите исключение."
    )


def _w_frozen_while_not_listed(p: Mapping[str, str]) -> str:
    return (
        "Банковский счёт отмечен как заблокированный, хотя клиент не включён в реестр. Банки применяют это "
        "правило с опозданием и иногда ошибочно: проверьте реестр и оспорьте блокировку."
    )


def _w_grounds_acquired_still_listed(p: Mapping[str, str]) -> str:
    return (
        f"Законные основания для пребывания получены {ru_date(p['acquired_on'])}, но клиент всё ещё "
        "в реестре. Обратитесь в МВД за исключением сведений из реестра."
    )


def _w_repeated_obligation_breaches(p: Mapping[str, str]) -> str:
    count = int(p["count"])
    cases = plural(count, "случай", "случая", "случаев")
    return (
        f"Записано {count} {cases} неисполнения обязанностей. Повторное неисполнение влечёт депортацию "
        "и помещение в СУВСИГ."
    )


def _w_visa_free_days_exceeded(p: Mapping[str, str]) -> str:
    days = int(p["days"])
    return (
        f"В {int(p['year'])} году в России — {days} {plural(days, 'день', 'дня', 'дней')}: превышен "
        "безвизовый лимит в 90 дней в календарном году (ст. 5 Федерального закона № 115-ФЗ)."
    )


def _w_invalid_timezone(p: Mapping[str, str]) -> str:
    return (
        f"Часовой пояс органа «{p['zone']}» не является допустимым поясом IANA; вместо него используется "
        f"{p['fallback']} ({_deadline_name(p['subject'])})."
    )


def _w_authority_zone_assumed(p: Mapping[str, str]) -> str:
    return (
        f"{_capital(_deadline_name(p['subject']))}: часовой пояс суда или органа не записан — срок истекает "
        f"в самую раннюю полночь из {p['candidates']}, то есть по {p['zone']}. Запишите часовой пояс органа."
    )


def _w_regional_day_off(p: Mapping[str, str]) -> str:
    return (
        f"{_capital(_deadline_name(p['subject']))}: региональный нерабочий день ({p['region']}) перенёс бы "
        f"окончание с {ru_date(p['federal'])} на {ru_date(p['regional'])}; продлевает ли он федеральный "
        "срок, "
        f"не установлено, поэтому показано {ru_date(p['federal'])}. Проверьте с юристом."
    )


def _w_appeal_before_decision(p: Mapping[str, str]) -> str:
    return (
        f"Жалоба на решение {p['decision_ref']} датирована {ru_date(p['filed_on'])} — раньше самого решения "
        f"({ru_date(p['issued_on'])}); она не учитывается. Исправьте дату или решение, на которое она подана."
    )


def _w_complaint_pending(p: Mapping[str, str]) -> str:
    return (
        f"{_capital(_deadline_name(p['subject']))}: жалоба вышестоящему должностному лицу подана "
        f"{ru_date(p['filed_on'])}, но она не останавливает срок обращения в суд, он продолжает течь. "
        "Подайте "
        "административное исковое заявление вовремя; несвоевременный ответ на жалобу или его отсутствие — "
        "основание для восстановления срока (ч. 7 ст. 219 КАС РФ), а не для более позднего начала отсчёта."
    )


def _w_appeal_returned(p: Mapping[str, str]) -> str:
    return (
        f"{_capital(_deadline_name(p['subject']))}: жалоба (заявление) возвращена "
        f"{ru_date(p['returned_on'])} "
        "и считается неподанной. Подайте её повторно сейчас (если срок истёк — с ходатайством о "
        "восстановлении "
        "срока) или обжалуйте определение о возвращении."
    )


def _w_cassation_only(p: Mapping[str, str]) -> str:
    return (
        f"Решение от {ru_date(p['decided_on'])} ({_deadline_name(p['subject'])}) можно обжаловать только "
        "в кассационном порядке; этот срок здесь не рассчитывается. Проверьте его с юристом."
    )


def _w_register_listed_by_check(p: Mapping[str, str]) -> str:
    return (
        f"Проверка по реестру {ru_date(p['checked_on'])} показала запись: клиент считается включённым в "
        "реестр "
        "(предварительно, не позднее даты проверки) — с ограничениями и сроком обжалования. Запишите "
        "включение с датой размещения сведений."
    )


def _w_detention_without_court(p: Mapping[str, str]) -> str:
    return (
        f"Помещён в СУВСИГ {ru_date(p['placed_on'])} для депортации или реадмиссии, решение суда не "
        "записано: "
        "содержание свыше 48 часов требует решения суда (ч. 2 ст. 22 Конституции РФ). Действуйте сейчас."
    )


def _w_detention_term_passed(p: Mapping[str, str]) -> str:
    return (
        f"Срок содержания, установленный судом, истёк {ru_date(p['term_until'])}, продление или освобождение "
        "не записаны: у дальнейшего содержания нет записанного основания."
    )


def _w_order_attendance_unconfirmed(p: Mapping[str, str]) -> str:
    return (
        "Время явки по требованию прошло, а ни явка, ни неисполнение обязанности не записаны: "
        "подтвердите, явился ли клиент."
    )


def _w_continuous_stay_exceeded(p: Mapping[str, str]) -> str:
    days = int(p["days"])
    return (
        f"{days} {plural(days, 'день', 'дня', 'дней')} непрерывного пребывания в России с "
        f"{ru_date(p['since'])}: больше 90 дней (ст. 5 Федерального закона № 115-ФЗ), независимо от "
        "календарного года."
    )


def _w_asylum_no_rule(p: Mapping[str, str]) -> str:
    return (
        f"Решение {p['decision_ref']} — отказ в убежище: срок его обжалования (ст. 10 Федерального закона "
        "«О беженцах») короче обычного и не заложен в систему. Проверьте срок сегодня."
    )


# By warning code (casework/domain/case_warnings.py).
WARNING_RENDERERS: Mapping[str, Callable[[Mapping[str, str]], str]] = {
    "calendar_missing": _w_calendar_missing,
    "calendar_provisional": _w_calendar_provisional,
    "trigger_unknown": _w_trigger_unknown,
    "no_deadline_rule": _w_no_deadline_rule,
    "unknown_decision": _w_unknown_decision,
    "duplicate_decision_ref": _w_duplicate_decision_ref,
    "appeal_filed_late": _w_appeal_filed_late,
    "check_not_listed": _w_check_not_listed,
    "frozen_while_not_listed": _w_frozen_while_not_listed,
    "grounds_acquired_still_listed": _w_grounds_acquired_still_listed,
    "repeated_obligation_breaches": _w_repeated_obligation_breaches,
    "visa_free_days_exceeded": _w_visa_free_days_exceeded,
    "invalid_timezone": _w_invalid_timezone,
    "authority_zone_assumed": _w_authority_zone_assumed,
    "regional_day_off": _w_regional_day_off,
    "appeal_before_decision": _w_appeal_before_decision,
    "complaint_pending": _w_complaint_pending,
    "appeal_returned": _w_appeal_returned,
    "cassation_only": _w_cassation_only,
    "register_listed_by_check": _w_register_listed_by_check,
    "detention_without_court": _w_detention_without_court,
    "detention_term_passed": _w_detention_term_passed,
    "order_attendance_unconfirmed": _w_order_attendance_unconfirmed,
    "continuous_stay_exceeded": _w_continuous_stay_exceeded,
    "asylum_no_rule": _w_asylum_no_rule,
}


def warning_text(warning: Any, language: str | None = None) -> str:
    """A case warning (a domain ``CaseWarning`` or its dict form) in ``language``.

    English, an unknown code, or params that cannot be read give the domain's English message.
    """
    if isinstance(warning, Mapping):
        code, params, message = (
            warning.get("code", ""),
            warning.get("params") or {},
            warning.get("message", ""),
        )
    else:
        code, params, message = warning.code, getattr(warning, "params", None) or {}, warning.message
    if not is_russian(language):
        return str(message)
    render = WARNING_RENDERERS.get(str(code))
    if render is None:
        return str(message)
    try:
        return render(params)
    except (KeyError, ValueError, TypeError):
        return str(message)
