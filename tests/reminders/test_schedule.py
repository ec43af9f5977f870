"""A deadline produces exactly its scheduled e-mails, at 09:00 local time on each step day, in the recipient's
language; steps already past when the deadline is recorded collapse into one immediate e-mail (issue 4)."""

from __future__ import annotations

import re

import pytest
from django.conf import settings

from casework.models import Reminder, ReminderState
from casework.reminders.tasks import enqueue_due
from tests.conftest import record_decision
from tests.reminders.conftest import assigned_client, at, rows, settle, wait_for

pytestmark = [pytest.mark.celery, pytest.mark.django_db(transaction=True)]

# Due Mon 10.03.2025. 5, 3, 1 and 0 working days before: Mon 03.03, Wed 05.03, Fri 07.03 (Sat 08.03 is a
# holiday) and Mon 10.03, each at 09:00 Moscow time.
STEP_DAYS = {"5": "2025-03-03", "3": "2025-03-05", "1": "2025-03-07", "0": "2025-03-10"}
MESSAGE_ID = re.compile(r"^<reminder-(\d+)@[^>]+>$")


def steps_received(smtp, address: str) -> list[str]:
    by_id = {row.pk: row.step for row in Reminder.objects.all()}
    return [by_id[message.reminder_id] for message in smtp.to(address)]


def test_it_sends_each_step_at_nine_local_time_in_the_recipients_language(people, smtp, worker):
    alice, sam = people
    client = assigned_client(alice)
    record_decision(alice, client, at="2025-02-27 10:00:00+03:00")
    settle(0.5)
    assert smtp.messages() == []

    for sent_before, (step, day) in enumerate(STEP_DAYS.items()):
        with at(f"{day} 08:59:00+03:00"):
            assert enqueue_due() == 0
        settle(0.3)
        assert len(smtp.to(alice.email)) == sent_before, f"step {step} went out before 09:00"
        with at(f"{day} 09:00:00+03:00"):
            assert enqueue_due() == (2 if step == "0" else 1)
        wait_for(lambda n=sent_before + 1: len(smtp.to(alice.email)) == n, message=f"step {step} for alice")
    wait_for(lambda: len(smtp.to(sam.email)) == 1, message="step 0 for sam")
    settle()

    assert steps_received(smtp, alice.email) == ["5", "3", "1", "0"]
    assert [message.subject for message in smtp.to(alice.email)] == [
        f"{client.code} — appeal deadline 10.03.2025",
        f"{client.code} — appeal deadline 10.03.2025",
        f"{client.code} — appeal deadline 10.03.2025",
        f"TODAY: {client.code} — appeal deadline 10.03.2025",
    ]
    assert steps_received(smtp, sam.email) == ["0"]
    assert [message.subject for message in smtp.to(sam.email)] == [
        f"СЕГОДНЯ: {client.code} — срок обжалования 10.03.2025"
    ]
    assert len(smtp.messages()) == 5
    assert all(len(message.rcpt_tos) == 1 for message in smtp.messages())

    ledger = rows(client)
    assert [(row.step, row.recipient.username, row.escalation) for row in ledger] == [
        ("5", "alice", False),
        ("3", "alice", False),
        ("1", "alice", False),
        ("0", "alice", False),
        ("0", "sam", True),
    ]
    assert {row.state for row in ledger} == {ReminderState.SENT}
    assert {row.attempts for row in ledger} == {1}
    assert all(row.sent_at is not None for row in ledger)
    assert [row.send_at.isoformat() for row in ledger if row.recipient == alice] == [
        f"{day}T06:00:00+00:00" for day in STEP_DAYS.values()
    ]


def test_it_writes_the_case_code_due_date_cut_off_and_link_and_a_stable_message_id(people, smtp, worker):
    alice, sam = people
    client = assigned_client(alice)
    # Recorded on the due day itself: step 0 goes out at once, to alice and (escalation) to sam.
    record_decision(alice, client, at="2025-03-10 10:00:00+03:00")
    wait_for(lambda: len(smtp.messages()) == 2, message="the step-0 e-mails")
    link = f"{settings.CASEWORK_BASE_URL}/clients/{client.id}/"
    english, russian = smtp.to(alice.email)[0], smtp.to(sam.email)[0]

    assert english.text.splitlines()[0] == f"Case {client.code}"
    assert "The deadline below ends TODAY." in english.text
    assert "Due date:  10.03.2025" in english.text
    assert "Cut-off:   24:00, 10.03.2025 Moscow time" in english.text
    assert f"Open the case: {link}" in english.text
    assert f'<a href="{link}">Open the case</a>' in english.html
    assert "as a supervisor" not in english.text

    assert russian.text.splitlines()[0] == f"Дело {client.code}"
    assert "Срок, указанный ниже, истекает СЕГОДНЯ." in russian.text
    assert "Дата:           10.03.2025" in russian.text
    assert "Окончание:      24:00, 10.03.2025 по московскому времени" in russian.text
    assert "Вы получили это письмо как руководитель организации." in russian.text
    assert f'<a href="{link}">Открыть дело</a>' in russian.html

    for message in (english, russian):
        row = Reminder.objects.get(pk=message.reminder_id)
        assert MESSAGE_ID.match(message.message_id).group(1) == str(row.pk)
        assert message.message_id == f"<reminder-{row.pk}@127.0.0.1>"
        assert message.rcpt_tos == [row.recipient.email]
        assert row.state == ReminderState.SENT


def test_it_collapses_steps_already_past_into_one_immediate_email(people, smtp, worker):
    alice, sam = people
    client = assigned_client(alice)
    # After the steps of 03.03 (5) and 05.03 (3): one e-mail right after the commit, no beat run needed.
    record_decision(alice, client, at="2025-03-06 12:00:00+03:00")
    wait_for(lambda: len(smtp.messages()) == 1, message="the immediate e-mail")
    settle()
    assert len(smtp.messages()) == 1
    assert steps_received(smtp, alice.email) == ["3"]
    assert [row.step for row in rows(client)] == ["3"]

    with at("2025-03-07 09:00:00+03:00"):
        assert enqueue_due() == 1
    wait_for(lambda: len(smtp.messages()) == 2, message="step 1")
    with at("2025-03-10 09:00:00+03:00"):
        assert enqueue_due() == 2
    wait_for(lambda: len(smtp.messages()) == 4, message="step 0")
    settle()

    assert steps_received(smtp, alice.email) == ["3", "1", "0"]
    assert steps_received(smtp, sam.email) == ["0"]
    assert len(smtp.messages()) == 4
    assert {row.state for row in rows(client)} == {ReminderState.SENT}
