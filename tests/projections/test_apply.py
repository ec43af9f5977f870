"""Read models follow every append, in the append's own transaction (DESIGN.md, principle 4)."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
import time_machine
from django.db import transaction

from casework.domain.events import PayloadInvalid
from casework.domain.restrictions import RESTRICTION_RULES
from casework.models import ClientStatus, Deadline, DeadlineChange, Event
from tests.conftest import DECISION_D1, assigner, make_client, record, record_decision

# The machine clock says 2026; the worked example of LEGAL-RULES.md lives in March 2025.
DURING_THE_APPEAL_PERIOD = "2025-03-05 10:00:00+03:00"


@pytest.fixture
def in_march_2025():
    with time_machine.travel(DURING_THE_APPEAL_PERIOD, tick=False):
        yield


def test_it_writes_the_status_row_when_the_client_is_registered(alice):
    client = make_client(alice, citizenship="UZB", sex="F", region="RU-TA")
    status = ClientStatus.objects.get(client=client)
    assert (status.version, status.citizenship, status.sex, status.birth_year, status.region) == (
        1,
        "UZB",
        "F",
        1990,
        "RU-TA",
    )
    assert status.listed is False
    assert status.restriction_codes == []
    assert status.next_deadline_on is None
    assert status.open_deadlines == 0


def test_it_derives_register_restrictions_and_deadlines_into_the_status_row(alice, in_march_2025):
    client = make_client(alice)
    record(
        alice, client, "register_inclusion", date(2025, 2, 10), ground="stay_expired", posted_on="2025-02-11"
    )
    record(alice, client, "bank_account_frozen", date(2025, 2, 20))
    record_decision(alice, client)

    status = ClientStatus.objects.get(client=client)
    assert status.version == 4
    assert status.derived_as_of == date(2025, 3, 5)
    assert status.listed is True
    assert status.listed_since == date(2025, 2, 10)
    assert status.register_ground == "stay_expired"
    assert status.posted_on == date(2025, 2, 11)
    assert status.excluded_on is None
    assert status.restriction_codes == sorted(rule.code for rule in RESTRICTION_RULES)
    assert "banking_restricted" in status.restriction_codes
    assert status.bank_account_frozen is True
    assert status.detained is False
    # appeal:D1 (10.03.2025) and the register inclusion (posted 11.02 + 3 months = Sun 11.05 → Mon 12.05).
    assert status.open_deadlines == 2
    assert status.next_deadline_on == date(2025, 3, 10)
    assert status.next_deadline_at == datetime(2025, 3, 10, 21, 0, tzinfo=UTC)
    register = Deadline.objects.get(client=client, key__startswith="register:")
    assert (register.rule, register.due_on, register.status) == (
        "kas_register_inclusion",
        date(2025, 5, 12),
        "open",
    )


def test_it_records_detention_and_release(alice, in_march_2025):
    client = make_client(alice)
    record(alice, client, "detained", date(2025, 3, 1), basis="expulsion", facility="TsVSIG No. 1")
    status = ClientStatus.objects.get(client=client)
    assert (status.detained, status.detained_since) == (True, date(2025, 3, 1))

    record(alice, client, "released", date(2025, 3, 4))
    status.refresh_from_db()
    assert (status.detained, status.detained_since) == (False, None)


def test_it_writes_the_worked_example_deadline_of_legal_rules(alice, in_march_2025):
    client = make_client(alice)
    decision = record_decision(alice, client)

    deadline = Deadline.objects.get(client=client)
    assert deadline.key == "appeal:D1"
    assert deadline.kind == "appeal"
    assert deadline.decision_ref == "D1"
    assert deadline.due_on == date(2025, 3, 10)
    assert deadline.due_at == datetime(2025, 3, 10, 21, 0, tzinfo=UTC)
    assert deadline.authority_timezone == "Europe/Moscow"
    assert deadline.rule == "koap_expulsion_appeal"
    assert deadline.rule_version == 2
    assert deadline.legal_basis == "KoAP RF art. 30.1, 30.3 part 1, 4.8"
    assert deadline.confidence == "high"
    assert deadline.estimated is False
    assert deadline.status == "open"
    assert deadline.trigger_event == decision.id
    assert deadline.trigger_on == date(2025, 2, 27)
    assert deadline.organisation_id == client.organisation_id
    texts = [step["text"] for step in deadline.explanation]
    assert texts and all(texts)
    assert any("09.03.2025, Sunday" in text and "10.03.2025" in text for text in texts), texts


def test_it_marks_the_deadline_met_by_an_appeal_filed_on_the_last_day(alice):
    client = make_client(alice)
    with time_machine.travel("2025-03-10 23:30:00+03:00", tick=False):
        record_decision(alice, client)
        record(alice, client, "appeal_filed", date(2025, 3, 10), decision_ref="D1", forum="court")

    deadline = Deadline.objects.get(client=client, key="appeal:D1")
    assert deadline.status == "met"
    status = ClientStatus.objects.get(client=client)
    assert (status.open_deadlines, status.next_deadline_on, status.next_deadline_at) == (0, None, None)


def test_it_marks_the_deadline_missed_when_the_appeal_came_a_day_late(alice):
    client = make_client(alice)
    with time_machine.travel("2025-03-11 12:00:00+03:00", tick=False):
        record_decision(alice, client)
        record(alice, client, "appeal_filed", date(2025, 3, 11), decision_ref="D1", forum="court")

    assert Deadline.objects.get(client=client, key="appeal:D1").status == "missed"
    status = ClientStatus.objects.get(client=client)
    # Not appealed in time: in force on 11.03, so the 5-day departure and the two-year limit are open.
    assert (status.open_deadlines, status.missed_deadlines) == (2, 1)


def test_it_moves_the_due_date_on_a_correction_and_logs_the_change(alice, in_march_2025):
    client = make_client(alice)
    decision = record_decision(alice, client)
    assert not DeadlineChange.objects.filter(client=client).exists()

    corrected = {**DECISION_D1, "copy_received_on": "2025-03-03"}
    correction = record(
        alice, client, "event_corrected", date(2025, 3, 5), corrects=str(decision.id), data=corrected
    )

    # Day 10 after 03.03.2025 is Thursday 13.03.2025, a working day.
    deadline = Deadline.objects.get(client=client, key="appeal:D1")
    assert (deadline.due_on, deadline.trigger_on) == (date(2025, 3, 13), date(2025, 3, 3))
    change = DeadlineChange.objects.get(client=client)
    assert (change.key, change.old_due_on, change.new_due_on) == (
        "appeal:D1",
        date(2025, 3, 10),
        date(2025, 3, 13),
    )
    assert (change.old_rule_version, change.new_rule_version) == (2, 2)
    assert correction.version == 3
    assert "v3" in change.reason
    assert ClientStatus.objects.get(client=client).next_deadline_on == date(2025, 3, 13)


def test_it_cancels_the_deadline_of_a_retracted_decision(alice, in_march_2025):
    client = make_client(alice)
    decision = record_decision(alice, client)
    record(
        alice, client, "event_retracted", date(2025, 3, 5), retracts=str(decision.id), reason="wrong client"
    )

    deadline = Deadline.objects.get(client=client, key="appeal:D1")
    assert deadline.status == "cancelled"
    assert deadline.due_on == date(2025, 3, 10)
    status = ClientStatus.objects.get(client=client)
    assert (status.open_deadlines, status.next_deadline_on) == (0, None)


def test_a_refused_event_leaves_the_read_models_untouched(alice, in_march_2025):
    client = make_client(alice)
    record_decision(alice, client)
    before_status = ClientStatus.objects.filter(client=client).values().get()
    before_deadlines = list(Deadline.objects.filter(client=client).values())

    with pytest.raises(PayloadInvalid) as refused:
        # A second decision under the same reference is refused by check_sequence.
        record_decision(alice, client, kind="deportation")
    assert "decision_ref" in refused.value.errors

    assert ClientStatus.objects.filter(client=client).values().get() == before_status
    assert list(Deadline.objects.filter(client=client).values()) == before_deadlines
    assert Event.objects.filter(client=client).count() == 2


def test_the_read_models_roll_back_with_the_append(alice, in_march_2025):
    client = make_client(alice)

    class Abort(Exception):
        pass

    with pytest.raises(Abort), transaction.atomic():
        record_decision(alice, client)
        # Inside the append's transaction the read models are already up to date...
        assert Deadline.objects.filter(client=client, key="appeal:D1").exists()
        assert ClientStatus.objects.get(client=client).version == 2
        raise Abort

    # ...and they go with it when it rolls back.
    assert not Deadline.objects.filter(client=client).exists()
    assert ClientStatus.objects.get(client=client).version == 1
    assert Event.objects.filter(client=client).count() == 1


def test_it_sets_the_assignee_to_a_user_of_the_organisation(api, alice, sam, client_of_alice):
    response = api(assigner(client_of_alice)).post(
        f"/api/clients/{client_of_alice.id}/events/",
        {"type": "caseworker_assigned", "occurred_on": "2026-11-01", "data": {"user": "sam"}},
        format="json",
    )
    assert response.status_code == 201, response.json()
    assert ClientStatus.objects.get(client=client_of_alice).assigned_to == sam


@pytest.mark.parametrize("username", ["nobody", "charlie", "bob"])
def test_it_refuses_an_assignee_outside_the_organisations_case_staff(
    api, alice, bob, charlie, client_of_alice, username
):
    response = api(assigner(client_of_alice)).post(
        f"/api/clients/{client_of_alice.id}/events/",
        {"type": "caseworker_assigned", "occurred_on": "2026-11-01", "data": {"user": username}},
        format="json",
    )
    assert response.status_code == 400, response.json()
    assert response.json()["code"] == "invalid"
    assert "user" in response.json()["errors"]
    assert ClientStatus.objects.get(client=client_of_alice).assigned_to is None
    assert Event.objects.filter(client=client_of_alice).count() == 1
