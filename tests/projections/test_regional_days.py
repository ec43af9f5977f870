"""Regional days off (LEGAL-RULES.md §2, §4): an admin's addition is named, at once, beside the deadlines of
that organisation's decisions by an authority in that region — the deadline keeps the federal date (whether a
regional day extends a federal period is unsettled: the earlier candidate is shown). Nobody else's."""

from __future__ import annotations

from datetime import date
from io import StringIO

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command

from casework import projections
from casework.domain.events import PayloadInvalid
from casework.models import ClientStatus, Deadline, DeadlineChange, RegionalDayOff
from casework.services.calendar import regional_day_off_add, regional_day_off_remove
from casework.services.events import event_record
from tests.conftest import make_client

KOAP = {
    "decision_ref": "D1", "kind": "administrative_expulsion", "copy_received_on": "2025-02-27",
    "authority_region": "RU-TA", "authority_timezone": "Europe/Moscow",
}  # fmt: skip

# (decision, due date without the regional day, the regional day off, the later date it names)
CASES = {
    # koap_days: day 10 = Sun 09.03.2025 → Mon 10.03; with 10.03 off in Kazan it would be Tue 11.03.
    "koap_days": (KOAP, date(2025, 3, 10), date(2025, 3, 10), date(2025, 3, 11)),
    # kas_months: learned 27.02.2025 + 3 months = Tue 27.05.2025; with it off → Wed 28.05.
    "kas_months": (
        {
            "decision_ref": "D1",
            "kind": "deportation",
            "learned_on": "2025-02-27",
            "authority_region": "RU-TA",
        },
        date(2025, 5, 27),
        date(2025, 5, 27),
        date(2025, 5, 28),
    ),
    # kas_days: the LEGAL-RULES example, 28.04.2025 → 16.05.2025; a day off inside the period would count
    # one working day less, so the 10th working day would become Mon 19.05.
    "kas_days": (
        {
            "decision_ref": "D1",
            "kind": "bailiff_action",
            "learned_on": "2025-04-28",
            "authority_region": "RU-TA",
        },
        date(2025, 5, 16),
        date(2025, 5, 6),
        date(2025, 5, 19),
    ),
}


def client_with_decision(actor, region, decision, *, document_number):
    client = make_client(actor, region=region, document_number=document_number)
    occurred_on = date.fromisoformat(decision.get("copy_received_on") or decision["learned_on"])
    event_record(actor=actor, client=client, type="decision_issued", data=decision, occurred_on=occurred_on)
    return client


def stored(client) -> Deadline:
    return Deadline.objects.get(client=client, key="appeal:D1")


def due_on(client) -> date:
    return stored(client).due_on


def regional_step(client) -> dict | None:
    return next((step for step in stored(client).explanation if step["key"] == "regional_day_off"), None)


@pytest.mark.parametrize("unit", sorted(CASES))
def test_it_names_the_later_date_beside_the_federal_one_at_once(alice, dora, unit):
    decision, federal, day_off, later = CASES[unit]
    # The client lives in Moscow; the authority sits in Tatarstan: the authority's days off count.
    case = client_with_decision(alice, "RU-MOW", decision, document_number="TA0000001")
    assert (due_on(case), regional_step(case)) == (federal, None)

    regional_day_off_add(actor=dora, region="RU-TA", day=day_off, note="Republic Day")

    # The safe direction: the deadline stays on the federal date, the regional one is named — verify.
    assert due_on(case) == federal
    assert regional_step(case)["params"]["due_on"] == later.isoformat()
    assert "regional_day_off" in ClientStatus.objects.get(client=case).warning_codes
    assert not DeadlineChange.objects.filter(client=case).exists()  # nothing moved


def test_the_clients_own_region_does_not_matter(alice, dora):
    kazan = client_with_decision(
        alice, "RU-TA", {**KOAP, "authority_region": "RU-MOW"}, document_number="TA0000001"
    )
    regional_day_off_add(actor=dora, region="RU-TA", day=date(2025, 3, 10))

    assert (due_on(kazan), regional_step(kazan)) == (date(2025, 3, 10), None)
    assert "regional_day_off" not in ClientStatus.objects.get(client=kazan).warning_codes


def test_it_leaves_another_organisations_clients_alone(alice, dora, charlie):
    ours = client_with_decision(alice, "RU-MOW", KOAP, document_number="TA0000001")
    theirs = client_with_decision(charlie, "RU-MOW", KOAP, document_number="TA0000002")

    regional_day_off_add(actor=dora, region="RU-TA", day=date(2025, 3, 10))

    assert regional_step(ours) is not None
    assert regional_step(theirs) is None
    assert RegionalDayOff.objects.get().organisation_id == ours.organisation_id


def test_a_caseworker_may_not_add_a_regional_day(alice):
    kazan = client_with_decision(alice, "RU-TA", KOAP, document_number="TA0000001")

    with pytest.raises(PermissionDenied):
        regional_day_off_add(actor=alice, region="RU-TA", day=date(2025, 3, 10))

    assert not RegionalDayOff.objects.exists()
    assert due_on(kazan) == date(2025, 3, 10)


@pytest.mark.parametrize("region", ["RU-XX", "TA", "ru-ta", ""])
def test_it_refuses_an_unknown_region(dora, region):
    with pytest.raises(PayloadInvalid) as refused:
        regional_day_off_add(actor=dora, region=region, day=date(2025, 3, 10))

    assert list(refused.value.errors) == ["region"]
    assert not RegionalDayOff.objects.exists()


def test_it_refuses_the_same_day_twice(dora):
    regional_day_off_add(actor=dora, region="RU-TA", day=date(2025, 3, 10))

    with pytest.raises(PayloadInvalid) as refused:
        regional_day_off_add(actor=dora, region="RU-TA", day=date(2025, 3, 10))

    assert list(refused.value.errors) == ["day"]
    assert RegionalDayOff.objects.count() == 1


def test_removing_the_day_removes_the_named_date(alice, dora):
    kazan = client_with_decision(alice, "RU-MOW", KOAP, document_number="TA0000001")
    day_off = regional_day_off_add(actor=dora, region="RU-TA", day=date(2025, 3, 10))
    assert regional_step(kazan) is not None

    regional_day_off_remove(actor=dora, day_off=day_off)

    assert (due_on(kazan), regional_step(kazan)) == (date(2025, 3, 10), None)
    assert not RegionalDayOff.objects.exists()


def test_a_caseworker_may_not_remove_a_regional_day(alice, dora):
    day_off = regional_day_off_add(actor=dora, region="RU-TA", day=date(2025, 3, 10))

    with pytest.raises(PermissionDenied):
        regional_day_off_remove(actor=alice, day_off=day_off)

    assert RegionalDayOff.objects.filter(pk=day_off.pk).exists()


def test_a_regional_day_leaves_other_regions_current_without_a_refresh(alice, dora, charlie):
    kazan = client_with_decision(alice, "RU-MOW", KOAP, document_number="TA0000001")
    moscow = client_with_decision(
        alice, "RU-MOW", {**KOAP, "authority_region": "RU-MOW"}, document_number="MW0000001"
    )
    client_with_decision(charlie, "RU-MOW", KOAP, document_number="TA0000002")
    moscow_version = ClientStatus.objects.get(client=moscow).calendar_version
    regional_day_off_add(actor=dora, region="RU-TA", day=date(2025, 3, 10))

    # A calendar version covers only the days off of the authorities' regions: the client with a Kazan
    # authority was re-derived at once, the Moscow one's version did not change, and org B's calendar is
    # its own. Nothing is left for beat to do.
    assert ClientStatus.objects.get(client=moscow).calendar_version == moscow_version
    assert ClientStatus.objects.get(client=kazan).calendar_version != moscow_version
    call_command("rebuild_projections", "--verify", stdout=StringIO())
    assert projections.refresh_stale() == 0
    assert not DeadlineChange.objects.filter(client=moscow).exists()
