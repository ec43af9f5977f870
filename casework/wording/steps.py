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
from datetime import UTC, date
from typing import Any

from casework.wording.citations import legal_basis
from casework.wording.dates import (
    MONTHS_IN,
    MOSCOW,
    _day_from_text,
    _instant,
    _offset,
    plural,
    ru_date,
    ru_day,
    ru_utc,
    wall_clock,
)
from casework.wording.language import is_russian
from casework.wording.next_steps import _appeal_for
from casework.wording.rules import (
    CONFIDENCE,
    FILINGS,
    MISSING_WORDS,
    RULE_ACTIONS,
    SOURCE_WORDS,
    UNIT_WORDS,
    amount_in_units,
)

_DATE = r"(\d{2}\.\d{2}\.\d{4})"


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
    last_day = ru_date(wall_clock(local_cutoff, local_cutoff.tzinfo or UTC)[0])
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
    if not is_russian(language):
        return text
    render = RENDERERS.get(key)
    if render is None:
        return text
    try:
        return render(params, text)
    except (KeyError, ValueError, TypeError):
        return text
