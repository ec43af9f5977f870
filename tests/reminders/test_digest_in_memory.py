"""The morning digest: a user who chose it gets one e-mail for the morning's early steps; urgent steps and
immediate reminders still come one by one. Delivery here uses Django's in-memory outbox; transport through a
real SMTP server and worker is covered in test_digest.py."""

from __future__ import annotations

from datetime import date

import time_machine

from casework.models import Membership, Reminder, ReminderState
from casework.reminders import ledger
from casework.reminders.delivery import Outcome
from casework.reminders.digest import deliver_digest
from tests.conftest import DECISION_D1, assigner, make_client, record


def decision(actor, client, ref: str, received: str) -> None:
    record(
        actor,
        client,
        "decision_issued",
        received,
        **{**DECISION_D1, "decision_ref": ref, "copy_received_on": received},
    )


def two_clients_due_on_the_same_day(alice):
    Membership.objects.filter(user=alice).update(reminder_digest=True, language="en")
    clients = []
    with time_machine.travel("2025-02-27 10:00:00+03:00", tick=False):
        for number in range(2):
            client = make_client(alice, full_name=f"Person {number}", document_number=f"D{number}")
            record(assigner(client), client, "caseworker_assigned", date(2025, 2, 27), **{"user": "alice"})
            decision(alice, client, "D1", "2025-02-27")  # due 10.03.2025, step 5 on 03.03 at 09:00
            clients.append(client)
    return clients


def test_a_digest_user_gets_one_email_for_the_mornings_early_steps(alice, mailoutbox):
    clients = two_clients_due_on_the_same_day(alice)
    with time_machine.travel("2025-03-03 09:00:00+03:00", tick=False):
        ledger.insert_due()
        rows = Reminder.objects.filter(recipient=alice)
        assert [(r.step, r.digest) for r in rows] == [("5", True), ("5", True)]
        assert ledger.due_ids(now=rows[0].send_at) == []  # not sent one by one
        assert deliver_digest(alice.pk) == Outcome.SENT
        assert deliver_digest(alice.pk) == Outcome.SKIPPED  # nothing left to claim
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.subject == "Deadlines today: 2 reminders"
    assert all(client.code in message.body for client in clients)
    assert "10.03.2025" in message.body
    assert message.extra_headers["Message-ID"].startswith(f"<digest-{alice.pk}-")
    assert set(Reminder.objects.filter(recipient=alice).values_list("state", flat=True)) == {
        ReminderState.SENT
    }


def test_urgent_steps_are_not_held_for_the_digest(alice):
    two_clients_due_on_the_same_day(alice)
    with time_machine.travel("2025-03-07 09:00:00+03:00", tick=False):  # step 1
        ledger.insert_due()
    assert set(Reminder.objects.filter(recipient=alice).values_list("step", "digest")) == {("1", False)}


def test_an_immediate_reminder_is_not_held_for_the_digest(alice):
    Membership.objects.filter(user=alice).update(reminder_digest=True)
    with time_machine.travel("2025-03-04 10:00:00+03:00", tick=False):
        client = make_client(alice)
        record(assigner(client), client, "caseworker_assigned", date(2025, 3, 4), **{"user": "alice"})
        decision(alice, client, "D1", "2025-02-27")
        ledger.insert_due(client_id=client.id)  # what the on-commit hook does
    assert list(Reminder.objects.filter(recipient=alice).values_list("step", "digest")) == [("5", False)]


def test_a_met_deadline_drops_out_of_the_digest(alice, mailoutbox):
    first, second = two_clients_due_on_the_same_day(alice)
    with time_machine.travel("2025-03-03 09:00:00+03:00", tick=False):
        ledger.insert_due()
        record(alice, first, "appeal_filed", date(2025, 3, 3), **{"decision_ref": "D1", "forum": "court"})
        assert deliver_digest(alice.pk) == Outcome.SENT
    assert len(mailoutbox) == 1
    assert second.code in mailoutbox[0].body and first.code not in mailoutbox[0].body
    assert mailoutbox[0].subject == "Deadlines today: 1 reminder"


def test_an_unexpected_error_is_an_attempt_that_ends_failed_not_a_loop(alice, settings):
    """A row that cannot be rendered must not stay in "sending" (the reaper would retry it forever)."""
    from casework.models import Deadline
    from casework.reminders.delivery import deliver

    settings.CASEWORK_REMINDER_MAX_ATTEMPTS = 2
    client = two_clients_due_on_the_same_day(alice)[0]
    Membership.objects.filter(user=alice).update(reminder_digest=False)
    Deadline.objects.filter(client=client).update(authority_timezone="Not/AZone")
    with time_machine.travel("2025-03-03 09:00:00+03:00", tick=False):
        ledger.insert_due()
        reminder = Reminder.objects.get(client=client, recipient=alice)
        assert deliver(reminder.pk) == Outcome.RETRY
        reminder.refresh_from_db()
        assert (reminder.state, reminder.attempts, reminder.last_error) == (
            "pending",
            1,
            "ZoneInfoNotFoundError",
        )
    with time_machine.travel("2025-03-03 10:00:00+03:00", tick=False):
        assert deliver(reminder.pk) == Outcome.FAILED
    reminder.refresh_from_db()
    assert reminder.state == ReminderState.FAILED
