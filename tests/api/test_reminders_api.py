from __future__ import annotations

from datetime import date

import time_machine

from casework.models import Reminder, ReminderState
from casework.reminders import ledger
from casework.services.events import event_record
from tests.conftest import assigner, make_client


def client_with_due_reminders(alice):
    """A decision recorded on 27.02.2025 (due 10.03.2025); on 10.03 at 09:00 the step-0 rows are due."""
    with time_machine.travel("2025-02-27 10:00:00+03:00", tick=False):
        client = make_client(alice)
        event_record(actor=assigner(client), client=client, type="caseworker_assigned", data={"user": "alice"},
                     occurred_on=date(2025, 2, 27))  # fmt: skip
        event_record(
            actor=alice, client=client, type="decision_issued", occurred_on=date(2025, 2, 27),
            data={"decision_ref": "D1", "kind": "administrative_expulsion", "copy_received_on": "2025-02-27"},
        )  # fmt: skip
    with time_machine.travel("2025-03-10 09:00:00+03:00", tick=False):
        ledger.insert_due(client_id=client.id)
    return client


def test_it_lists_a_clients_reminders_with_their_delivery_state(api, alice, sam):
    client = client_with_due_reminders(alice)
    rows = api(alice).get(f"/api/clients/{client.id}/reminders/").json()
    assert {(r["recipient"], r["step"], r["state"], r["escalation"]) for r in rows} == {
        ("alice", "0", "pending", False),
        ("sam", "0", "pending", True),
    }
    assert rows[0]["deadline_key"] == "appeal:D1" and rows[0]["due_on"] == "2025-03-10"


def test_supervisors_see_the_organisations_delivery_failures_and_caseworkers_their_own(api, alice, sam, bob):
    client = client_with_due_reminders(alice)
    Reminder.objects.filter(client=client, recipient=sam).update(
        state=ReminderState.FAILED, last_error="SMTP"
    )
    assert api(sam).get("/api/reminders/failures/").json()["count"] == 1
    assert api(alice).get("/api/reminders/failures/").json()["count"] == 0
    Reminder.objects.filter(client=client).update(state=ReminderState.FAILED)
    assert api(alice).get("/api/reminders/failures/").json()["count"] == 1
    assert api(sam).get("/api/reminders/failures/").json()["count"] == 2
    assert api(bob).get("/api/reminders/failures/").status_code == 403


def test_another_organisation_sees_nothing(api, alice, sam, charlie):
    client = client_with_due_reminders(alice)
    Reminder.objects.filter(client=client).update(state=ReminderState.FAILED)
    assert api(charlie).get(f"/api/clients/{client.id}/reminders/").status_code == 404
    assert api(charlie).get("/api/reminders/failures/").json()["count"] == 0
