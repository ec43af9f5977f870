"""The next step after a missed deadline (``Deadline.next_step``) in the reader's language."""

from __future__ import annotations

from functools import cache

from casework.domain import next_steps as english
from casework.domain.rules import RuleBook
from casework.wording.citations import legal_basis
from casework.wording.language import is_russian


def appeal_for(basis: str) -> str:
    """What to file with a restoration petition: KoAP a complaint; KAS 219 ч.7 a claim in court; KAS 95 (a
    procedural period such as an appeal) a complaint."""
    if basis == "KAS RF art. 219 part 7":
        return "административное исковое заявление в суд"
    return "жалобу"


@cache
def _restore_bases() -> dict[str, str]:
    """The restoration next step of each rule (the domain's template and the rule's basis) -> that basis."""
    bases = {rule.restore_basis for rule in RuleBook.official().rules if rule.restore_basis}
    return {english.RESTORE_PERIOD.format(basis=basis): basis for basis in bases}


# By the domain's constant (casework/domain/next_steps.py): the English is never spelled out here.
NEXT_STEPS = {
    english.FILE_AGAIN: (
        "Жалоба (заявление) возвращена и считается неподанной: подайте её повторно сейчас, до окончания "
        "срока."
    ),
    english.COMPLAINT_PENDING: (
        "Жалоба ещё рассматривается, но срок для обращения в суд продолжает течь: подайте административное "
        "исковое заявление в суд вовремя."
    ),
    english.CONFIRM_ATTENDANCE: "Подтвердите, явился ли клиент: запишите явку или неисполнение обязанности.",
    english.DEPARTURE_PASSED: (
        "Срок выезда истёк: клиенту грозят принудительное выдворение и помещение в СУВСИГ."
    ),
    english.EXECUTION_LIMIT_REACHED: (
        "Прошло два года со дня вступления постановления в законную силу: проверьте, может ли оно ещё быть "
        "исполнено (ст. 31.9 КоАП РФ)."
    ),
    english.NO_COURT_DECISION: (
        "Решение суда в течение 48 часов не записано: у содержания нет законного основания — требуйте "
        "освобождения и обжалуйте в суд и прокуратуру немедленно."
    ),
    english.TERM_PASSED: (
        "Срок, установленный судом, истёк, продление не записано: требуйте освобождения немедленно."
    ),
    english.REVIEW_OVERDUE: (
        "Содержание в СУВСИГ длится более 90 дней: проверьте законность дальнейшего содержания уже сейчас."
    ),
}


def next_step_text(text: str | None, language: str | None = None) -> str:
    """The next step after a missed deadline (``Deadline.next_step``) in ``language``."""
    if not text or not is_russian(language):
        return text or ""
    basis = _restore_bases().get(text)
    if basis is not None:
        return (
            f"Срок истёк, но это не окончательно: подайте {appeal_for(basis)} вместе с ходатайством "
            f"о восстановлении пропущенного срока ({legal_basis(basis)}), "
            "указав уважительные причины пропуска."
        )
    return NEXT_STEPS.get(text, text)
