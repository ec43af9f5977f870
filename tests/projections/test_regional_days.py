"""Regional days off (LEGAL-RULES.md §4): an admin's addition moves that organisation's deadlines in that
region at once, logged; nobody else's."""

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

KOAP = {"decision_ref": "D1", "kind": "administrative_expulsion", "copy_received_on": "2025-02-27"}

# (decision, due date without the regional day, the regional day off, due date with it)
CASES = {
    # koap_days: day 10 = Sun 09.03.2025 → Mon 10.03; with 10.03 off in Kazan → Tue 11.03.
    "koap_days": (KOAP, date(2025, 3, 10), date(2025, 3, 10), date(2025, 3, 11)),
    # kas_months: learned 27.02.2025 + 3 months = Tue 27.05.2025; with it off → Wed 28.05.
    "kas_months": (
        {"decision_ref": "D1", "kind": "deportation", "learned_on": "2025-02-27"},
        date(2025, 5, 27),
        date(2025, 5, 27),
        date(2025, 5, 28),
    ),
    # kas_days: the LEGAL-RULES example, 28.04.2025 → 16.05.2025; a day off inside the period counts
    # one working day less, so the 10th working day becomes Mon 19.05.
    "kas_days": (
        {"decision_ref": "D1", "kind": "bailiff_action", "learned_on": "2025-04-28"},
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


def due_on(client) -> date:
    return Deadline.objects.get(client=client, key="appeal:D1").due_on


@pytest.mark.parametrize("unit", sorted(CASES))
def test_it_moves_the_deadline_of_a_client_in_the_region_and_logs_why(alice, dora, unit):
    decision, before, day_off, after = CASES[unit]
    kazan = client_with_decision(alice, "RU-TA", decision, document_number="TA0000001")
    assert due_on(kazan) == before

    regional_day_off_add(actor=dora, region="RU-TA", day=day_off, note="Republic Day")

    assert due_on(kazan) == after
    change = DeadlineChange.objects.get(client=kazan)
    assert (change.key, change.old_due_on, change.new_due_on) == ("appeal:D1", before, after)
    assert change.reason.startswith(f"regional day off {day_off.isoformat()} added in RU-TA; ")
    assert "production calendar changed" in change.reason
    explanation = " ".join(step["text"] for step in Deadline.objects.get(client=kazan).explanation)
    assert after.strftime("%d.%m.%Y") in explanation


def test_it_leaves_a_moscow_client_alone(alice, dora):
    moscow = client_with_decision(alice, "RU-MOW", KOAP, document_number="MW0000001")

    regional_day_off_add(actor=dora, region="RU-TA", day=date(2025, 3, 10))

    assert due_on(moscow) == date(2025, 3, 10)
    assert not DeadlineChange.objects.filter(client=moscow).exists()
    status = ClientStatus.objects.get(client=moscow)
    assert (status.version, status.missed_deadlines) == (2, 1)


def test_it_leaves_another_organisations_clients_in_the_region_alone(alice, dora, charlie):
    ours = client_with_decision(alice, "RU-TA", KOAP, document_number="TA0000001")
    theirs = client_with_decision(charlie, "RU-TA", KOAP, document_number="TA0000002")

    regional_day_off_add(actor=dora, region="RU-TA", day=date(2025, 3, 10))

    assert due_on(ours) == date(2025, 3, 11)
    assert due_on(theirs) == date(2025, 3, 10)
    assert not DeadlineChange.objects.filter(client=theirs).exists()
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


def test_removing_the_day_moves_the_deadline_back(alice, dora):
    kazan = client_with_decision(alice, "RU-TA", KOAP, document_number="TA0000001")
    day_off = regional_day_off_add(actor=dora, region="RU-TA", day=date(2025, 3, 10))
    assert due_on(kazan) == date(2025, 3, 11)

    regional_day_off_remove(actor=dora, day_off=day_off)

    assert due_on(kazan) == date(2025, 3, 10)
    back = DeadlineChange.objects.filter(client=kazan).order_by("changed_at", "id").last()
    assert (back.old_due_on, back.new_due_on) == (date(2025, 3, 11), date(2025, 3, 10))
    assert back.reason.startswith("regional day off 2025-03-10 removed in RU-TA; ")
    assert not RegionalDayOff.objects.exists()


def test_a_caseworker_may_not_remove_a_regional_day(alice, dora):
    day_off = regional_day_off_add(actor=dora, region="RU-TA", day=date(2025, 3, 10))

    with pytest.raises(PermissionDenied):
        regional_day_off_remove(actor=alice, day_off=day_off)

    assert RegionalDayOff.objects.filter(pk=day_off.pk).exists()


def test_a_regional_day_leaves_other_regions_current_without_a_refresh(alice, dora, charlie):
    kazan = client_with_decision(alice, "RU-TA", KOAP, document_number="TA0000001")
    moscow = client_with_decision(alice, "RU-MOW", KOAP, document_number="MW0000001")
    client_with_decision(charlie, "RU-TA", KOAP, document_number="TA0000002")
    moscow_version = ClientStatus.objects.get(client=moscow).calendar_version
    regional_day_off_add(actor=dora, region="RU-TA", day=date(2025, 3, 10))

    # Each region's calendar version covers only its own days off: Kazan was re-derived at once, Moscow's
    # version did not change, and org B's calendar is its own. Nothing is left for beat to do.
    assert ClientStatus.objects.get(client=moscow).calendar_version == moscow_version
    assert ClientStatus.objects.get(client=kazan).calendar_version != moscow_version
    call_command("rebuild_projections", "--verify", stdout=StringIO())
    assert projections.refresh_stale() == 0
    assert not DeadlineChange.objects.filter(client=moscow).exists()
