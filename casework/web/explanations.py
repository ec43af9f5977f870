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
    "koap_expulsion_appeal": "жалоба в вышестоящий суд или вышестоящему должностному лицу",
    "koap_complaint_decision_appeal": "жалоба на решение по жалобе в следующую инстанцию",
    "kas_deportation": "административное исковое заявление (гл. 22 КАС РФ)",
    "kas_stay_reduction": "административное исковое заявление",
    "kas_entry_ban": "административное исковое заявление",
    "kas_undesirability": "административное исковое заявление",
    "kas_permit_annulment": "административное исковое заявление",
    "kas_register_inclusion": "жалоба в вышестоящий орган МВД и (или) административное исковое заявление",
    "kas_bailiff_action": "административное исковое заявление",
    "kas_detention_placement": "жалоба на помещение в СУВСИГ (продление срока содержания)",
    "detention_legal_review": "проверка законности дальнейшего содержания в СУВСИГ",
    "order_to_appear": "явка по требованию",
}

# Citations the pattern below cannot read, as rules.toml writes them.
LEGAL_BASES = {
    "Practice rule: no statutory maximum term in a special institution (115-FZ art. 31, 32.2; "
    "KoAP RF art. 27.19)": (
        "правило практики: предельный срок содержания в СУВСИГ законом не установлен "
        "(ст. 31, 32.2 Федерального закона № 115-ФЗ; ст. 27.19 КоАП РФ)"
    ),
}
# Citations by pattern (rules.toml, restrictions.toml, deadline_building.py): "<code> art. <articles>
# (<note>)", '<n>-FZ "<title>"'; several joined by "; ".
CODES = {"KoAP RF": "КоАП РФ", "KoAP": "КоАП РФ", "KAS RF": "КАС РФ", "KAS": "КАС РФ"}
LAW_TITLES = {"On road safety": "О безопасности дорожного движения"}
CITATION_NOTES = {
    "a shorter special period is unverified": "более короткий специальный срок не проверен",
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
}

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
    next_level = re.search(r"decision on the appeal against (\S+?)(?:,| received| dated|$)", text)
    decision = re.search(r"\bdecision (\S+) (?:dated|served on|received on|on)\b", text)
    if next_level:
        subject = f"решения по жалобе на решение {next_level.group(1)}"
    elif decision:
        subject = f"решения {decision.group(1)}"
    else:
        subject = "решения"
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
    if next_level or decision:
        return f"{subject.replace('решения', 'решение', 1)} от {day}"
    return day


def _trigger(params: Mapping[str, str], text: str) -> str:
    return f"Начало отсчёта: {_what_triggered(params, text)}"


def _trigger_estimated(params: Mapping[str, str], text: str) -> str:
    found = re.match(r"Trigger unknown \((.*) not recorded\)", text)
    pieces = found.group(1).split(" or ") if found else []
    missing = [MISSING_WORDS[piece] for piece in pieces if piece in MISSING_WORDS]
    not_recorded = f"не записана {' или '.join(missing)}" if missing else "нужная дата не записана"
    return (
        f"Дата начала отсчёта неизвестна ({not_recorded}): взята самая ранняя возможная дата — "
        f"{_what_triggered(params, text)}; фактический срок может быть только позже"
    )


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
    rest = ": жалоба пока не записана" if "no appeal recorded yet" in text else ""
    return f"Срок ещё не истёк{_as_of(text)}{rest}"


def _status_met(params: Mapping[str, str], text: str) -> str:
    if "filed_on" in params:
        return f"Срок соблюдён: жалоба подана {ru_date(params['filed_on'])}"
    return "Срок соблюдён: время явки прошло, неисполнение обязанности после этого требования не записано"


def _status_missed(params: Mapping[str, str], text: str) -> str:
    if "restore_basis" in params:
        basis = params["restore_basis"]
        # KoAP: a complaint (жалоба); KAS: an administrative claim, or a complaint to a higher MVD body.
        appeal = "жалобу" if basis.startswith("KoAP") else "жалобу или административное исковое заявление"
        due = re.search(r"no appeal filed by " + _DATE, text)
        by = f"по {due.group(1)} включительно " if due else ""
        return (
            f"Срок пропущен{_as_of(text)}: {by}жалоба не подана. Это не окончательно: подайте {appeal} "
            f"вместе с ходатайством о восстановлении пропущенного срока ({legal_basis(basis)}), "
            "указав уважительные причины пропуска."
        )
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
    # KoAP: a complaint (жалоба); KAS: an administrative claim, or a complaint to a higher MVD body.
    return "жалобу" if basis.startswith("KoAP") else "жалобу или административное исковое заявление"


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
    return text


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
    level = re.fullmatch(r"appeal:(.+):(\d+)", subject)
    if level:
        return f"срок обжалования решения по жалобе на решение {level[1]}"
    kind, _, rest = subject.partition(":")
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


def _w_next_level_not_computed(p: Mapping[str, str]) -> str:
    outcome = APPEAL_OUTCOMES.get(p["outcome"], p["outcome"])
    return (
        f"Жалоба на решение {p['decision_ref']} ({_decision_of_kind(p['kind'])}) рассмотрена: {outcome}. "
        "Срок обжалования в следующей инстанции для решений этого вида не рассчитывается; "
        "проверьте его с юристом."
    )


def _w_appeal_filed_late(p: Mapping[str, str]) -> str:
    basis = p["restore_basis"]
    return (
        f"{_capital(_deadline_name(p['subject']))}: жалоба подана "
        f"{ru_date(p['filed_on'])}, после окончания срока {ru_date(p['due_on'])}; нужно ходатайство "
        f"о восстановлении пропущенного срока ({legal_basis(basis)})."
    )


def _w_listed_without_inclusion(p: Mapping[str, str]) -> str:
    return (
        f"Проверка по реестру {ru_date(p['checked_on'])} показала, что клиент включён в реестр, но текущее "
        "включение не записано. Запишите включение: срок его обжалования, возможно, уже течёт."
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


# By warning code (casework/domain/case_warnings.py).
WARNING_RENDERERS: Mapping[str, Callable[[Mapping[str, str]], str]] = {
    "calendar_missing": _w_calendar_missing,
    "calendar_provisional": _w_calendar_provisional,
    "trigger_unknown": _w_trigger_unknown,
    "no_deadline_rule": _w_no_deadline_rule,
    "unknown_decision": _w_unknown_decision,
    "duplicate_decision_ref": _w_duplicate_decision_ref,
    "next_level_not_computed": _w_next_level_not_computed,
    "appeal_filed_late": _w_appeal_filed_late,
    "listed_without_inclusion": _w_listed_without_inclusion,
    "check_not_listed": _w_check_not_listed,
    "frozen_while_not_listed": _w_frozen_while_not_listed,
    "grounds_acquired_still_listed": _w_grounds_acquired_still_listed,
    "repeated_obligation_breaches": _w_repeated_obligation_breaches,
    "visa_free_days_exceeded": _w_visa_free_days_exceeded,
    "invalid_timezone": _w_invalid_timezone,
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
