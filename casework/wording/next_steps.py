"""The next step after a missed deadline (``Deadline.next_step``) in the reader's language."""

from __future__ import annotations

from functools import cache

from casework.domain.deadline_building import RESTORE_NEXT_STEP
from casework.domain.rules import RuleBook
from casework.wording.citations import legal_basis
from casework.wording.language import is_russian

_DETENTION_NEXT_STEP = (
    "Detention has lasted beyond 90 days: review the lawfulness of continued detention now."
)


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
    return {RESTORE_NEXT_STEP.format(basis=basis): basis for basis in bases}


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
    basis = _restore_bases().get(text)
    if basis is not None:
        return (
            f"Срок истёк, но это не окончательно: подайте {appeal_for(basis)} вместе с ходатайством "
            f"о восстановлении пропущенного срока ({legal_basis(basis)}), "
            "указав уважительные причины пропуска."
        )
    if text == _DETENTION_NEXT_STEP:
        return (
            "Содержание в СУВСИГ длится более 90 дней: "
            "проверьте законность дальнейшего содержания уже сейчас."
        )
    return NEXT_STEPS.get(text, text)
