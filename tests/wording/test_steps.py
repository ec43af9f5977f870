"""Deadline explanation steps in Russian (casework/wording/steps.py): every key the domain can produce."""

from __future__ import annotations

import ast
import re
from datetime import date
from pathlib import Path

import pytest
import time_machine
from django.template import Context, Template
from django.urls import reverse
from django.utils import translation

from casework.domain import count_period
from casework.domain.calendar import ProductionCalendar
from casework.domain.periods import UNITS, Step
from casework.domain.state import CANCELLED, MET, MISSED, OPEN
from casework.services.events import event_record
from casework.wording.steps import RENDERERS, step_text
from tests.conftest import make_client
from tests.domain.conftest import OFFICIAL_CALENDAR, Stream, status_of

DOMAIN = Path(__file__).resolve().parents[2] / "casework" / "domain"
# English words that must not survive in a Russian rendering (rule ids, zones, "UTC" and refs may).
ENGLISH = re.compile(
    r"\b(the|of|on|by|after|before|day|Day|Trigger|trigger|working|period|Cut-off|Moscow|local|Open|Met|"
    r"Missed|Overdue|Cancelled|appeal|decision|estimated|KoAP|KAS|art|part|Rule|version|confidence)\b"
)

ZONE = re.compile(r"\b[A-Z][a-z]+/[A-Za-z_]+\b")  # IANA zone names such as Europe/Moscow stay as they are


def domain_step_keys() -> set[str]:
    """Every key a ``Step(...)`` in casework/domain/ is built with; ``f"status_{status}"`` for each status."""
    keys: set[str] = set()
    for path in DOMAIN.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.Call) and getattr(node.func, "id", None) == "Step" and node.args):
                continue
            key = node.args[0]
            if isinstance(key, ast.Constant) and isinstance(key.value, str):
                keys.add(key.value)
            elif isinstance(key, ast.JoinedStr):
                prefix = "".join(part.value for part in key.values if isinstance(part, ast.Constant))
                assert prefix == "status_", (
                    f"{path.name}: a Step key this test cannot expand: {ast.unparse(key)}"
                )
                keys.update(f"status_{status}" for status in (OPEN, MET, MISSED, CANCELLED))
            else:
                raise AssertionError(f"{path.name}: a Step key this test cannot read: {ast.unparse(key)}")
    return keys


def assert_russian(step: Step) -> str:
    russian = step_text(step, "ru")
    assert russian != step.text, f"{step.key} fell back to English: {step.text}"
    assert re.search("[а-яё]", russian), russian
    leftover = ENGLISH.search(ZONE.sub("", russian))
    assert leftover is None, f"{step.key}: English {leftover.group(0)!r} left in {russian!r}"
    return russian


# ---------------------------------------------------------------------------------------------------------
# Scenarios through derive(): between them they produce every key


def _steps_of(stream: Stream, as_of: date) -> list[Step]:
    return [step for deadline in status_of(stream, as_of).deadlines for step in deadline.steps]


def _expulsion(copy: str | None = "2025-02-27") -> Stream:
    stream = Stream()
    data = {"decision_ref": "D1", "kind": "administrative_expulsion"}
    if copy:
        data["copy_received_on"] = copy
    stream.add("decision_issued", date(2025, 2, 27), **data)
    return stream


def scenario_expulsion_open():
    return _steps_of(_expulsion(), date(2025, 3, 5))


def scenario_expulsion_met():
    stream = _expulsion()
    stream.add("appeal_filed", date(2025, 3, 5), decision_ref="D1", forum="court")
    return _steps_of(stream, date(2025, 3, 20))


def scenario_expulsion_missed():
    return _steps_of(_expulsion(), date(2025, 4, 1))


def scenario_expulsion_estimated_and_retracted():
    stream = _expulsion(copy=None)
    decision = stream.events[-1]
    steps = _steps_of(stream, date(2025, 3, 1))
    stream.add("event_retracted", date(2025, 3, 2), retracts=decision.id, reason="recorded by mistake")
    return steps + _steps_of(stream, date(2025, 3, 3))


def scenario_next_level():
    stream = _expulsion()
    stream.add("appeal_filed", date(2025, 3, 5), decision_ref="D1", forum="court")
    stream.add(
        "appeal_decided", date(2025, 4, 1), decision_ref="D1", outcome="upheld", copy_received_on="2025-04-03"
    )
    stream.add("appeal_decided", date(2025, 6, 2), decision_ref="D1", outcome="returned")
    return _steps_of(stream, date(2025, 6, 3))


def scenario_deportation_months():
    stream = Stream()
    stream.add(
        "decision_issued", date(2025, 11, 20), decision_ref="D2", kind="deportation", learned_on="2025-11-30"
    )
    stream.add(
        "decision_issued",
        date(2025, 3, 3),
        decision_ref="D3",
        kind="entry_ban",
        copy_received_on="2025-03-05",
    )
    return _steps_of(stream, date(2025, 12, 1))


def scenario_bailiff_working_days():
    stream = Stream()
    stream.add(
        "decision_issued",
        date(2025, 4, 28),
        decision_ref="B1",
        kind="bailiff_action",
        learned_on="2025-04-28",
    )
    return _steps_of(stream, date(2025, 5, 1))


def scenario_register():
    stream = Stream()
    stream.add("register_inclusion", date(2025, 2, 10), ground="stay_expired", posted_on="2025-02-11")
    stream.add("register_check", date(2025, 3, 1), listed=True)
    stream.add("register_inclusion", date(2025, 3, 10), ground="other")
    stream.add("register_exclusion", date(2025, 4, 1), ground="departure")
    return _steps_of(stream, date(2025, 4, 2))


def scenario_candidates_and_filings():
    """The safe direction's named candidates and the filings that do not count (issue 13)."""
    stream = Stream()
    stream.add(
        "decision_issued", date(2025, 3, 3), decision_ref="D1", kind="deportation",
        copy_received_on="2025-03-03", learned_on="2025-03-20", authority_region="RU-TA",
    )  # fmt: skip
    stream.add("appeal_filed", date(2025, 3, 25), decision_ref="D1", forum="higher_official")
    stream.add("decision_issued", date(2025, 3, 10), decision_ref="D2", kind="detention_placement")
    stream.add(
        "decision_issued", date(2025, 3, 3), decision_ref="D3", kind="administrative_expulsion",
        copy_received_on="2025-03-03",
    )  # fmt: skip
    stream.add("appeal_filed", date(2025, 3, 5), decision_ref="D3", forum="court")
    stream.add("appeal_decided", date(2025, 3, 7), decision_ref="D3", outcome="returned")
    calendar = ProductionCalendar.official({"RU-TA": [date(2025, 6, 3)]})
    return [
        step
        for deadline in status_of(stream, date(2025, 3, 26), calendar=calendar).deadlines
        for step in deadline.steps
    ]


def scenario_detention_limits():
    stream = Stream()
    placed = stream.add("detained", date(2025, 3, 1), basis="deportation", term_until="2025-04-01")
    steps = _steps_of(stream, date(2025, 3, 2)) + _steps_of(stream, date(2025, 4, 5))
    stream.add("detention_extended", date(2025, 4, 1), term_until="2025-06-01")
    return [*steps, *_steps_of(stream, date(2025, 4, 5)), placed and _steps_of(stream, date(2025, 8, 1))[0]]


def scenario_orders():
    stream = Stream()
    stream.add("order_to_appear_served", date(2025, 3, 1), appear_by="2025-03-05T10:00:00+05:00")
    steps = _steps_of(stream, date(2025, 3, 2)) + _steps_of(stream, date(2025, 3, 6))
    stream.add("obligation_breach", date(2025, 3, 5), kind="failed_to_appear")
    steps += _steps_of(stream, date(2025, 3, 6))
    attended = stream.add("order_to_appear_served", date(2025, 3, 10), appear_by="2025-03-12T10:00:00+03:00")
    stream.add("order_attended", date(2025, 3, 12), appear_by=attended.data["appear_by"])
    steps += _steps_of(stream, date(2025, 3, 13))
    order = stream.add("order_to_appear_served", date(2025, 4, 1), appear_by="2025-04-05T10:00:00+03:00")
    stream.add("event_retracted", date(2025, 4, 2), retracts=order.id, reason="wrong client")
    return steps + _steps_of(stream, date(2025, 4, 3))


def scenario_detention():
    stream = Stream()
    stream.add("detained", date(2025, 3, 1), basis="expulsion")
    steps = _steps_of(stream, date(2025, 3, 2)) + _steps_of(stream, date(2025, 7, 1))
    stream.add("released", date(2025, 7, 2))
    return steps + _steps_of(stream, date(2025, 7, 3))


SCENARIOS = [value for name, value in dict(globals()).items() if name.startswith("scenario_")]


def all_scenario_steps() -> list[Step]:
    return [step for scenario in SCENARIOS for step in scenario()]


def test_every_step_key_in_the_domain_has_a_russian_rendering():
    keys = domain_step_keys()

    assert {"rule", "trigger", "cutoff", "status_missed"} <= keys  # the scan reads the domain at all
    assert keys - set(RENDERERS) == set()


def test_the_scenarios_produce_every_step_key_the_domain_has():
    assert {step.key for step in all_scenario_steps()} >= domain_step_keys()


@pytest.mark.parametrize("scenario", SCENARIOS, ids=lambda scenario: scenario.__name__)
def test_every_step_of_a_derived_deadline_reads_in_russian(scenario):
    steps = scenario()

    assert steps
    for step in steps:
        assert_russian(step)


@pytest.mark.parametrize("unit", UNITS)
@pytest.mark.parametrize("zone", ["Europe/Moscow", "Asia/Vladivostok", "Europe/Kaliningrad"])
def test_every_step_of_a_counted_period_reads_in_russian(unit, zone):
    for trigger in (date(2025, 2, 27), date(2025, 4, 28), date(2025, 11, 30), date(2025, 12, 22)):
        for amount in (1, 3, 10):
            for step in count_period(
                unit, amount, trigger, calendar=OFFICIAL_CALENDAR, authority_timezone=zone
            ).steps:
                assert_russian(step)


# ---------------------------------------------------------------------------------------------------------
# What the Russian says


def russian_steps(unit, amount, trigger, zone="Europe/Moscow"):
    result = count_period(unit, amount, trigger, calendar=OFFICIAL_CALENDAR, authority_timezone=zone)
    return {step.key: step_text(step, "ru") for step in result.steps}


def test_the_worked_example_reads_in_russian_with_the_next_working_day():
    steps = russian_steps("koap_days", 10, date(2025, 2, 27))

    assert steps["trigger"] == "Начало отсчёта: 27.02.2025, четверг"
    assert steps["period_start"] == (
        "Течение срока начинается на следующий день после начала отсчёта: 28.02.2025, пятница"
    )
    assert steps["last_day_rolled_forward"] == (
        "День 10 = 09.03.2025, воскресенье, нерабочий день → следующий рабочий день 10.03.2025, понедельник"
    )
    assert steps["due_on"] == "Последний день срока: 10.03.2025, понедельник; подать нужно до 24:00"
    assert steps["cutoff"] == (
        "Окончание срока: 24:00 10.03.2025 по московскому времени (Europe/Moscow) = 10.03.2025 21:00 UTC"
    )


@pytest.mark.parametrize(
    ("trigger", "expected"),
    [
        (
            date(2025, 4, 28),
            "День 10 = 08.05.2025, четверг, нерабочий день → следующий рабочий день 12.05.2025, понедельник",
        ),
        (
            date(2025, 12, 22),
            "День 10 = 01.01.2026, четверг, нерабочий день → следующий рабочий день 12.01.2026, понедельник",
        ),
        (date(2025, 3, 3), "День 10 = 13.03.2025, четверг, рабочий день"),
    ],
)
def test_the_other_koap_examples(trigger, expected):
    steps = russian_steps("koap_days", 10, trigger)
    assert expected in steps.values()


def test_kas_days_count_working_days_only():
    assert russian_steps("kas_days", 10, date(2025, 4, 28))["nth_working_day"] == (
        "Нерабочие дни не считаются (пропущено: 8): 10-й рабочий день = 16.05.2025, пятница"
    )


def test_kas_months_name_the_month_and_the_trigger():
    steps = russian_steps("kas_months", 3, date(2025, 11, 30))

    assert steps["month_has_no_such_day"] == (
        "В феврале 2026 г. нет 30-го числа → последний день месяца: 28.02.2026, суббота"
    )
    assert steps["last_day_rolled_forward"] == (
        "3 месяца после 30.11.2025 = 28.02.2026, суббота, нерабочий день → "
        "следующий рабочий день 02.03.2026, понедельник"
    )


def test_a_far_eastern_cutoff_gives_both_times_and_the_earlier():
    assert russian_steps("kas_days", 10, date(2025, 4, 28), "Asia/Vladivostok")["cutoff"] == (
        "Окончание срока: 24:00 16.05.2025 по местному времени (Asia/Vladivostok) = 16.05.2025 17:00 по "
        "московскому времени = 16.05.2025 14:00 UTC; 24:00 по московскому времени = 16.05.2025 21:00 UTC; "
        "применяется более раннее: 16.05.2025 14:00 UTC"
    )


def test_the_rule_cites_the_law_the_russian_way():
    rule = next(
        step
        for step in scenario_deportation_months()
        if step.key == "rule" and step.params["rule"] == "kas_deportation"
    )

    assert step_text(rule, "ru") == (
        "Правило kas_deportation (версия 2): административное исковое заявление в суд (гл. 22 КАС РФ), "
        "3 месяца по КАС РФ (ч. 1 ст. 219 КАС РФ; достоверность: выше средней)"
    )


def test_a_missed_appeal_offers_the_petition_to_restore_the_period():
    missed = next(step for step in scenario_expulsion_missed() if step.key == "status_missed")

    assert step_text(missed, "ru") == (
        "Срок пропущен (по состоянию на 01.04.2025, вторник): по 10.03.2025 включительно жалоба не подана. "
        "Это не окончательно: подайте жалобу вместе с ходатайством о восстановлении пропущенного срока "
        "(ч. 2 ст. 30.3 КоАП РФ), указав уважительные причины пропуска."
    )


def test_the_statuses_read_in_russian():
    texts = {step_text(step, "ru") for step in all_scenario_steps() if step.key.startswith("status_")}

    assert texts >= {
        "Срок ещё не истёк (по состоянию на 05.03.2025, среда): жалоба пока не записана",
        "Срок соблюдён: жалоба подана 05.03.2025",
        "Срок ещё не истёк (по состоянию на 02.03.2025, воскресенье)",
        "Время явки прошло — подтвердите явку: ни явка, ни неисполнение обязанности не записаны. "
        "Запишите, явился ли клиент.",
        "Срок соблюдён: явка клиента записана",
    }
    assert any(
        text.startswith("Срок истёк (по состоянию на 01.07.2025, вторник). Содержание в СУВСИГ")
        for text in texts
    )
    # A claim in court is an «административное исковое заявление», not a «жалоба» (finding 14).
    assert any(
        "административное исковое заявление не подано. Это не окончательно: подайте административное исковое "
        "заявление вместе с ходатайством о восстановлении пропущенного срока (ч. 7 ст. 219 КАС РФ)" in text
        for text in texts
    )


def test_an_estimated_trigger_says_what_is_missing_and_which_decision():
    estimated = next(
        step for step in scenario_expulsion_estimated_and_retracted() if step.key == "trigger_estimated"
    )

    assert step_text(estimated, "ru") == (
        "Дата начала отсчёта неизвестна (не записана дата получения копии или дата вручения решения): взята "
        "самая ранняя возможная дата — постановление D1 от 27.02.2025, четверг; фактический срок может быть "
        "только позже"
    )


def test_the_triggers_name_the_decision_and_what_happened_to_it():
    texts = {step_text(step, "ru") for step in all_scenario_steps() if step.key == "trigger"}

    # KoAP acts are resolutions: «постановление», the decision on the complaint a «решение».
    assert "Начало отсчёта: получение копии постановления D1: 27.02.2025, четверг" in texts
    assert (
        "Начало отсчёта: получение копии решения по жалобе на постановление D1: 03.04.2025, четверг" in texts
    )
    assert "Начало отсчёта: день, когда клиент узнал о решении D2: 30.11.2025, воскресенье" in texts
    assert "Начало отсчёта: помещение в СУВСИГ 01.03.2025, суббота" in texts
    assert (
        "Начало отсчёта: размещение сведений на сайте МВД 11.02.2025, вторник (лицо считается уведомлённым)"
        in texts
    )


def test_cancellations_say_why():
    texts = {step_text(step, "ru") for step in all_scenario_steps() if step.key == "status_cancelled"}

    assert texts >= {
        "Срок отменён: решение отозвано",
        "Срок отменён: клиент исключён из реестра 01.04.2025",
        "Срок отменён: требование о явке отозвано",
        "Срок отменён: клиент освобождён 02.07.2025",
    }


def test_an_order_to_appear_gives_its_time_and_moscow_time():
    served = next(step for step in scenario_orders() if step.key == "order_served")

    assert step_text(served, "ru") == (
        "Требование о явке вручено 01.03.2025, суббота: явиться до 05.03.2025 10:00 (UTC+05:00) = "
        "05.03.2025 08:00 по московскому времени"
    )


# ---------------------------------------------------------------------------------------------------------
# Fallbacks, the dict form, the template filter, the client page


def test_english_and_unknown_keys_and_unreadable_params_give_the_english_text():
    step = Step(
        "last_day_working", {"n": "10", "day": "2025-03-13"}, "Day 10 = 13.03.2025, Thursday, a working day"
    )

    assert step_text(step, "en") == step.text
    assert step_text(Step("something_new", {}, "Something new"), "ru") == "Something new"
    assert step_text(Step("last_day_working", {"n": "10"}, "Day 10 = ?"), "ru") == "Day 10 = ?"
    assert (
        step_text(Step("last_day_working", {"n": "10", "day": "not a date"}, "Day 10 = ?"), "ru")
        == "Day 10 = ?"
    )


def test_it_reads_the_dict_form_the_read_models_and_the_api_keep():
    step = {"key": "calendar_day", "params": {"n": "90", "day": "2025-05-30"}, "text": "Day 90 …"}

    assert step_text(step, "ru") == "День 90 в календарных днях (без переноса) = 30.05.2025, пятница"


def test_the_template_filter_uses_the_active_language():
    template = Template("{% load casework_i18n %}{{ step|step_text }}")
    step = Step("due_on", {"due_on": "2025-03-10"}, "Last day of the period: 10.03.2025, Monday")

    with translation.override("ru"):
        assert template.render(Context({"step": step})) == (
            "Последний день срока: 10.03.2025, понедельник; подать нужно до 24:00"
        )
    with translation.override("en"):
        assert template.render(Context({"step": step})) == step.text


def test_the_client_page_shows_the_explanation_in_russian(client, alice):
    with time_machine.travel("2025-03-05 10:00:00+03:00", tick=False):
        case = make_client(alice)
        event_record(
            actor=alice,
            client=case,
            type="decision_issued",
            data={"decision_ref": "D1", "kind": "administrative_expulsion", "copy_received_on": "2025-02-27"},
            occurred_on=date(2025, 2, 27),
        )
        client.force_login(alice)  # a new member's language is Russian
        html = client.get(reverse("web:client", kwargs={"client_id": case.id})).content.decode()

    assert "Как рассчитана дата" in html
    assert (
        "День 10 = 09.03.2025, воскресенье, нерабочий день → следующий рабочий день 10.03.2025, понедельник"
        in html
    )
    assert "Day 10 =" not in html
