"""Case warnings (``CaseWarning(code, message, subject, params)``) in the reader's language, by code."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from casework.wording.citations import legal_basis
from casework.wording.dates import plural, ru_date
from casework.wording.language import is_russian
from casework.wording.rules import MISSING_WORDS

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
    # Our own keys (casework.domain.appeal_deadlines): <kind>:<ref>[:<level>][:return:<level>].
    parts = subject.split(":")
    numbered = len(parts) >= 3 and parts[-1].isdigit() and all(parts[1:-1])
    if numbered and len(parts) >= 4 and parts[0] in ("appeal", "register") and parts[-2] == "return":
        return "срок обжалования определения о возвращении жалобы"
    if numbered and parts[0] == "appeal":
        return f"срок обжалования решения по жалобе на решение {':'.join(parts[1:-1])}"
    if numbered and parts[0] == "register" and len(parts) == 3:
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


def _missing(sources: str) -> str:
    return " или ".join(MISSING_WORDS[source] for source in sources.split(","))


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
        f"{_missing(p['sources'])}, поэтому он отсчитывается от {ru_date(p['counted_from'])} — самой ранней "
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
