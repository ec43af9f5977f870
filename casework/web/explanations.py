"""Deadline explanation steps in the reader's language.

The domain explains every deadline as a list of ``Step(key, params, text)``: ``text`` is the English
rendering, ``key`` and ``params`` are there so that the UI can say the same thing in another language. This
module renders Russian from them — dates as ДД.ММ.ГГГГ with the Russian weekday, citations in the Russian
order («ч. 1 ст. 219 КАС РФ»). A key it does not know, or params it cannot read, fall back to the English
text: an explanation in English is better than none.

A few keys carry less in ``params`` than in ``text`` (a decision's reference, why a deadline was cancelled,
the "as of" date of a status). For those the English text is read with anchored patterns; whatever does not
match is simply left out of the Russian sentence, never guessed.
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

# Citations as rules.toml and deadline_building.py write them, in the order Russian lawyers cite them.
LEGAL_BASES = {
    "KoAP RF art. 30.1, 30.3 part 1, 4.8": "ст. 30.1, ч. 1 ст. 30.3, ст. 4.8 КоАП РФ",
    "KoAP RF art. 30.9, 30.3": "ст. 30.9, 30.3 КоАП РФ",
    "KoAP RF art. 30.3 part 2": "ч. 2 ст. 30.3 КоАП РФ",
    "KAS RF art. 95": "ст. 95 КАС РФ",
    "KAS RF art. 219 part 1": "ч. 1 ст. 219 КАС РФ",
    "KAS RF art. 219 part 1; 115-FZ art. 31.1": "ч. 1 ст. 219 КАС РФ; ст. 31.1 Федерального закона № 115-ФЗ",
    "KAS RF art. 219 part 3": "ч. 3 ст. 219 КАС РФ",
    "KAS RF art. 298 (a shorter special period is unverified)": (
        "ст. 298 КАС РФ (более короткий специальный срок не проверен)"
    ),
    "Practice rule: no statutory maximum term in a special institution (115-FZ art. 31, 32.2; "
    "KoAP RF art. 27.19)": (
        "правило практики: предельный срок содержания в СУВСИГ законом не установлен "
        "(ст. 31, 32.2 Федерального закона № 115-ФЗ; ст. 27.19 КоАП РФ)"
    ),
    "115-FZ art. 31.1 (obligations of a person in the register)": (
        "ст. 31.1 Федерального закона № 115-ФЗ (обязанности лица, включённого в реестр)"
    ),
}
# For a citation not in the table (a rule added later): word by word, in the English order.
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


def legal_basis(text: str) -> str:
    if text in LEGAL_BASES:
        return LEGAL_BASES[text]
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
