from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from casework.domain.calendar import CalendarDataMissing, ProductionCalendar
from casework.domain.periods import count_period
from tests.domain.conftest import OFFICIAL_CALENDAR


def d(text: str) -> date:
    day, month, year = map(int, text.split("."))
    return date(year, month, day)


# (unit, amount, trigger, due) — hand-computed against LEGAL-RULES.md §2 and §4.
PERIODS = [
    # Worked examples of LEGAL-RULES.md §4.
    ("koap_days", 10, "27.02.2025", "10.03.2025"),  # day 10 is Sunday 09.03
    ("koap_days", 10, "28.04.2025", "12.05.2025"),  # day 10 is the 08.05 holiday, 08-11.05 off
    ("koap_days", 10, "22.12.2025", "12.01.2026"),  # day 10 is 01.01.2026, January holidays
    ("kas_days", 10, "28.04.2025", "16.05.2025"),  # working days only
    # koap_days: day 10 lands on a working Saturday, so no roll-forward.
    ("koap_days", 10, "22.10.2025", "01.11.2025"),
    ("koap_days", 10, "17.04.2024", "27.04.2024"),
    ("koap_days", 10, "03.03.2025", "13.03.2025"),  # plain working day
    # kas_days across the New Year holidays and the working Saturday 01.11.2025.
    ("kas_days", 10, "22.12.2025", "15.01.2026"),  # 23-26.12, 29-30.12, then 12-15.01
    ("kas_days", 4, "29.10.2025", "05.11.2025"),  # 30.10, 31.10, Saturday 01.11, (03-04.11 off) 05.11
    # kas_months: same day of month, end-of-month clamp, roll-forward.
    ("kas_months", 3, "10.03.2025", "10.06.2025"),
    ("kas_months", 3, "30.11.2025", "02.03.2026"),  # no 30.02 → 28.02.2026 Saturday → 02.03
    ("kas_months", 1, "31.01.2025", "28.02.2025"),  # 28.02.2025 is a Friday
    ("kas_months", 12, "29.02.2024", "28.02.2025"),
    ("kas_months", 3, "31.08.2025", "01.12.2025"),  # 30.11.2025 is a Sunday
    ("kas_months", 3, "09.02.2025", "12.05.2025"),  # 09.05 holiday, 10-11.05 weekend
    ("kas_months", 1, "08.12.2025", "12.01.2026"),
    # calendar_days: no roll-forward even onto a holiday.
    ("calendar_days", 90, "01.03.2025", "30.05.2025"),
    ("calendar_days", 10, "28.04.2025", "08.05.2025"),
]


@pytest.mark.parametrize(("unit", "amount", "trigger", "due"), PERIODS)
def test_it_counts_each_unit_as_the_rules_say(
    calendar: ProductionCalendar, unit: str, amount: int, trigger: str, due: str
) -> None:
    assert count_period(unit, amount, d(trigger), calendar=calendar).due_on == d(due)


def test_it_counts_the_working_saturday_as_a_working_day_in_kas_days(calendar: ProductionCalendar) -> None:
    # After 29.10.2025: 30.10 (1), 31.10 (2), Saturday 01.11 is a working day (3).
    assert count_period("kas_days", 3, date(2025, 10, 29), calendar=calendar).due_on == date(2025, 11, 1)


def test_it_ends_at_moscow_midnight_in_utc(calendar: ProductionCalendar) -> None:
    result = count_period("koap_days", 10, date(2025, 2, 27), calendar=calendar)
    assert result.due_at == datetime(2025, 3, 10, 21, 0, tzinfo=UTC)
    assert result.moscow_cutoff.isoformat() == "2025-03-11T00:00:00+03:00"
    assert result.local_cutoff.isoformat() == "2025-03-11T00:00:00+03:00"


@pytest.mark.parametrize(
    ("zone", "due_at_utc", "local_cutoff"),
    [
        ("Asia/Vladivostok", "2025-03-10T14:00:00+00:00", "2025-03-11T00:00:00+10:00"),
        ("Asia/Yekaterinburg", "2025-03-10T19:00:00+00:00", "2025-03-11T00:00:00+05:00"),
        # Kaliningrad's midnight comes after Moscow's, so Moscow's applies.
        ("Europe/Kaliningrad", "2025-03-10T21:00:00+00:00", "2025-03-11T00:00:00+02:00"),
    ],
)
def test_it_uses_the_earlier_of_local_and_moscow_midnight(
    calendar: ProductionCalendar, zone: str, due_at_utc: str, local_cutoff: str
) -> None:
    result = count_period("koap_days", 10, date(2025, 2, 27), calendar=calendar, authority_timezone=zone)
    assert result.due_at.isoformat() == due_at_utc
    assert result.local_cutoff.isoformat() == local_cutoff


def test_it_explains_the_roll_forward_step_by_step(calendar: ProductionCalendar) -> None:
    result = count_period("koap_days", 10, date(2025, 2, 27), calendar=calendar)
    assert [step.key for step in result.steps] == [
        "trigger",
        "period_start",
        "last_day_rolled_forward",
        "due_on",
        "cutoff",
    ]
    assert result.steps[0].text == "Trigger: 27.02.2025, Thursday"
    assert result.steps[2].text == (
        "Day 10 = 09.03.2025, Sunday, a non-working day → next working day 10.03.2025, Monday"
    )
    assert result.steps[2].params == {
        "n": "10",
        "day": "2025-03-09",
        "unit": "koap_days",
        "next_working_day": "2025-03-10",
    }
    assert (
        result.steps[4].text
        == "Cut-off: 24:00 on 10.03.2025 Moscow time (Europe/Moscow) = 2025-03-10T21:00:00Z"
    )


def test_it_explains_a_cut_off_in_another_zone(calendar: ProductionCalendar) -> None:
    result = count_period(
        "kas_days", 10, date(2025, 4, 28), calendar=calendar, authority_timezone="Asia/Vladivostok"
    )
    assert result.steps[-1].text == (
        "Cut-off: 24:00 on 16.05.2025 local time (Asia/Vladivostok) = 16.05.2025 17:00 Moscow time "
        "= 2025-05-16T14:00:00Z; 24:00 Moscow time = 2025-05-16T21:00:00Z; the earlier applies: 2025-05-16T14:00:00Z"
    )


def test_it_explains_a_month_without_that_day(calendar: ProductionCalendar) -> None:
    result = count_period("kas_months", 3, date(2025, 11, 30), calendar=calendar)
    texts = [step.text for step in result.steps]
    assert "3 month(s) after 30.11.2025: 02.2026 has no day 30 → last day of the month" in texts
    assert (
        "3 month(s) after 30.11.2025 = 28.02.2026, Saturday, a non-working day → next working day 02.03.2026, Monday"
        in texts
    )


def test_it_explains_skipped_non_working_days(calendar: ProductionCalendar) -> None:
    result = count_period("kas_days", 10, date(2025, 4, 28), calendar=calendar)
    assert (
        result.steps[2].text
        == "Non-working days are not counted (8 skipped): working day 10 = 16.05.2025, Friday"
    )


def test_it_honours_regional_days_off() -> None:
    calendar = ProductionCalendar.official({"RU-TA": [date(2025, 3, 10)]})
    in_kazan = count_period("koap_days", 10, date(2025, 2, 27), calendar=calendar, region="RU-TA")
    in_moscow = count_period("koap_days", 10, date(2025, 2, 27), calendar=calendar, region="RU-MOW")
    assert in_kazan.due_on == date(2025, 3, 11)
    assert in_moscow.due_on == date(2025, 3, 10)


def test_it_refuses_a_period_that_needs_a_year_without_data(calendar: ProductionCalendar) -> None:
    with pytest.raises(CalendarDataMissing) as raised:
        count_period("koap_days", 10, date(2027, 12, 25), calendar=calendar)
    assert raised.value.year == 2028


def test_it_does_not_need_the_calendar_for_calendar_days(calendar: ProductionCalendar) -> None:
    assert count_period("calendar_days", 90, date(2027, 12, 1), calendar=calendar).due_on == date(2028, 2, 29)


def test_it_reports_the_calendar_years_it_relied_on(calendar: ProductionCalendar) -> None:
    result = count_period("koap_days", 10, date(2025, 12, 22), calendar=calendar)
    assert result.calendar_years == (2026,)


def test_it_refuses_an_unknown_unit(calendar: ProductionCalendar) -> None:
    with pytest.raises(ValueError, match="mode1"):
        count_period("mode1", 10, date(2025, 2, 27), calendar=calendar)


# Triggers whose periods stay inside the calendar data (2024-2027).
triggers = st.dates(min_value=date(2024, 1, 1), max_value=date(2027, 8, 31))
zones = st.sampled_from(
    [
        "Europe/Kaliningrad",
        "Europe/Moscow",
        "Europe/Samara",
        "Asia/Yekaterinburg",
        "Asia/Novosibirsk",
        "Asia/Irkutsk",
        "Asia/Vladivostok",
        "Asia/Kamchatka",
    ]
)


@given(trigger=triggers, amount=st.integers(min_value=1, max_value=30))
def test_it_ends_koap_days_on_the_first_working_day_from_day_n(trigger: date, amount: int) -> None:
    due_on = count_period("koap_days", amount, trigger, calendar=OFFICIAL_CALENDAR).due_on
    day_n = trigger + timedelta(days=amount)
    assert due_on >= day_n
    assert OFFICIAL_CALENDAR.is_working_day(due_on)
    skipped = [day_n + timedelta(days=offset) for offset in range((due_on - day_n).days)]
    assert not any(OFFICIAL_CALENDAR.is_working_day(day) for day in skipped)


@given(trigger=triggers, amount=st.integers(min_value=1, max_value=30))
def test_it_puts_exactly_n_working_days_in_a_kas_days_period(trigger: date, amount: int) -> None:
    due_on = count_period("kas_days", amount, trigger, calendar=OFFICIAL_CALENDAR).due_on
    period = [trigger + timedelta(days=offset) for offset in range(1, (due_on - trigger).days + 1)]
    assert sum(OFFICIAL_CALENDAR.is_working_day(day) for day in period) == amount
    assert OFFICIAL_CALENDAR.is_working_day(due_on)


@given(trigger=triggers, amount=st.integers(min_value=1, max_value=3))
def test_it_never_ends_kas_months_before_the_nominal_date(trigger: date, amount: int) -> None:
    due_on = count_period("kas_months", amount, trigger, calendar=OFFICIAL_CALENDAR).due_on
    month_index = trigger.month - 1 + amount
    year, month = trigger.year + month_index // 12, month_index % 12 + 1
    assert (due_on.year, due_on.month) >= (year, month)
    nominal_day = min(trigger.day, 28)
    assert due_on >= date(year, month, nominal_day)
    assert OFFICIAL_CALENDAR.is_working_day(due_on)
    assert (due_on - date(year, month, nominal_day)).days <= 16  # the longest run of days off is 11-ish


@given(trigger=triggers, zone=zones, unit=st.sampled_from(["koap_days", "kas_days", "kas_months"]))
def test_it_never_puts_due_at_after_moscow_midnight(trigger: date, zone: str, unit: str) -> None:
    result = count_period(unit, 1, trigger, calendar=OFFICIAL_CALENDAR, authority_timezone=zone)
    assert result.due_at <= result.moscow_cutoff
    assert result.due_at <= result.local_cutoff
    assert result.due_at in (result.moscow_cutoff, result.local_cutoff)
    assert result.due_at.utcoffset() == timedelta(0)
