# ruff: noqa: E501 — the templates' Russian text reads best one sentence a string
"""The builder of the draft templates: python-docx writes casework/drafts/docx/<id>.v<version>.docx.

The text of every template is here, in Python, so that a change to a court document is a reviewable diff;
the DOCX files are committed beside it (``make drafts`` or ``manage.py drafts_build`` rewrites them). The
placeholders are docxtpl's Jinja: ``{{ variable }}`` inside a paragraph, ``{%p ... %}`` alone in a paragraph
for a condition or a loop over paragraphs. The variables are those of casework/drafts/context.py
(docs/drafts.md lists them). Layout: the Russian procedural form — Times New Roman 14 pt, the addressee and the
parties in a block at the top right, the title centred, the body justified with a first-line indent, the
requests after «ПРОШУ:», the attachments after «Приложение:», the date and the signature line last.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from pathlib import Path

from docx import Document  # type: ignore[import-untyped]
from docx.enum.text import WD_ALIGN_PARAGRAPH  # type: ignore[import-untyped]
from docx.oxml.ns import qn  # type: ignore[import-untyped]
from docx.shared import Cm, Pt  # type: ignore[import-untyped]

from casework.drafts.templates import TEMPLATES, DraftTemplate

FONT = "Times New Roman"
BUILT = datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)  # fixed: a rebuild changes only what changed


class Writer:
    def __init__(self, template: DraftTemplate) -> None:
        self.template = template
        self.document = Document()
        section = self.document.sections[0]
        section.page_height, section.page_width = Cm(29.7), Cm(21)
        section.left_margin, section.right_margin = Cm(3), Cm(1.5)
        section.top_margin, section.bottom_margin = Cm(2), Cm(2)
        style = self.document.styles["Normal"]
        style.font.name = FONT
        style.font.size = Pt(14)
        style.element.rPr.rFonts.set(qn("w:eastAsia"), FONT)
        style.paragraph_format.space_after = Pt(0)
        style.paragraph_format.line_spacing = 1.0
        properties = self.document.core_properties
        properties.title = template.title
        properties.subject = template.legal_basis
        properties.keywords = f"casework-draft {template.id} v{template.version}"
        properties.comments = f"Правовое основание: {template.legal_basis}"
        properties.author = "casework"
        properties.created = properties.modified = BUILT
        properties.last_modified_by = "casework"
        properties.revision = template.version

    def _paragraph(
        self,
        text: str,
        *,
        align=None,
        indent: float = 0,
        first: float = 0,
        bold: bool = False,
        before: float = 0,
    ) -> None:
        paragraph = self.document.add_paragraph()
        if align is not None:
            paragraph.alignment = align
        if indent:
            paragraph.paragraph_format.left_indent = Cm(indent)
        if first:
            paragraph.paragraph_format.first_line_indent = Cm(first)
        if before:
            paragraph.paragraph_format.space_before = Pt(before)
        run = paragraph.add_run(text)
        run.bold = bold

    def tag(self, text: str) -> None:
        """A docxtpl paragraph tag ({%p ... %}): the paragraph is removed when rendered."""
        self._paragraph(text)

    def head(self, text: str, *, bold: bool = False) -> None:
        """A line of the block at the top right."""
        self._paragraph(text, indent=8.5, bold=bold)

    def head_lines(self, variable: str) -> None:
        self.tag(f"{{%p for line in {variable} %}}")
        self.head("{{ line }}")
        self.tag("{%p endfor %}")

    def title(self, *lines: str) -> None:
        self._paragraph(lines[0], align=WD_ALIGN_PARAGRAPH.CENTER, bold=True, before=18)
        for line in lines[1:]:
            self._paragraph(line, align=WD_ALIGN_PARAGRAPH.CENTER, bold=True)
        self.blank()

    def body(self, text: str) -> None:
        self._paragraph(text, align=WD_ALIGN_PARAGRAPH.JUSTIFY, first=1.25)

    def body_lines(self, variable: str) -> None:
        self.tag(f"{{%p for paragraph in {variable} %}}")
        self.body("{{ paragraph }}")
        self.tag("{%p endfor %}")

    def label(self, text: str) -> None:
        self._paragraph(text, bold=True, before=6)

    def blank(self) -> None:
        self._paragraph("")

    def items(self, lines: Iterable[str]) -> None:
        for line in lines:
            self._paragraph(line, align=WD_ALIGN_PARAGRAPH.JUSTIFY, first=1.25)

    def attachments(self, fixed: Iterable[tuple[str | None, str]] = ()) -> None:
        """«Приложение:», the fixed items (each under its condition, or always), then the case file's."""
        self.label("Приложение:")
        self.tag("{%p set counter = namespace(n=0) %}")
        for condition, line in fixed:
            if condition:
                self.tag(f"{{%p if {condition} %}}")
            self.tag("{%p set counter.n = counter.n + 1 %}")
            self.items([f"{{{{ counter.n }}}}. {line}"])
            if condition:
                self.tag("{%p endif %}")
        self.tag("{%p for item in attachments %}")
        self.tag("{%p set counter.n = counter.n + 1 %}")
        self.items(["{{ counter.n }}. {{ item }}."])
        self.tag("{%p endfor %}")

    def signature(self) -> None:
        self.blank()
        self._paragraph("{{ today }}", before=12)
        self._paragraph("_______________ / {{ signer }} /", align=WD_ALIGN_PARAGRAPH.RIGHT)
        self._paragraph("(подпись)", indent=10)

    def annex(self) -> None:
        """The computation of the deadline, for the lawyer and not for filing (context.annex)."""
        self.tag("{%p if annex %}")
        self._paragraph("Справка для юриста (не подаётся)", bold=True, before=24)
        self.body(
            "Срок рассчитан casework по данным дела на {{ deadline.as_of }} (сведения на {{ deadline.known_at }}):"
        )
        self.tag("{%p for step in deadline.steps %}")
        self.items(["— {{ step }}"])
        self.tag("{%p endfor %}")
        self.tag("{%p endif %}")

    def applicant(self, role: str) -> None:
        self.head(f"{role}:", bold=True)
        self.head("{{ applicant.full_name }}, {{ applicant.date_of_birth }} года рождения,")
        self.head("гражданство: {{ applicant.citizenship }},")
        self.tag("{%p if applicant.document_number %}")
        self.head("документ, удостоверяющий личность: {{ applicant.document_number }},")
        self.tag("{%p endif %}")
        self.tag("{%p if applicant_address %}")
        self.head("адрес для корреспонденции:")
        self.head_lines("applicant_address")
        self.tag("{%p endif %}")
        self.representative()

    def representative(self) -> None:
        self.tag("{%p if representative %}")
        self.head("Представитель:", bold=True)
        self.head_lines("representative")
        self.tag("{%p endif %}")

    def decision_line(self) -> str:
        return "{{ decision.issued_on }} {{ authority }}"

    def save(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.document.save(str(path))


NUMBER = "{% if decision.number %} № {{ decision.number }}{% endif %}"


def complaint(w: Writer) -> None:
    w.head("В", bold=True)
    w.head_lines("addressee")
    w.head("(через судью, орган или должностное лицо, вынесшие постановление, — ч. 1 ст. 30.2 КоАП РФ)")
    w.blank()
    w.applicant("Лицо, в отношении которого вынесено постановление")
    w.title(
        "ЖАЛОБА",
        "на постановление по делу об административном правонарушении",
        "от {{ decision.issued_on }}" + NUMBER,
    )
    w.body(
        "{{ decision.issued_on }} {{ authority }} вынесено постановление" + NUMBER + " по делу об "
        "административном правонарушении, которым заявителю назначено административное "
        "наказание, включающее административное выдворение за пределы Российской Федерации (далее — "
        "постановление)."
    )
    w.tag("{%p if decision.copy_received_on %}")
    w.body("Копия постановления получена {{ decision.copy_received_on }}.")
    w.tag("{%p endif %}")
    w.tag("{%p if decision.served_on %}")
    w.body("Постановление вручено {{ decision.served_on }}.")
    w.tag("{%p endif %}")
    w.tag("{%p if deadline.missed %}")
    w.body(
        "Срок обжалования, установленный ч. 1 ст. 30.3 КоАП РФ (десять суток со дня вручения или получения "
        "копии постановления), исчисляется с {{ deadline.trigger_on }} и истёк {{ deadline.due_on }}. "
        "Срок пропущен по уважительным причинам; ходатайство о восстановлении пропущенного срока "
        "обжалования (ч. 2 ст. 30.3 КоАП РФ) прилагается к настоящей жалобе."
    )
    w.tag("{%p else %}")
    w.body(
        "Срок обжалования, установленный ч. 1 ст. 30.3 КоАП РФ (десять суток со дня вручения или получения "
        "копии постановления), не пропущен: он исчисляется с {{ deadline.trigger_on }}, последний день "
        "срока — {{ deadline.due_on }}."
    )
    w.tag("{%p endif %}")
    w.body_lines("facts")
    w.body("С постановлением {{ applicant.disagrees }} по следующим основаниям.")
    w.body_lines("arguments")
    w.body("На основании изложенного, руководствуясь ст. 30.1–30.3, 30.6, 30.7 КоАП РФ,")
    w.label("ПРОШУ:")
    w.tag("{%p if deadline.missed %}")
    w.items(["— восстановить срок обжалования постановления;"])
    w.tag("{%p endif %}")
    w.items(
        [
            "— отменить постановление от {{ decision.issued_on }}" + NUMBER + " и прекратить производство по "
            "делу;",
            "— в случае, если оснований для прекращения производства по делу не будет установлено, изменить "
            "постановление, исключив из него назначение административного выдворения за пределы Российской "
            "Федерации;",
            "— рассмотреть жалобу с участием лица, в отношении которого вынесено постановление, и его "
            "представителя, обеспечив участие переводчика при необходимости (ст. 24.2, 25.10 КоАП РФ).",
        ]
    )
    w.attachments(
        [
            ("deadline.missed", "Ходатайство о восстановлении пропущенного срока обжалования."),
            (None, "Копия обжалуемого постановления."),
            ("representative", "Копия документа, подтверждающего полномочия представителя."),
        ]
    )
    w.signature()
    w.annex()


def petition(w: Writer) -> None:
    w.head("В", bold=True)
    w.head_lines("addressee")
    w.blank()
    w.applicant("Заявитель")
    w.title("ХОДАТАЙСТВО", "о восстановлении пропущенного процессуального срока")
    w.body(
        "{{ decision.issued_on }} {{ authority }} вынесено (принято) {{ decision.kind_phrase }}"
        + NUMBER
        + "."
    )
    w.body(
        "Срок на {{ deadline.action_phrase }} составляет {{ deadline.period }}; основание — {{ deadline.legal_basis }}. "
        "Он исчисляется с {{ deadline.trigger_on }} ({{ deadline.trigger_phrase }}); последним днём срока "
        "было {{ deadline.due_on }}."
    )
    w.body("Срок пропущен по уважительным причинам:")
    w.body_lines("delay_reasons")
    w.body(
        "В соответствии с {{ deadline.restore_basis }} срок, пропущенный по уважительной причине, может быть "
        "восстановлен по ходатайству лица, подающего {{ deadline.document_phrase }}. Доказательства "
        "уважительности причин пропуска срока прилагаются."
    )
    w.body("На основании изложенного, руководствуясь {{ deadline.restore_basis }},")
    w.label("ПРОШУ:")
    w.items(
        [
            "восстановить пропущенный срок на {{ deadline.action_phrase }} ({{ decision.kind_phrase }} от "
            "{{ decision.issued_on }}" + NUMBER + ")."
        ]
    )
    w.attachments([(None, "{{ deadline.document_title }}.")])
    w.signature()
    w.annex()


def claim(w: Writer) -> None:
    w.head("В", bold=True)
    w.head_lines("addressee")
    w.blank()
    w.applicant("Административный истец")
    w.head("Административный ответчик:", bold=True)
    w.head_lines("defendant")
    w.head("Государственная пошлина: согласно подп. 7 п. 1 ст. 333.19 НК РФ")
    w.title(
        "АДМИНИСТРАТИВНОЕ ИСКОВОЕ ЗАЯВЛЕНИЕ",
        "о признании незаконным решения органа государственной власти",
        "({{ decision.kind_phrase }})",
    )
    w.body(
        "{{ decision.issued_on }} административным ответчиком принято {{ decision.kind_phrase }}"
        + NUMBER
        + " "
        "в отношении административного истца (далее — оспариваемое решение)."
    )
    w.body(
        "О принятии оспариваемого решения административному истцу стало известно {{ deadline.trigger_on }}."
    )
    w.body_lines("facts")
    w.body(
        "Оспариваемое решение нарушает права, свободы и законные интересы административного истца и не "
        "соответствует закону по следующим основаниям."
    )
    w.body_lines("arguments")
    w.body(
        "Сведения о подаче жалобы в вышестоящий в порядке подчинённости орган: {{ decision.superior_complaint }}."
    )
    w.tag("{%p if deadline.missed %}")
    w.body(
        "Срок обращения в суд, установленный ч. 1 ст. 219 КАС РФ (три месяца со дня, когда административному "
        "истцу стало известно о нарушении его прав), исчисляется с {{ deadline.trigger_on }} и истёк "
        "{{ deadline.due_on }}. Срок пропущен по уважительным причинам; ходатайство о его восстановлении "
        "(ч. 7 ст. 219 КАС РФ) прилагается."
    )
    w.tag("{%p else %}")
    w.body(
        "Срок обращения в суд, установленный ч. 1 ст. 219 КАС РФ (три месяца со дня, когда административному "
        "истцу стало известно о нарушении его прав), не пропущен: он исчисляется с {{ deadline.trigger_on }}, "
        "последний день срока — {{ deadline.due_on }}."
    )
    w.tag("{%p endif %}")
    w.tag("{%p if deadline.estimated %}")
    w.body(
        "Дата, с которой исчисляется срок, установлена по имеющимся у административного истца сведениям; "
        "точная дата подлежит проверке по материалам, истребованным у административного ответчика."
    )
    w.tag("{%p endif %}")
    w.body("На основании изложенного, руководствуясь ст. 124–126, 218–220 КАС РФ,")
    w.label("ПРОШУ:")
    w.tag("{%p if deadline.missed %}")
    w.items(["— восстановить срок обращения в суд;"])
    w.tag("{%p endif %}")
    w.items(
        [
            "— признать незаконным {{ decision.kind_phrase }} от {{ decision.issued_on }}" + NUMBER + ";",
            "— обязать административного ответчика устранить нарушение прав, свобод и законных интересов "
            "административного истца;",
            "— истребовать у административного ответчика материалы, послужившие основанием для принятия "
            "оспариваемого решения (ч. 3 ст. 63 КАС РФ).",
        ]
    )
    w.attachments(
        [
            ("deadline.missed", "Ходатайство о восстановлении пропущенного срока обращения в суд."),
            (None, "Документ об уплате государственной пошлины."),
            (
                None,
                "Уведомление о вручении или иной документ, подтверждающий направление административному "
                "ответчику копии административного искового заявления и приложенных документов.",
            ),
            (
                "representative",
                "Доверенность и копия документа о высшем юридическом образовании представителя.",
            ),
        ]
    )
    w.signature()
    w.annex()


def request(w: Writer) -> None:
    w.head("В", bold=True)
    w.head_lines("addressee")
    w.blank()
    w.applicant("Заявитель")
    w.title("ЗАПРОС", "о предоставлении сведений о включении в реестр контролируемых лиц")
    w.body(
        "{{ applicant.full_name }}, {{ applicant.date_of_birth }} года рождения, гражданство: "
        "{{ applicant.citizenship }}, {{ applicant.included }} в реестр контролируемых лиц (ст. 31.1 Федерального "
        "закона от 25.07.2002 № 115-ФЗ «О правовом положении иностранных граждан в Российской Федерации»)"
        "{% if register.since %}; сведения о включении известны не позднее чем с {{ register.since }}{% endif %}."
    )
    w.body(
        "Дата размещения сведений о включении на официальном сайте МВД России, с которой исчисляется срок "
        "обжалования решения о включении в реестр, заявителю неизвестна. Решение о включении в реестр "
        "заявителю не вручалось."
    )
    w.body(
        "На основании ст. 24 Конституции Российской Федерации, ст. 2, 5 и 12 Федерального закона от 02.05.2006 "
        "№ 59-ФЗ «О порядке рассмотрения обращений граждан Российской Федерации»"
    )
    w.label("ПРОШУ:")
    w.items(
        [
            "1. Сообщить дату включения заявителя в реестр контролируемых лиц и основание включения.",
            "2. Сообщить, каким решением (орган, дата, номер) заявитель включён в реестр, и выдать (направить) "
            "его копию.",
            "3. Сообщить дату размещения сведений о включении заявителя в реестр на официальном сайте МВД России.",
            "4. Ответ направить в письменной форме{% if applicant_address %} по адресу для корреспонденции, "
            "указанному выше{% endif %}, в срок, установленный ст. 12 Федерального закона № 59-ФЗ.",
        ]
    )
    w.attachments([("representative", "Копия документа, подтверждающего полномочия представителя.")])
    w.signature()


BUILDERS: dict[str, Callable[[Writer], None]] = {
    "koap_expulsion_complaint": complaint,
    "restoration_petition": petition,
    "kas_claim": claim,
    "mvd_information_request": request,
}


def build(template: DraftTemplate, path: Path | None = None) -> Path:
    writer = Writer(template)
    BUILDERS[template.id](writer)
    target = path or template.path
    writer.save(target)
    return target


def build_all() -> list[Path]:
    return [build(template) for template in TEMPLATES.values()]
