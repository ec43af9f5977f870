"""Populations for the export tests, recorded through the same services as the UI and API."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest
import time_machine

from casework.models import Role
from casework.services.events import event_record
from casework.services.organisations import user_create
from tests.conftest import PASSWORD, make_client

Step = tuple[str, date, dict]
RECORDED_ON = date(2025, 12, 20)  # everything of 2025 is recorded by then
EXPORTED_AT = "2026-02-02 10:00:00+03:00"  # 2025 is over: its tables are final, not provisional


def moment(day: date) -> datetime:
    return datetime.combine(day, time(12), tzinfo=ZoneInfo("Europe/Moscow"))


def client_with(
    actor,
    number: int,
    *,
    registered_on: date = date(2025, 1, 15),
    citizenship: str = "UZB",
    region: str = "RU-MOW",
    sex: str = "M",
    born: int = 1990,
    steps: Iterable[Step] = (),
    full_name: str | None = None,
    document_number: str | None = None,
):
    with time_machine.travel(moment(registered_on), tick=False):
        client = make_client(
            actor,
            full_name=full_name or f"Person {number:04d}",
            document_number=document_number or f"EX{number:07d}",
            citizenship=citizenship,
            region=region,
            sex=sex,
            date_of_birth=date(born, 6, 1),
        )
    with time_machine.travel(moment(RECORDED_ON), tick=False):
        for type, occurred_on, data in steps:
            event_record(actor=actor, client=client, type=type, data=data, occurred_on=occurred_on)
    return client


def listing(on: date, ground: str = "stay_expired") -> Step:
    return ("register_inclusion", on, {"ground": ground, "posted_on": on.isoformat(), "source": "bank"})


@pytest.fixture
def small_rules(settings):
    """Thresholds small enough for populations of a few dozen people recorded through the services."""
    settings.CASEWORK_EXPORT_K = 5
    settings.CASEWORK_EXPORT_ROUNDING_BASE = 5
    settings.CASEWORK_EXPORT_POPULATION_FLOOR = 20


@pytest.fixture
def exported_in_2026():
    with time_machine.travel(EXPORTED_AT, tick=False):
        yield


@pytest.fixture
def erin(org_a):
    """The instance administrator: an admin of org A who may also see network tables."""
    return user_create(
        organisation=org_a, username="erin", password=PASSWORD, role=Role.ADMIN, instance_admin=True
    )


@pytest.fixture
def bea(org_b):
    """An analyst of org B: must see nothing of org A."""
    return user_create(organisation=org_b, username="bea", password=PASSWORD, role=Role.ANALYST)


@pytest.fixture
def listed_in_2025(alice, small_rules):
    """24 clients of org A listed in 2025: 16 in Q1 (12 stay_expired, 4 illegal_entry), 8 in Q3."""
    clients = []
    for number in range(24):
        quarter_day = date(2025, 2, 10) if number < 16 else date(2025, 8, 5)
        ground = "illegal_entry" if number in (3, 7, 11, 15) else "stay_expired"
        citizenship = "TJK" if number % 3 == 0 else "UZB"
        clients.append(
            client_with(alice, number, citizenship=citizenship, steps=[listing(quarter_day, ground)])
        )
    return clients
