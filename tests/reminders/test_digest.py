"""The morning digest through the real worker and SMTP server: one e-mail per recipient for the morning's early
steps, once however often it is queued and however many workers race for it; urgent steps still go one by one
(issue 4; the digest's logic itself is in tests/test_digest.py)."""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.db import transaction

from casework.models import Membership, Reminder, ReminderState
from casework.reminders import ledger
from casework.reminders.tasks import enqueue_due, send_digest
from tests.conftest import DECISION_D1, assigner, make_client, record
from tests.reminders.conftest import at, queued_messages, rows, settle, wait_for

pytestmark = [pytest.mark.celery, pytest.mark.django_db(transaction=True)]

STEP_5 = "2025-03-03 09:00:00+03:00"
OUTCOME = re.compile(r"Task casework\.reminders\.send_digest\[[^\]]+\] succeeded in [^:]+: '(\w+)'")


def two_clients_of_a_digest_reader(alice):
    """alice reads English and chose the digest; both clients' D1 are due on 10.03.2025."""
    Membership.objects.filter(user=alice).update(reminder_digest=True, language="en")
    clients = []
    with at("2025-02-27 10:00:00+03:00"):
        for name, document in [("ZZSENTINEL Name", "ZZSENTINEL42"), ("Other Person", "AB7654321")]:
            client = make_client(alice, full_name=name, document_number=document)
            record(assigner(client), client, "caseworker_assigned", date(2025, 2, 27), user="alice")
            record(alice, client, "decision_issued", date(2025, 2, 27), **DECISION_D1)
            clients.append(client)
    return clients


def test_it_sends_the_mornings_early_steps_in_one_email_once(alice, smtp, broker, start_worker):
    clients = two_clients_of_a_digest_reader(alice)
    with at(STEP_5):
        assert enqueue_due() == 1  # one digest task for alice, not one task per row
        assert enqueue_due() == 0
    with at("2025-03-03 09:00:05+03:00"):
        assert enqueue_due() == 1  # still pending, no worker yet: queued again
    assert [message["args"] for message in queued_messages(broker)] == [[alice.pk], [alice.pk]]

    worker = start_worker()
    wait_for(lambda: len(OUTCOME.findall(worker.log())) == 2, message="both digest tasks to run")
    settle()
    assert sorted(OUTCOME.findall(worker.log())) == ["sent", "skipped"]
    (digest,) = smtp.messages()
    assert digest.rcpt_tos == [alice.email]
    assert digest.subject == "Deadlines today: 2 reminders"
    assert all(f"- Case {client.code}: appeal deadline, due 10.03.2025" in digest.text for client in clients)
    assert "zzsentinel" not in digest.raw.decode().casefold() + digest.text.casefold()
    first, last = sorted(Reminder.objects.filter(recipient=alice).values_list("id", flat=True))
    assert digest.message_id == f"<digest-{alice.pk}-{first}-{last}@127.0.0.1>"
    early = [row for client in clients for row in rows(client)]
    assert [(row.step, row.digest, row.state, row.attempts) for row in early] == [
        ("5", True, ReminderState.SENT, 1)
    ] * 2

    with at("2025-03-07 09:00:00+03:00"):  # step 1 is urgent: one e-mail per client
        assert enqueue_due() == 2
    wait_for(lambda: len(smtp.messages()) == 3, message="the urgent step")
    settle()
    assert sorted(message.subject for message in smtp.messages()[1:]) == sorted(
        f"{client.code} — appeal deadline 10.03.2025" for client in clients
    )


def test_it_sends_one_digest_when_two_workers_take_the_same_recipient_at_once(alice, smtp, start_worker):
    two_clients_of_a_digest_reader(alice)
    with at(STEP_5):
        ledger.insert_due()
    workers = [start_worker(), start_worker()]
    outcomes = lambda: sorted(found for worker in workers for found in OUTCOME.findall(worker.log()))  # noqa: E731

    # While another claim holds alice's rows, both tasks pass them by instead of waiting and sending them too.
    with transaction.atomic():
        list(Reminder.objects.select_for_update().filter(recipient=alice))
        send_digest.delay(alice.pk)
        send_digest.delay(alice.pk)
        wait_for(lambda: len(outcomes()) == 2, timeout=10, message="both digest tasks to pass the rows by")
    assert outcomes() == ["skipped", "skipped"]
    assert smtp.messages() == []

    send_digest.delay(alice.pk)
    send_digest.delay(alice.pk)
    wait_for(lambda: len(outcomes()) == 4, message="both digest tasks to run")
    settle()
    assert outcomes() == ["sent", "skipped", "skipped", "skipped"]
    assert sorted(len(OUTCOME.findall(worker.log())) for worker in workers) == [2, 2]
    assert len(smtp.messages()) == 1
    assert set(Reminder.objects.values_list("state", "attempts")) == {(ReminderState.SENT, 1)}
