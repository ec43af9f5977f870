"""Deadline explanation steps in the reader's language.

The domain explains every deadline as a list of ``Step(key, params, text)``: ``text`` is the English
rendering, ``key`` and ``params`` are there so that the UI can say the same thing in another language. This
module renders Russian from ``key`` and ``params`` alone — dates as ДД.ММ.ГГГГ with the Russian weekday,
citations as the rule book words them in Russian («ч. 1 ст. 219 КАС РФ»). The English text is never read: a
key it does not know, or params it lacks (a step stored before the domain gave them; ``manage.py
rebuild_projections`` refreshes those), fall back to the English text — an explanation in English is better
than none.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import UTC, date
from typing import Any

from casework.wording.citations import legal_basis
from casework.wording.dates import (
    MONTHS_IN,
    MOSCOW,
    instant,
    offset,
    plural,
    ru_date,
    ru_day,
    ru_utc,
    wall_clock,
)
from casework.wording.language import is_russian
from casework.wording.next_steps import appeal_for
from casework.wording.rules import (
    CONFIDENCE,
    FILINGS,
    MISSING_WORDS,
    RULE_ACTIONS,
    SOURCE_WORDS,
    UNIT_WORDS,
    amount_in_units,
)

Params = Mapping[str, str]


# ---------------------------------------------------------------------------------------------------------
# One function per step key: params -> Russian text


def _rule(params: Params) -> str:
    action = RULE_ACTIONS.get(params["rule"])
    amount = amount_in_units(int(params["amount"]), params["unit"])
    basis = legal_basis(params["legal_basis"])
    confidence = CONFIDENCE.get(params["confidence"], params["confidence"])
    what = f"{action}, {amount}" if action else amount
    return (
        f"Правило {params['rule']} (версия {params['version']}): {what} "
        f"({basis}; достоверность: {confidence})"
    )


def _act_named(params: Params) -> str | None:
    """The act a trigger names, in the genitive («постановления D1», «решения по жалобе на решение D1»), or
    None when it names none. ``act``: decision, complaint_decision or return_ruling; ``ref`` when known."""
    koap = params.get("procedure") == "koap"
    # KoAP acts are resolutions (постановление); a «решение» is the decision on the complaint (KoAP 30.7).
    act, act_of = ("постановление", "постановления") if koap else ("решение", "решения")
    ref = params.get("ref")
    if not ref:  # a register inclusion's later levels: the act is not named (as before issue 15)
        return None
    kind = params.get("act")
    if kind == "return_ruling":
        return f"определения о возвращении жалобы на {act} {ref}"
    if kind == "complaint_decision":
        return f"решения по жалобе на {act} {ref}"
    if kind == "decision":
        return f"{act_of} {ref}"
    return None


def _nominative(subject: str) -> str:
    for genitive, nominative in (("определения", "определение"), ("постановления", "постановление")):
        subject = subject.replace(genitive, nominative, 1)
    return subject.replace("решения", "решение", 1)


def _what_triggered(params: Params) -> str:
    """The trigger in words: which act and what happened to it (``source``, ``moment``)."""
    day = ru_day(params["trigger_on"])
    source = params.get("source")
    moment = params.get("moment")
    named = _act_named(params)
    koap = params.get("procedure") == "koap"
    subject = named or ("постановления" if koap else "решения")
    if source == "entry_into_force" and params.get("ref"):
        return f"вступление постановления {params['ref']} в законную силу (ориентировочно): {day}"
    if source == "final_form_on":
        return f"изготовление {subject} в окончательной форме: {day}"
    if moment == "hearing":
        return f"оглашение {subject} (дата заседания): {day}"
    if source == "bank_account_frozen":
        return f"блокировка банковского счёта {day}"
    if source == "causing_decision":
        return f"решение, послужившее основанием для включения в реестр, от {day}"
    if source == "earliest_trigger":
        return f"самая ранняя возможная дата размещения сведений: {day}"
    if moment == "detention_extension":
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
    if moment in ("placement", "placement_midnight"):
        return f"помещение в СУВСИГ {day}"
    if moment == "inclusion":
        return f"включение в реестр от {day}"
    if named:
        return f"{_nominative(named)} от {day}"
    return day


def _trigger(params: Params) -> str:
    if params.get("cycle") and params["cycle"] != "1":
        return (
            f"Начало отсчёта: помещение в СУВСИГ {ru_day(params['trigger_on'])}; проверка № "
            f"{params['cycle']} "
            f"после {params['days']} дней непрерывного содержания"
        )
    if params.get("moment") == "placement_midnight":
        return f"Начало отсчёта: помещение в СУВСИГ {ru_day(params['trigger_on'])}, с 00:00 этого дня"
    return f"Начало отсчёта: {_what_triggered(params)}"


def _trigger_estimated(params: Params) -> str:
    sources = [source for source in params["missing"].split(",") if source]
    missing = [MISSING_WORDS[source] for source in sources if source in MISSING_WORDS]
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
        f"{_what_triggered(params)}; {tail}"
    )


def _later_trigger(params: Params) -> str:
    source = SOURCE_WORDS[params["source"]]
    due = f", что дало бы {ru_date(params['due_on'])}" if params.get("due_on") else ""
    return (
        f"Срок не отсчитывается от более поздней даты {source} {ru_date(params['trigger_on'])}{due}: "
        "действует самая ранняя дата; более поздняя — только если её примет суд"
    )


def _later_period(params: Params) -> str:
    unit = UNIT_WORDS.get(params["unit"], params["unit"])
    due = f" закончился бы {ru_date(params['due_on'])}" if params.get("due_on") else ""
    return (
        f"Срок неясен: считается более короткий вариант; более длинный — {params['amount']} {unit} "
        f"({legal_basis(params['basis'])}) —{due}. Проверьте с юристом"
    )


def _regional_day_off(params: Params) -> str:
    return (
        f"Региональный нерабочий день в регионе органа ({params['region']}) перенёс бы окончание срока на "
        f"{ru_date(params['due_on'])}; продлевает ли он федеральный срок, не установлено, поэтому показана "
        f"федеральная дата {ru_date(params['federal_due_on'])} — проверьте"
    )


def _zone_assumed(params: Params) -> str:
    return (
        f"Часовой пояс суда или органа не записан: взята самая ранняя полночь из {params['candidates']} "
        f"({params['timezone']}). Запишите часовой пояс суда или органа."
    )


def _filing_returned(params: Params) -> str:
    return (
        f"Жалоба (заявление) от {ru_date(params['filed_on'])} возвращена {ru_date(params['returned_on'])}: "
        "возвращённая жалоба считается неподанной"
    )


def _filing_elsewhere(params: Params) -> str:
    return (
        f"Жалоба вышестоящему должностному лицу подана {ru_date(params['filed_on'])}: она не останавливает "
        "этот срок, он продолжает течь — соблюсти его можно только подачей в суд"
    )


def _hours_limit(params: Params) -> str:
    return (
        f"{params['hours']} часов с 00:00 дня помещения ({params['timezone']}) = {ru_utc(params['due_at'])}"
    )


def _detention_term(params: Params) -> str:
    extensions = int(params.get("extensions", "0"))
    after = f" (после продления: {extensions})" if extensions else ""
    return f"Срок содержания, установленный судом: до {ru_day(params['term_until'])}{after}"


def _period_start(params: Params) -> str:
    return f"Течение срока начинается на следующий день после начала отсчёта: {ru_day(params['start_on'])}"


def _last_day_label(params: Params) -> str:
    """koap_days: "День 10"; kas_months (``after``, the trigger): "3 месяца после 27.02.2025"."""
    n = int(params["n"])
    if params.get("after"):
        return f"{n} {plural(n, 'месяц', 'месяца', 'месяцев')} после {ru_date(params['after'])}"
    return f"День {n}"


def _last_day_working(params: Params) -> str:
    return f"{_last_day_label(params)} = {ru_day(params['day'])}, рабочий день"


def _last_day_rolled_forward(params: Params) -> str:
    return (
        f"{_last_day_label(params)} = {ru_day(params['day'])}, нерабочий день → "
        f"следующий рабочий день {ru_day(params['next_working_day'])}"
    )


def _nth_working_day(params: Params) -> str:
    return (
        f"Нерабочие дни не считаются (пропущено: {params['skipped']}): "
        f"{params['n']}-й рабочий день = {ru_day(params['day'])}"
    )


def _month_has_no_such_day(params: Params) -> str:
    month_end = date.fromisoformat(params["month_end"])
    return (
        f"В {MONTHS_IN[month_end.month - 1]} {month_end.year} г. нет {params['day_of_month']}-го числа → "
        f"последний день месяца: {ru_day(month_end)}"
    )


def _calendar_day(params: Params) -> str:
    return f"День {params['n']} в календарных днях (без переноса) = {ru_day(params['day'])}"


def _due_on(params: Params) -> str:
    return f"Последний день срока: {ru_day(params['due_on'])}; подать нужно до 24:00"


def _cutoff(params: Params) -> str:
    zone = params["timezone"]
    local_cutoff = instant(params["local_cutoff"])
    moscow_cutoff = instant(params["moscow_cutoff"])
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


def _order_served(params: Params) -> str:
    appear_by = instant(params["appear_by"])
    return (
        f"Требование о явке вручено {ru_day(params['served_on'])}: явиться до "
        f"{appear_by:%d.%m.%Y %H:%M} ({offset(appear_by)}) = "
        f"{appear_by.astimezone(MOSCOW):%d.%m.%Y %H:%M} по московскому времени"
    )


def _as_of(params: Params) -> str:
    return f" (по состоянию на {ru_day(params['as_of'])})" if params.get("as_of") else ""


def _status_open(params: Params) -> str:
    filing = FILINGS.get(params.get("rule", ""), ("жалоба не подана", "жалобу"))[0]
    reason = params.get("reason")
    if reason == "no_appeal":
        rest = ": " + filing.replace(" не подана", " пока не записана").replace(
            " не подано", " пока не записано"
        )
    elif reason == "no_filing_in_time":
        rest = ": подачи, которая его соблюдает, пока нет"
    elif reason == "no_court_decision":
        rest = ": решение суда не записано"
    else:
        rest = ""
    return f"Срок ещё не истёк{_as_of(params)}{rest}"


def _status_met(params: Params) -> str:
    if "filed_on" in params:
        return f"Срок соблюдён: жалоба подана {ru_date(params['filed_on'])}"
    if "departed_on" in params:
        return f"Срок соблюдён: клиент выехал из России {ru_date(params['departed_on'])}"
    if "court_decision_on" in params:
        return f"Срок соблюдён: решение суда о помещении записано {ru_date(params['court_decision_on'])}"
    return "Срок соблюдён"


def _status_attended(params: Params) -> str:
    return "Срок соблюдён: явка клиента записана"


def _status_unconfirmed(params: Params) -> str:
    return (
        "Время явки прошло — подтвердите явку: ни явка, ни неисполнение обязанности не записаны. "
        "Запишите, явился ли клиент."
    )


def _missed_appeal(params: Params) -> str:
    basis = params["restore_basis"]
    not_filed, appeal = FILINGS.get(params.get("rule", ""), ("жалоба не подана", appeal_for(basis)))
    by = f"по {ru_date(params['due_on'])} включительно " if params.get("due_on") else ""
    return (
        f"Срок пропущен{_as_of(params)}: {by}{not_filed}. Это не окончательно: подайте {appeal} "
        f"вместе с ходатайством о восстановлении пропущенного срока ({legal_basis(basis)}), "
        "указав уважительные причины пропуска."
    )


def _missed_without_court(params: Params) -> str:
    court = params.get("court_decision_on")
    hour = f" (записано решение суда от {ru_date(court)}: проверьте час)" if court else ""
    return (
        f"Срок пропущен{_as_of(params)}{hour}. Решение суда в течение 48 часов не записано: у содержания "
        "нет законного основания — требуйте освобождения и обжалуйте в суд и прокуратуру немедленно."
    )


# Why a deadline was missed (``reason``), after «Срок пропущен (по состоянию на …)».
_MISSED: Mapping[str, Callable[[Params], str]] = {
    "departure_passed": lambda p: (
        f"Срок пропущен{_as_of(p)}. Срок выезда истёк: клиенту грозят принудительное выдворение и СУВСИГ."
    ),
    "execution_limit_reached": lambda p: (
        f"Срок наступил{_as_of(p)}. Прошло два года со дня вступления постановления в законную силу: "
        "проверьте, может ли оно ещё быть исполнено (ст. 31.9 КоАП РФ)."
    ),
    "no_court_decision": _missed_without_court,
    "term_passed": lambda p: (
        f"Срок пропущен{_as_of(p)}. Срок, установленный судом, истёк, продление не записано: "
        "требуйте освобождения немедленно."
    ),
    "released_after_term": lambda p: (
        f"Срок пропущен: клиент освобождён {ru_date(p['released_on'])}, после окончания срока"
    ),
    "obligation_breach": lambda p: (
        f"Срок пропущен: {ru_date(p['breach_on'])}, после этого требования, записано неисполнение "
        "обязанности. Повторное неисполнение влечёт депортацию; задокументируйте уважительные причины неявки."
    ),
    "review_overdue": lambda p: (
        f"Срок истёк{_as_of(p)}. Содержание в СУВСИГ длится более 90 дней: "
        "проверьте законность дальнейшего содержания уже сейчас."
    ),
}


def _status_missed(params: Params) -> str:
    if "restore_basis" in params:
        return _missed_appeal(params)
    reason = _MISSED.get(params.get("reason", ""))
    return reason(params) if reason else f"Срок пропущен{_as_of(params)}"


# Why a deadline was cancelled (``reason``, its day ``reason_on``; casework.domain.deadline_building.Reason).
_CANCELLED_BECAUSE: Mapping[str, Callable[[Params], str]] = {
    "decision_retracted": lambda p: "решение отозвано",
    "inclusion_retracted": lambda p: "запись о включении в реестр отозвана",
    "order_retracted": lambda p: "требование о явке отозвано",
    "excluded": lambda p: f"клиент исключён из реестра {ru_date(p['reason_on'])}",
    "released": lambda p: f"клиент освобождён {ru_date(p['reason_on'])}",
    "departed": lambda p: f"клиент выехал из России {ru_date(p['reason_on'])}",
}


def _status_cancelled(params: Params) -> str:
    reason = _CANCELLED_BECAUSE.get(params.get("reason", ""))
    return f"Срок отменён: {reason(params)}" if reason else "Срок отменён"


RENDERERS: Mapping[str, Callable[[Params], str]] = {
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


# Sources that name an act or a moment: a trigger step from them without "act" or "moment" was stored before
# the domain gave them, and is shown in English rather than half-said.
_NAMING_SOURCES = ("occurred_on", "copy_received_on", "learned_on", "decision_served", "final_form_on")


def _complete(key: str, params: Params) -> bool:
    """Whether ``params`` carry everything the sentence for ``key`` says (a stored step may predate them)."""
    if key in ("trigger", "trigger_estimated") and params.get("source") in _NAMING_SOURCES:
        return "act" in params or "moment" in params
    if key in ("last_day_working", "last_day_rolled_forward"):
        return "unit" in params
    if key == "status_open":
        return "as_of" in params
    if key == "status_missed":
        return "as_of" in params or "reason" in params
    if key == "status_cancelled":
        return "reason" in params
    return True


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
    if render is None or not _complete(key, params):
        return text
    try:
        return render(params)
    except (KeyError, ValueError, TypeError):
        return text
