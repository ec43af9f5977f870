"""The rest of the domain's English in Russian (casework/wording/): case warnings, a rule's action,
citations, the next step after a missed deadline — on the client page, the dashboard and reminder e-mails."""

from __future__ import annotations

import ast
import re
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
import time_machine
from django.template import Context, Template
from django.urls import reverse
from django.utils import translation

from casework.domain.calendar import ProductionCalendar
from casework.domain.restrictions import RESTRICTION_RULES
from casework.domain.rules import RuleBook
from casework.domain.state import CaseState, CaseWarning
from casework.models import Membership, Reminder
from casework.reminders import ledger
from casework.reminders.emails import build_message
from casework.services.events import event_record
from casework.wording.citations import legal_basis_text
from casework.wording.next_steps import next_step_text
from casework.wording.rules import rule_action
from casework.wording.warnings import WARNING_RENDERERS, warning_text
from tests.conftest import assigner, make_client
from tests.domain.conftest import OFFICIAL_RULES, Stream, status_of

DOMAIN = Path(__file__).resolve().parents[2] / "casework" / "domain"
# English words that must not survive in a Russian rendering (rule ids, refs, zones and "IANA" may).
ENGLISH = re.compile(
    r"\b(the|of|on|is|by|and|or|not|for|after|Deadline|deadline|decision|appeal|register|calendar|recorded|"
    r"client|verify|lawyer|KoAP|KAS|RF|art|part|FZ|amended|Complaint|Administrative|claim|Appeal|Legal)\b"
)
ZONE = re.compile(r"\b[A-Z][a-z]+/[A-Za-z_]+\b")
CYRILLIC = re.compile("[а-яё]", re.IGNORECASE)


def assert_russian(russian: str, english: str) -> str:
    assert russian != english, f"fell back to English: {english}"
    assert CYRILLIC.search(russian), russian
    leftover = ENGLISH.search(ZONE.sub("", russian))
    assert leftover is None, f"English {leftover.group(0)!r} left in {russian!r}"
    return russian


# ---------------------------------------------------------------------------------------------------------
# Warnings: every code the domain can build, through derive()


def domain_warning_codes() -> set[str]:
    """Every code a ``CaseWarning(...)`` in casework/domain/ is built with (a constant of that module)."""
    codes: set[str] = set()
    for path in DOMAIN.glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        constants = {
            node.targets[0].id: node.value.value
            for node in tree.body
            if isinstance(node, ast.Assign)
            and len(node.targets) == 1
            and isinstance(node.targets[0], ast.Name)
            and isinstance(node.value, ast.Constant)
            and isinstance(node.value.value, str)
        }
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Call) and getattr(node.func, "id", None) == "CaseWarning"):
                continue
            assert node.args, f"{path.name}: a CaseWarning without a positional code"
            code = node.args[0]
            if isinstance(code, ast.Constant) and isinstance(code.value, str):
                codes.add(code.value)
            elif isinstance(code, ast.Name) and code.id in constants:
                codes.add(constants[code.id])
            else:
                raise AssertionError(
                    f"{path.name}: a warning code this test cannot read: {ast.unparse(code)}"
                )
    return codes


def _without(*applies_to: str) -> RuleBook:
    return RuleBook(rule for rule in OFFICIAL_RULES.rules if rule.applies_to not in applies_to)


def _expulsion(stream: Stream, issued_on: date = date(2025, 2, 27), **data: str) -> Stream:
    stream.add("decision_issued", issued_on, decision_ref="D1", kind="administrative_expulsion", **data)
    return stream


def calendar_missing() -> list[CaseState]:
    stream = _expulsion(Stream(), date(2027, 12, 25), copy_received_on="2027-12-25")
    return [status_of(stream, date(2027, 12, 26))]


def calendar_provisional() -> list[CaseState]:
    stream = _expulsion(Stream(), date(2027, 2, 10), copy_received_on="2027-02-10")
    return [status_of(stream, date(2027, 2, 11))]


def trigger_unknown() -> list[CaseState]:
    stream = Stream()
    stream.add("register_inclusion", date(2025, 3, 3), ground="stay_expired")
    return [status_of(_expulsion(stream), date(2025, 3, 5))]


def no_deadline_rule() -> list[CaseState]:
    decision = Stream()
    decision.add("decision_issued", date(2025, 3, 3), decision_ref="D7", kind="other")
    complaint = _expulsion(Stream(), copy_received_on="2025-02-27")
    complaint.add("appeal_filed", date(2025, 3, 5), decision_ref="D1", forum="court")
    complaint.add("appeal_decided", date(2025, 4, 1), decision_ref="D1", outcome="upheld")
    order = Stream()
    order.add("order_to_appear_served", date(2025, 3, 1), appear_by="2025-03-05T10:00:00+03:00")
    detention = Stream()
    detention.add("detained", date(2025, 3, 1), basis="expulsion")
    return [
        status_of(decision, date(2025, 3, 4)),
        status_of(complaint, date(2025, 4, 2), rules=_without("complaint_decision")),
        status_of(order, date(2025, 3, 2), rules=_without("order_to_appear")),
        status_of(detention, date(2025, 3, 2), rules=_without("detention")),
    ]


def unknown_decision() -> list[CaseState]:
    stream = Stream()
    stream.add("appeal_filed", date(2025, 3, 5), decision_ref="D9", forum="court")
    stream.add("decision_served", date(2025, 3, 6), decision_ref="D8", how="delivered")
    stream.add("appeal_decided", date(2025, 3, 7), decision_ref="D7", outcome="upheld")
    return [status_of(stream, date(2025, 3, 8))]


def duplicate_decision_ref() -> list[CaseState]:
    stream = _expulsion(Stream(), copy_received_on="2025-02-27")
    stream.add("decision_issued", date(2025, 3, 1), decision_ref="D1", kind="deportation")
    return [status_of(stream, date(2025, 3, 2))]


def appeal_filed_late() -> list[CaseState]:
    koap = _expulsion(Stream(), copy_received_on="2025-02-27")
    koap.add("appeal_filed", date(2025, 3, 12), decision_ref="D1", forum="court")
    kas = Stream()
    kas.add("decision_issued", date(2025, 3, 3), decision_ref="D2", kind="entry_ban", learned_on="2025-03-03")
    kas.add("appeal_filed", date(2025, 6, 10), decision_ref="D2", forum="court")
    return [status_of(koap, date(2025, 3, 13)), status_of(kas, date(2025, 6, 11))]


def register_listed_by_check() -> list[CaseState]:
    stream = Stream()
    stream.add("register_check", date(2025, 3, 1), listed=True)
    return [status_of(stream, date(2025, 3, 2))]


def authority_zone_assumed() -> list[CaseState]:
    stream = Stream()
    stream.add(
        "decision_issued", date(2025, 3, 3), decision_ref="D1", kind="deportation", learned_on="2025-03-03"
    )
    return [status_of(stream, date(2025, 3, 4))]


def regional_day_off() -> list[CaseState]:
    stream = _expulsion(Stream(), copy_received_on="2025-02-27", authority_region="RU-TA")
    calendar = ProductionCalendar.official({"RU-TA": [date(2025, 3, 10)]})
    return [status_of(stream, date(2025, 3, 1), calendar=calendar)]


def appeal_before_decision() -> list[CaseState]:
    stream = _expulsion(Stream(), copy_received_on="2025-02-27")
    stream.add("appeal_filed", date(2025, 2, 20), decision_ref="D1", forum="court")
    return [status_of(stream, date(2025, 3, 1))]


def complaint_pending() -> list[CaseState]:
    stream = Stream()
    stream.add(
        "decision_issued", date(2025, 3, 3), decision_ref="D2", kind="entry_ban", learned_on="2025-03-03"
    )
    stream.add("appeal_filed", date(2025, 3, 10), decision_ref="D2", forum="higher_official")
    return [status_of(stream, date(2025, 3, 11))]


def appeal_returned() -> list[CaseState]:
    stream = _expulsion(Stream(), copy_received_on="2025-02-27")
    stream.add("appeal_filed", date(2025, 3, 3), decision_ref="D1", forum="court")
    stream.add("appeal_decided", date(2025, 3, 5), decision_ref="D1", outcome="returned")
    return [status_of(stream, date(2025, 3, 6))]


def cassation_only() -> list[CaseState]:
    stream = Stream()
    stream.add(
        "decision_issued", date(2025, 3, 3), decision_ref="D2", kind="deportation", learned_on="2025-03-03"
    )
    stream.add("appeal_filed", date(2025, 3, 20), decision_ref="D2", forum="court")
    stream.add("appeal_decided", date(2025, 4, 20), decision_ref="D2", outcome="upheld")
    stream.add("appeal_filed", date(2025, 5, 5), decision_ref="D2", forum="court")
    stream.add("appeal_decided", date(2025, 6, 20), decision_ref="D2", outcome="upheld")
    return [status_of(stream, date(2025, 6, 21))]


def detention_without_court() -> list[CaseState]:
    stream = Stream()
    stream.add("detained", date(2025, 3, 1), basis="deportation")
    return [status_of(stream, date(2025, 3, 2))]


def detention_term_passed() -> list[CaseState]:
    stream = Stream()
    stream.add("detained", date(2025, 3, 1), basis="expulsion", term_until="2025-04-01")
    return [status_of(stream, date(2025, 4, 5))]


def order_attendance_unconfirmed() -> list[CaseState]:
    stream = Stream()
    stream.add("order_to_appear_served", date(2025, 3, 1), appear_by="2025-03-05T10:00:00+03:00")
    return [status_of(stream, date(2025, 3, 6))]


def continuous_stay_exceeded() -> list[CaseState]:
    stream = Stream(registered_on=date(2024, 10, 1))
    stream.add("entered_russia", date(2024, 11, 1))
    return [status_of(stream, date(2025, 2, 15))]


def asylum_no_rule() -> list[CaseState]:
    stream = Stream()
    stream.add("decision_issued", date(2025, 3, 3), decision_ref="D7", kind="asylum_refusal")
    return [status_of(stream, date(2025, 3, 4))]


def check_not_listed() -> list[CaseState]:
    stream = Stream()
    stream.add("register_inclusion", date(2025, 2, 10), ground="stay_expired", posted_on="2025-02-11")
    stream.add("register_check", date(2025, 3, 1), listed=False)
    return [status_of(stream, date(2025, 3, 2))]


def frozen_while_not_listed() -> list[CaseState]:
    stream = Stream()
    stream.add("bank_account_frozen", date(2025, 3, 1))
    return [status_of(stream, date(2025, 3, 2))]


def grounds_acquired_still_listed() -> list[CaseState]:
    stream = Stream()
    stream.add("register_inclusion", date(2025, 2, 10), ground="stay_expired", posted_on="2025-02-11")
    stream.add("legal_grounds_acquired", date(2025, 3, 1), kind="patent")
    return [status_of(stream, date(2025, 3, 2))]


def repeated_obligation_breaches() -> list[CaseState]:
    stream = Stream()
    for day in (3, 4, 5, 6, 7):
        stream.add("obligation_breach", date(2025, 3, day), kind="whereabouts_not_reported")
    return [status_of(stream, date(2025, 3, 4)), status_of(stream, date(2025, 3, 8))]


def visa_free_days_exceeded() -> list[CaseState]:
    stream = Stream()
    stream.add("entered_russia", date(2025, 1, 1))
    return [status_of(stream, date(2025, 4, 1)), status_of(stream, date(2025, 4, 2))]


def invalid_timezone() -> list[CaseState]:
    stream = _expulsion(Stream(), copy_received_on="2025-02-27", authority_timezone="UTC+5")
    return [status_of(stream, date(2025, 3, 1))]


SCENARIOS: dict[str, Callable[[], list[CaseState]]] = {
    name: value for name, value in dict(globals()).items() if name in WARNING_RENDERERS
}


def warnings_of(code: str) -> list[CaseWarning]:
    return [warning for state in SCENARIOS[code]() for warning in state.warnings if warning.code == code]


def test_every_warning_code_in_the_domain_has_a_russian_rendering():
    codes = domain_warning_codes()

    assert {"calendar_provisional", "trigger_unknown", "no_deadline_rule"} <= codes  # the scan reads at all
    assert codes - set(WARNING_RENDERERS) == set()


def test_there_is_a_derive_scenario_for_every_warning_code():
    assert set(SCENARIOS) == domain_warning_codes()


@pytest.mark.parametrize("code", sorted(WARNING_RENDERERS))
def test_every_derived_warning_reads_in_russian(code):
    warnings = warnings_of(code)

    assert warnings, f"the scenario for {code} raised no such warning"
    for warning in warnings:
        assert warning.params or code == "frozen_while_not_listed", f"{code} carries no params"
        assert_russian(warning_text(warning, "ru"), warning.message)
        assert warning_text(warning, "en") == warning.message


def test_the_provisional_calendar_warning_in_russian():
    (warning,) = warnings_of("calendar_provisional")

    assert warning.params == {"rule": "koap_expulsion_appeal", "year": "2027", "subject": "appeal:D1"}
    assert warning_text(warning, "ru") == (
        "Срок обжалования решения D1 (koap_expulsion_appeal) рассчитан по предварительному производственному "
        "календарю на 2027 год; сверьте его с постановлением Правительства РФ."
    )


def test_the_register_deadline_is_named_in_words():
    warning = CaseWarning(
        "calendar_provisional",
        "Deadline register:abc (kas_register_inclusion) uses the provisional 2027 calendar; confirm it against "
        "the Government resolution.",
        "register:abc",
        {"rule": "kas_register_inclusion", "year": "2027", "subject": "register:abc"},
    )

    assert warning_text(warning, "ru").startswith(
        "Срок обжалования включения в реестр (kas_register_inclusion)"
    )


def test_a_late_appeal_asks_for_the_petition_to_restore_the_period():
    koap, kas = warnings_of("appeal_filed_late")

    assert warning_text(koap, "ru") == (
        "Срок обжалования решения D1: жалоба подана 12.03.2025, после окончания срока 10.03.2025; нужно "
        "ходатайство о восстановлении пропущенного срока (ч. 2 ст. 30.3 КоАП РФ)."
    )
    assert warning_text(kas, "ru").endswith("(ч. 7 ст. 219 КАС РФ).")  # a claim: KAS 219 ч.7, not 95


def test_the_estimated_trigger_warning_says_what_is_missing():
    texts = {warning_text(warning, "ru") for warning in warnings_of("trigger_unknown")}

    assert (
        "Срок обжалования решения D1 рассчитан ориентировочно: не записана дата получения копии или дата "
        "вручения решения, поэтому он отсчитывается от 27.02.2025 — самой ранней возможной даты. Внесите эту "
        "дату, чтобы получить точный срок."
    ) in texts
    assert any("не записана дата размещения сведений на сайте МВД" in text for text in texts)


def test_the_no_rule_warnings_name_what_has_no_rule():
    texts = [warning_text(warning, "ru") for warning in warnings_of("no_deadline_rule")]

    assert texts == [
        "Нет правила расчёта срока для решения иного вида (D7); проверьте срок обжалования с юристом.",
        "Нет правила расчёта срока для решения по жалобе на решение D1; проверьте срок обжалования с юристом.",
        "Нет правила расчёта срока для требования о явке; проверьте срок обжалования с юристом.",
        "Нет правила расчёта срока для помещения в СУВСИГ; проверьте срок обжалования с юристом.",
    ]


def test_counts_take_the_russian_plural():
    texts = [warning_text(warning, "ru") for warning in warnings_of("repeated_obligation_breaches")]
    days = [warning_text(warning, "ru") for warning in warnings_of("visa_free_days_exceeded")]

    assert [text.split(" неисполнения")[0] for text in texts] == ["Записано 2 случая", "Записано 5 случаев"]
    assert days[0].startswith("В 2025 году в России — 91 день: превышен безвизовый лимит в 90 дней")
    assert days[1].startswith("В 2025 году в России — 92 дня:")


def test_an_unknown_code_or_unreadable_params_give_the_english_message():
    assert warning_text(CaseWarning("something_new", "Something new."), "ru") == "Something new."
    assert warning_text(CaseWarning("calendar_provisional", "Old message."), "ru") == "Old message."
    assert (
        warning_text(CaseWarning("trigger_unknown", "Old.", None, {"subject": "appeal:D1"}), "ru") == "Old."
    )
    unknown_source = {"subject": "appeal:D1", "missing": "a new source", "counted_from": "2025-02-27"}
    assert warning_text(CaseWarning("trigger_unknown", "Old.", None, unknown_source), "ru") == "Old."


def test_it_reads_the_dict_form_of_the_status():
    (state,) = SCENARIOS["register_listed_by_check"]()
    warning = state.to_dict()["warnings"][0]

    assert set(warning) == {"code", "message", "subject", "params"}
    assert warning_text(warning, "ru") == (
        "Проверка по реестру 01.03.2025 показала запись: клиент считается включённым в реестр "
        "(предварительно, не позднее даты проверки) — с ограничениями и сроком обжалования. Запишите "
        "включение с датой размещения сведений."
    )


# ---------------------------------------------------------------------------------------------------------
# Rule actions, citations, the next step


def all_legal_bases() -> set[str]:
    return (
        {rule.legal_basis for rule in OFFICIAL_RULES.rules}
        | {restriction.legal_basis for restriction in RESTRICTION_RULES}
        | {rule.restore_basis for rule in OFFICIAL_RULES.rules if rule.restore_basis}
        | {rule.later_basis for rule in OFFICIAL_RULES.rules if rule.later_basis}
    )


@pytest.mark.parametrize("rule", OFFICIAL_RULES.rules, ids=lambda rule: rule.id)
def test_every_rule_action_reads_in_russian(rule):
    assert_russian(rule_action(rule.id, rule.action, "ru"), rule.action)
    assert rule_action(rule.id, rule.action, "en") == rule.action


@pytest.mark.parametrize("basis", sorted(all_legal_bases()))
def test_every_legal_basis_reads_in_russian(basis):
    assert_russian(legal_basis_text(basis, "ru"), basis)
    assert legal_basis_text(basis, "en") == basis


@pytest.mark.parametrize(
    ("basis", "russian"),
    [
        ("KoAP RF art. 30.1, 30.3 part 1, 4.8", "ст. 30.1, ч. 1 ст. 30.3, ст. 4.8 КоАП РФ"),
        ("KoAP RF art. 30.9, 30.3", "ст. 30.9, 30.3 КоАП РФ"),
        (
            "KAS RF art. 219 part 1; 115-FZ art. 31.1",
            "ч. 1 ст. 219 КАС РФ; ст. 31.1 Федерального закона № 115-ФЗ",
        ),
        (
            "115-FZ art. 31.1 (as amended by 260-FZ of 08.08.2024)",
            "ст. 31.1 Федерального закона № 115-ФЗ (в ред. Федерального закона № 260-ФЗ от 08.08.2024)",
        ),
        (
            '115-FZ art. 31.1 (as amended by 260-FZ of 08.08.2024); 196-FZ "On road safety"',
            "ст. 31.1 Федерального закона № 115-ФЗ (в ред. Федерального закона № 260-ФЗ от 08.08.2024); "
            "Федеральный закон № 196-ФЗ «О безопасности дорожного движения»",
        ),
        (
            "KAS RF art. 298 (a shorter special period is unverified)",
            "ст. 298 КАС РФ (более короткий специальный срок не проверен)",
        ),
    ],
)
def test_citations_read_the_russian_way(basis, russian):
    assert legal_basis_text(basis, "ru") == russian


@pytest.mark.parametrize(
    "basis",
    ["Some new practice rule", "KoAP RF art. 30.1 (an unknown note)", '999-FZ "Unknown title"', ""],
)
def test_an_unknown_citation_is_left_unchanged(basis):
    assert legal_basis_text(basis, "ru") == basis


def missed_deadlines():
    stream = _expulsion(Stream(), copy_received_on="2025-02-27")
    stream.add("register_inclusion", date(2025, 3, 3), ground="stay_expired", posted_on="2025-03-03")
    stream.add("detained", date(2025, 3, 1), basis="expulsion")
    return [item for item in status_of(stream, date(2025, 7, 1)).deadlines if item.next_step]


def test_the_next_step_of_every_missed_deadline_reads_in_russian():
    deadlines = {item.rule: item for item in missed_deadlines()}

    assert set(deadlines) == {
        "koap_expulsion_appeal", "kas_register_inclusion", "detention_legal_review", "departure_after_expulsion"
    }  # fmt: skip
    for item in deadlines.values():
        assert_russian(next_step_text(item.next_step, "ru"), item.next_step)
        assert next_step_text(item.next_step, "en") == item.next_step
    assert next_step_text(deadlines["koap_expulsion_appeal"].next_step, "ru") == (
        "Срок истёк, но это не окончательно: подайте жалобу вместе с ходатайством о восстановлении "
        "пропущенного срока (ч. 2 ст. 30.3 КоАП РФ), указав уважительные причины пропуска."
    )
    assert "административное исковое заявление в суд" in next_step_text(
        deadlines["kas_register_inclusion"].next_step, "ru"
    )
    assert next_step_text("Something new.", "ru") == "Something new."


def test_the_template_filters_use_the_active_language():
    (item,) = [item for item in missed_deadlines() if item.rule == "koap_expulsion_appeal"]
    (warning,) = warnings_of("frozen_while_not_listed")
    template = Template(
        "{% load casework_i18n %}{{ deadline|rule_action }}|{{ deadline.legal_basis|legal_basis }}|"
        "{{ deadline.next_step|next_step }}|{{ warning|warning_text }}"
    )
    context = Context({"deadline": item, "warning": warning})

    with translation.override("ru"):
        russian = template.render(context).split("|")
    with translation.override("en"):
        english = template.render(context).split("|")

    assert russian[:2] == [
        "жалоба в вышестоящий суд, а на постановление должностного лица МВД — вышестоящему должностному лицу или в районный суд",
        "ст. 30.1, ч. 1 ст. 30.3, ст. 4.8 КоАП РФ",
    ]
    assert russian[2].startswith("Срок истёк, но это не окончательно")
    assert russian[3].startswith("Банковский счёт отмечен как заблокированный")
    assert english == [item.action, item.legal_basis, item.next_step, warning.message]


# ---------------------------------------------------------------------------------------------------------
# The Russian client page, the dashboard and a reminder e-mail


def english_texts() -> list[str]:
    return [
        *(rule.action for rule in OFFICIAL_RULES.rules),
        "KoAP RF",
        "KAS RF",
        "-FZ",
        " art. ",
        "The period has passed",
        "as amended by",
    ]


def worked_example(actor):
    """LEGAL-RULES §2: the copy received on 27.02.2025, day 10 a Sunday, the deadline 10.03.2025."""
    case = make_client(actor)
    record = lambda type, on, **data: event_record(  # noqa: E731
        actor=actor, client=case, type=type, data=data, occurred_on=on
    )
    event_record(actor=assigner(case), client=case, type="caseworker_assigned", data={"user": actor.username},
                 occurred_on=date(2025, 2, 27))  # fmt: skip
    record(
        "decision_issued",
        date(2025, 2, 27),
        decision_ref="D1",
        kind="administrative_expulsion",
        copy_received_on="2025-02-27",
    )
    return case, record


def test_the_russian_client_page_of_the_worked_example_has_no_english_action_or_basis(client, alice):
    with time_machine.travel("2025-03-05 10:00:00+03:00", tick=False):
        case, record = worked_example(alice)
        record("register_inclusion", date(2025, 3, 3), ground="stay_expired", posted_on="2025-03-03")
        record("appeal_filed", date(2025, 3, 4), decision_ref="D9", forum="court")
        url = reverse("web:client", kwargs={"client_id": case.id})
        client.force_login(alice)  # a new member's language is Russian
        open_page = client.get(url).content.decode()
    with time_machine.travel("2025-04-01 10:00:00+03:00", tick=False):
        client.force_login(alice)
        missed_page = client.get(url).content.decode()

    assert "10.03.2025" in open_page
    assert (
        "жалоба в вышестоящий суд, а на постановление должностного лица МВД — вышестоящему должностному лицу или в районный суд"
        in open_page
    )
    assert "ст. 30.1, ч. 1 ст. 30.3, ст. 4.8 КоАП РФ" in open_page
    assert "ч. 1 ст. 219 КАС РФ; ст. 31.1 Федерального закона № 115-ФЗ" in open_page
    assert "(в ред. Федерального закона № 260-ФЗ от 08.08.2024)" in open_page  # the restrictions
    assert "Событие «Подана жалоба» ссылается на решение D9, которое не записано" in open_page
    assert "Срок истёк, но это не окончательно: подайте жалобу вместе с ходатайством" in missed_page
    for page in (open_page, missed_page):
        for english in english_texts():
            assert english not in page
        assert "names decision D9" not in page


def test_the_russian_dashboard_cites_the_law_the_russian_way(client, alice):
    with time_machine.travel("2025-03-05 10:00:00+03:00", tick=False):
        worked_example(alice)
        client.force_login(alice)
        html = client.get(reverse("web:dashboard")).content.decode()

    assert "ст. 30.1, ч. 1 ст. 30.3, ст. 4.8 КоАП РФ" in html
    assert "KoAP RF" not in html


@pytest.mark.parametrize(
    ("language", "action"),
    [
        (
            "ru",
            "жалоба в вышестоящий суд, а на постановление должностного лица МВД — вышестоящему должностному лицу или в районный суд",
        ),
        (
            "en",
            "Complaint to the higher court; against a resolution of an MVD official, to the higher official or the district court",
        ),
    ],
)
def test_a_reminder_email_gives_the_action_in_the_recipients_language(alice, language, action):
    Membership.objects.filter(user=alice).update(language=language)
    with time_machine.travel("2025-02-27 10:00:00+03:00", tick=False):
        case, _ = worked_example(alice)
    with time_machine.travel("2025-03-03 09:00:00+03:00", tick=False):  # step 5 before 10.03.2025
        ledger.insert_due()
        (reminder,) = Reminder.objects.filter(recipient=alice).select_related(
            "recipient__membership", "client"
        )
        message = build_message(reminder, reminder.deadline)

    html = message.alternatives[0][0]
    assert f"{case.code}" in message.body
    assert action in message.body and action in html
    if language == "ru":
        assert "Complaint to the higher court" not in message.body + html
    assert "Rustam" not in message.body + html and "AB1234567" not in message.body + html


def test_the_legal_reviews_wording_findings_are_fixed():
    """Issue 13, finding 14: only a court claim meets the register period (no «и (или)» complaint), a KoAP
    route names the district court for an MVD official's resolution, and a claim's restoration cites KAS 219
    ч.7."""
    register = rule_action("kas_register_inclusion", "", "ru")
    assert "и (или)" not in register and "жалоба" not in register
    assert register == "административное исковое заявление в суд (гл. 22 КАС РФ)"
    assert "районный суд" in rule_action("koap_expulsion_appeal", "", "ru")
    claim = OFFICIAL_RULES.rule_for("deportation", date(2025, 3, 3))
    assert legal_basis_text(claim.restore_basis, "ru") == "ч. 7 ст. 219 КАС РФ"
