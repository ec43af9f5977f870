"""The registry of the draft templates: what each one is, which deadlines it fits, what it asks for.

A template fits a deadline by the deadline's rule and status alone (the derived state), so the selector can
list the drafts of a case without opening any personal data. The free fields are what the case does not know
(the court's name, the facts and arguments in the lawyer's words, the reasons for a delay); everything else
comes from the case (casework/drafts/context.py).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from casework.domain import Deadline
from casework.domain.state import MISSED, OPEN

DOCX_DIR = Path(__file__).resolve().parent / "docx"

KOAP_EXPULSION_APPEAL = "koap_expulsion_appeal"
KAS_REGISTER_INCLUSION = "kas_register_inclusion"
KAS_RULES = frozenset(
    {
        "kas_deportation",
        "kas_entry_ban",
        "kas_undesirability",
        "kas_permit_annulment",
        "kas_stay_reduction",
        KAS_REGISTER_INCLUSION,
    }
)
# The rules whose missed period a court may restore, and on which basis (LEGAL-RULES.md §3).
RESTORABLE_RULES = frozenset({KOAP_EXPULSION_APPEAL, *KAS_RULES})
MAX_FIELD = 20000
StrOrPromise = str | Promise


@dataclass(frozen=True)
class DraftField:
    name: str
    label: StrOrPromise
    help: StrOrPromise = ""
    required: bool = False
    multiline: bool = False


@dataclass(frozen=True)
class DraftTemplate:
    id: str
    version: int
    title: str  # Russian: the document's own title, shown as it will be filed
    legal_basis: str  # Russian citation, kept in the DOCX's metadata (core properties) too
    fields: tuple[DraftField, ...]
    fits: Callable[[Deadline], bool]
    short_title: str = ""  # Russian, for the stored file's name

    @property
    def path(self) -> Path:
        return DOCX_DIR / f"{self.id}.v{self.version}.docx"

    @property
    def required_fields(self) -> tuple[str, ...]:
        return tuple(field.name for field in self.fields if field.required)

    def missing(self, fields: Mapping[str, str]) -> list[str]:
        """The required free fields left empty, in the template's order."""
        return [name for name in self.required_fields if not str(fields.get(name) or "").strip()]


def _addressee(required: bool = True) -> DraftField:
    return DraftField(
        "addressee",
        _("To (court or official)"),
        _("The court or official the document is addressed to, with the address, as it should read."),
        required=required,
        multiline=True,
    )


_AUTHORITY = DraftField(
    "authority",
    _("Who issued the decision"),
    _("The court, judge or MVD official who issued it, as named in the decision."),
    required=True,
)
_NUMBER = DraftField(
    "decision_number",
    _("Decision number"),
    _("Only if the case does not record the official number, or it should read differently."),
)
_REPRESENTATIVE = DraftField(
    "representative",
    _("Representative"),
    _("Name, address and the power of attorney of the representative, if one files it."),
    multiline=True,
)
_APPLICANT_ADDRESS = DraftField(
    "applicant_address",
    _("Applicant's address for correspondence"),
    _("Where the court or authority should send its answer."),
    multiline=True,
)
_FACTS = DraftField(
    "facts", _("Facts"), _("What happened, in the lawyer's words."), required=True, multiline=True
)
_ARGUMENTS = DraftField(
    "arguments",
    _("Arguments"),
    _("Why the decision is unlawful: the norms, the family ties, the evidence."),
    required=True,
    multiline=True,
)
_DELAY = DraftField(
    "delay_reasons",
    _("Reasons for the delay"),
    _("Why the period was missed, and the evidence of it."),
    required=True,
    multiline=True,
)


def _complaint_fits(deadline: Deadline) -> bool:
    return deadline.rule == KOAP_EXPULSION_APPEAL and deadline.status in (OPEN, MISSED)


def _petition_fits(deadline: Deadline) -> bool:
    return deadline.rule in RESTORABLE_RULES and deadline.status == MISSED


def _claim_fits(deadline: Deadline) -> bool:
    return deadline.rule in KAS_RULES and deadline.status in (OPEN, MISSED)


def _request_fits(deadline: Deadline) -> bool:
    # The posting date the register deadline runs from is unknown: the period is estimated.
    return (
        deadline.rule == KAS_REGISTER_INCLUSION and deadline.estimated and deadline.status in (OPEN, MISSED)
    )


_TEMPLATES = (
    DraftTemplate(
        "koap_expulsion_complaint",
        1,
        "Жалоба на постановление по делу об административном правонарушении",
        "ст. 30.1–30.3 КоАП РФ",
        (_addressee(), _AUTHORITY, _NUMBER, _REPRESENTATIVE, _APPLICANT_ADDRESS, _FACTS, _ARGUMENTS),
        _complaint_fits,
        "Жалоба на постановление",
    ),
    DraftTemplate(
        "restoration_petition",
        1,
        "Ходатайство о восстановлении пропущенного процессуального срока",
        "ч. 2 ст. 30.3 КоАП РФ; ч. 7 ст. 219, ст. 95 КАС РФ",
        (_addressee(), _AUTHORITY, _NUMBER, _REPRESENTATIVE, _APPLICANT_ADDRESS, _DELAY),
        _petition_fits,
        "Ходатайство о восстановлении срока",
    ),
    DraftTemplate(
        "kas_claim",
        1,
        "Административное исковое заявление об оспаривании решения органа государственной власти",
        "гл. 22, ст. 125, 220 КАС РФ",
        (
            _addressee(),
            DraftField(
                "defendant",
                _("Administrative defendant"),
                _("The authority that took the decision, with its address."),
                required=True,
                multiline=True,
            ),
            _NUMBER,
            _REPRESENTATIVE,
            _APPLICANT_ADDRESS,
            _FACTS,
            _ARGUMENTS,
        ),
        _claim_fits,
        "Административный иск",
    ),
    DraftTemplate(
        "mvd_information_request",
        1,
        "Запрос о предоставлении сведений о включении в реестр контролируемых лиц",
        "ст. 31.1 Федерального закона от 25.07.2002 № 115-ФЗ; Федеральный закон от 02.05.2006 № 59-ФЗ",
        (
            DraftField(
                "addressee",
                _("To (MVD division)"),
                _("The MVD division the request goes to, with its address."),
                required=True,
                multiline=True,
            ),
            _REPRESENTATIVE,
            _APPLICANT_ADDRESS,
        ),
        _request_fits,
        "Запрос в МВД",
    ),
)

TEMPLATES: Mapping[str, DraftTemplate] = MappingProxyType({template.id: template for template in _TEMPLATES})


def template_get(template_id: str) -> DraftTemplate | None:
    return TEMPLATES.get(template_id)


def fitting(deadline: Deadline) -> list[DraftTemplate]:
    """The templates that fit this deadline, in the registry's order."""
    return [template for template in _TEMPLATES if template.fits(deadline)]
