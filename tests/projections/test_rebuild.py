"""Read models are caches: a replay rebuilds them, `--verify` proves them equal to a fresh derivation."""

from __future__ import annotations

import random
from datetime import date, timedelta
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from casework import projections
from casework.domain import choices
from casework.domain.events import PayloadInvalid
from casework.models import CaseFact, ClientStatus, Deadline, DeadlineChange, Event
from casework.services.events import event_record
from tests.conftest import make_client

TODAY = date(2026, 6, 30)
FIRST_DAY = date(2025, 1, 15)
REGIONS = ("RU-MOW", "RU-TA", "RU-SPE", "RU-SVE")


@pytest.fixture
def at_the_end_of_june_2026():
    with time_machine.travel("2026-06-30 12:00:00+03:00", tick=False):
        yield


def random_history(rng: random.Random, actor, client, *, length: int) -> int:
    """Record `length` events of varied types in world order; returns how many the store accepted."""
    day = FIRST_DAY + timedelta(days=rng.randrange(60))
    decisions: list[str] = []
    recorded: list[Event] = []
    accepted = 0
    for _ in range(length):
        day = min(day + timedelta(days=rng.randrange(1, 25)), TODAY)
        type, data = _random_event(rng, day, decisions, recorded)
        try:
            result = event_record(actor=actor, client=client, type=type, data=data, occurred_on=day)
        except PayloadInvalid:
            continue
        accepted += 1
        recorded.append(result.event)
        if type == "decision_issued":
            decisions.append(data["decision_ref"])
    return accepted


def _random_event(rng, day, decisions, recorded):
    later = (day + timedelta(days=rng.randrange(0, 4))).isoformat()
    kinds = ("administrative_expulsion", "deportation", "entry_ban", "stay_reduction", "bailiff_action")
    match rng.choice(
        ("register_inclusion", "register_check", "register_exclusion", "bank_account_frozen",
         "bank_account_unfrozen", "restriction_enforced", "decision_issued", "decision_issued",
         "decision_served", "appeal_filed", "appeal_decided", "detained", "released", "entered_russia",
         "departed_russia", "legal_grounds_acquired", "order_to_appear_served", "obligation_breach",
         "case_closed", "case_reopened", "note_added", "event_retracted", "event_corrected")
    ):  # fmt: skip
        case "register_inclusion":
            return "register_inclusion", {
                "ground": rng.choice(choices.REGISTER_GROUNDS[:-1]),
                **({"posted_on": later} if rng.random() < 0.6 else {}),
            }
        case "register_check":
            return "register_check", {"listed": rng.random() < 0.7}
        case "register_exclusion":
            return "register_exclusion", {"ground": rng.choice(choices.EXCLUSION_GROUNDS[:-1])}
        case "restriction_enforced":
            return "restriction_enforced", {"restriction": rng.choice(choices.RESTRICTION_CODES)}
        case "decision_issued":
            data = {"decision_ref": f"D{len(decisions) + 1}", "kind": rng.choice(kinds)}
            if rng.random() < 0.7:
                data[rng.choice(("copy_received_on", "learned_on"))] = later
            if rng.random() < 0.2:
                data["authority_timezone"] = rng.choice(("Asia/Yekaterinburg", "Asia/Vladivostok"))
            return "decision_issued", data
        case "decision_served" if decisions:
            return "decision_served", {"decision_ref": rng.choice(decisions), "how": "delivered"}
        case "appeal_filed" if decisions:
            return "appeal_filed", {
                "decision_ref": rng.choice(decisions),
                "forum": rng.choice(choices.APPEAL_FORUMS),
            }
        case "appeal_decided" if decisions:
            return "appeal_decided", {
                "decision_ref": rng.choice(decisions),
                "outcome": rng.choice(choices.APPEAL_OUTCOMES),
                "copy_received_on": later,
            }
        case "detained":
            return "detained", {"basis": rng.choice(choices.DETENTION_BASES), "facility": "TsVSIG"}
        case "legal_grounds_acquired":
            return "legal_grounds_acquired", {"kind": rng.choice(choices.LEGAL_GROUND_KINDS)}
        case "order_to_appear_served":
            return "order_to_appear_served", {"appear_by": f"{later}T10:00:00+03:00"}
        case "obligation_breach":
            return "obligation_breach", {"kind": rng.choice(choices.OBLIGATION_BREACH_KINDS)}
        case "note_added":
            return "note_added", {"text": f"called on {day.isoformat()}"}
        case "event_retracted" if recorded:
            return "event_retracted", {
                "retracts": str(rng.choice(recorded).id),
                "reason": "recorded by mistake",
            }
        case "event_corrected" if decisions:
            target = rng.choice([event for event in recorded if event.type == "decision_issued"])
            corrected = {**target.data, "copy_received_on": later}
            corrected.pop("learned_on", None)
            return "event_corrected", {"corrects": str(target.id), "data": corrected}
        case "released" | "departed_russia" | "bank_account_frozen" | "bank_account_unfrozen" as simple:
            return simple, {}
        case "entered_russia" | "case_closed" | "case_reopened" as simple:
            return simple, {}
    return "register_check", {"listed": True}


def verify() -> str:
    out = StringIO()
    call_command("rebuild_projections", "--verify", stdout=out)
    return out.getvalue()


@pytest.fixture
def random_clients(alice, at_the_end_of_june_2026):
    rng = random.Random(20250205)
    clients, accepted = [], 0
    for number in range(6):
        client = make_client(alice, document_number=f"RB{number:07d}", region=rng.choice(REGIONS))
        accepted += random_history(rng, alice, client, length=12)
        clients.append(client)
    # The generator writes valid histories: nearly everything it tries must be accepted.
    assert accepted >= 60
    return clients


def test_it_verifies_read_models_written_by_appends(random_clients):
    assert Deadline.objects.filter(client__in=random_clients).count() >= 6
    types = set(Event.objects.filter(client__in=random_clients).values_list("type", flat=True))
    assert len(types) >= 12, types

    report = verify()

    assert "Verified 6 clients" in report


def test_verify_names_the_client_and_field_of_a_tampered_deadline(random_clients):
    tampered = Deadline.objects.filter(client__in=random_clients).order_by("client_id", "key").first()
    with connection.cursor() as cursor:
        cursor.execute("UPDATE casework_deadline SET due_on = due_on + 1 WHERE id = %s", [tampered.id])

    out = StringIO()
    with pytest.raises(CommandError, match="1 of 6 clients differ"):
        call_command("rebuild_projections", "--verify", stdout=out)

    lines = out.getvalue().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith(f"{tampered.client_id}: deadline {tampered.key}.due_on: stored ")
    # --verify writes nothing: the tampered date is still there.
    assert Deadline.objects.get(pk=tampered.pk).due_on == tampered.due_on + timedelta(days=1)


def test_verify_names_the_client_and_field_of_a_tampered_status(random_clients):
    victim = random_clients[3]
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE casework_clientstatus SET listed = NOT listed, citizenship = 'AFG' WHERE client_id = %s",
            [victim.id],
        )

    out = StringIO()
    with pytest.raises(CommandError):
        call_command("rebuild_projections", "--verify", stdout=out)

    report = out.getvalue()
    assert f"{victim.id}: status.listed: stored " in report
    assert f"{victim.id}: status.citizenship: stored 'AFG', derived 'TJK'" in report
    assert all(line.startswith(str(victim.id)) for line in report.splitlines())


def test_it_writes_the_statistical_facts_with_every_append(random_clients):
    kinds = set(CaseFact.objects.filter(client__in=random_clients).values_list("kind", flat=True))
    assert {"intake", "inclusion", "decision"} <= kinds
    assert CaseFact.objects.filter(client__in=random_clients, kind="intake").count() == 6


def test_verify_and_rebuild_catch_and_repair_a_tampered_fact(random_clients):
    victim = random_clients[2]
    fact = CaseFact.objects.filter(client=victim, kind="intake").get()
    with connection.cursor() as cursor:
        cursor.execute("UPDATE casework_casefact SET occurred_on = '2020-01-01' WHERE id = %s", [fact.id])
        cursor.execute(
            "INSERT INTO casework_casefact (organisation_id, client_id, sequence, kind, occurred_on, "
            "category, outcome) VALUES (%s, %s, 999, 'detention', '2026-01-01', 'other', '')",
            [victim.organisation_id, victim.id],
        )

    out = StringIO()
    with pytest.raises(CommandError, match="1 of 6 clients differ"):
        call_command("rebuild_projections", "--verify", stdout=out)
    assert out.getvalue().startswith(f"{victim.id}: facts: stored ")

    call_command("rebuild_projections", stdout=StringIO())

    assert "Verified 6 clients" in verify()
    assert CaseFact.objects.get(client=victim, kind="intake").occurred_on == fact.occurred_on
    assert not CaseFact.objects.filter(client=victim, sequence=999).exists()


def test_rebuild_repairs_tampered_read_models(random_clients):
    deadline = Deadline.objects.filter(client__in=random_clients).order_by("client_id", "key").first()
    victim = random_clients[0]
    expected_listed = ClientStatus.objects.get(client=victim).listed
    with connection.cursor() as cursor:
        cursor.execute("UPDATE casework_deadline SET due_on = due_on - 5 WHERE id = %s", [deadline.id])
        cursor.execute(
            "UPDATE casework_clientstatus SET listed = NOT listed WHERE client_id = %s", [victim.id]
        )
        # A deadline that nothing derives: the rebuild must remove it.
        cursor.execute(
            "INSERT INTO casework_deadline (organisation_id, client_id, key, kind, rule, rule_version, "
            "decision_ref, level, due_on, due_at, local_cutoff, authority_timezone, status, estimated, "
            "confidence, legal_basis, action, next_step, trigger_on, explanation, derived_at) "
            "VALUES (%s, %s, 'appeal:FORGED', 'appeal', 'koap_expulsion_appeal', 1, 'FORGED', 1, "
            "'2026-07-01', now(), now(), 'Europe/Moscow', 'open', false, 'high', '', '', '', '2026-06-01', "
            "'[]', now())",
            [victim.organisation_id, victim.id],
        )
    with pytest.raises(CommandError):
        verify()

    out = StringIO()
    call_command("rebuild_projections", stdout=out)

    assert "Rebuilt the read models of 6 clients." in out.getvalue()
    assert "Verified 6 clients" in verify()
    assert ClientStatus.objects.get(client=victim).listed is expected_listed
    assert not Deadline.objects.filter(key="appeal:FORGED").exists()
    repaired = Deadline.objects.get(pk=deadline.pk)
    assert repaired.due_on == deadline.due_on
    moved_back = DeadlineChange.objects.get(client_id=deadline.client_id, key=deadline.key, reason="rebuild")
    assert (moved_back.old_due_on, moved_back.new_due_on) == (
        deadline.due_on - timedelta(days=5),
        deadline.due_on,
    )


def test_refresh_stale_marks_a_passed_deadline_missed(alice):
    client, quiet = make_client(alice), make_client(alice, document_number="QU0000001")
    with time_machine.travel("2025-03-05 10:00:00+03:00", tick=False):
        decision = {
            "decision_ref": "D1",
            "kind": "administrative_expulsion",
            "copy_received_on": "2025-02-27",
        }
        event_record(
            actor=alice, client=client, type="decision_issued", data=decision, occurred_on=date(2025, 2, 27)
        )
        event_record(
            actor=alice, client=quiet, type="note_added", data={"text": "x"}, occurred_on=date(2025, 3, 5)
        )
    assert Deadline.objects.get(client=client, key="appeal:D1").status == "open"

    # 10.03.2025 24:00 in Moscow has passed: no new event, only time.
    with time_machine.travel("2025-03-11 09:00:00+03:00", tick=False):
        assert projections.refresh_stale() == 1

    deadline = Deadline.objects.get(client=client, key="appeal:D1")
    assert deadline.status == "missed"
    assert "petition to restore" in deadline.next_step
    status = ClientStatus.objects.get(client=client)
    # In force on 11.03 (not appealed): the departure and the two-year limit open.
    assert (status.derived_as_of, status.open_deadlines, status.missed_deadlines) == (date(2025, 3, 11), 2, 1)
    # Nothing was pending for the other client, so it was left as derived.
    assert ClientStatus.objects.get(client=quiet).derived_as_of == date(2025, 3, 5)


def test_refresh_stale_leaves_a_deadline_open_until_its_last_day_has_passed(alice):
    client = make_client(alice)
    with time_machine.travel("2025-03-05 10:00:00+03:00", tick=False):
        decision = {
            "decision_ref": "D1",
            "kind": "administrative_expulsion",
            "copy_received_on": "2025-02-27",
        }
        event_record(
            actor=alice, client=client, type="decision_issued", data=decision, occurred_on=date(2025, 2, 27)
        )

    with time_machine.travel("2025-03-10 23:59:00+03:00", tick=False):
        assert projections.refresh_stale() == 1

    assert Deadline.objects.get(client=client).status == "open"
    assert ClientStatus.objects.get(client=client).derived_as_of == date(2025, 3, 10)
