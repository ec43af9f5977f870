"""An assignee who cannot be reached (deactivated, or without e-mail) does not silence the early steps: the
supervisors get every step, and the failure list says why the assignee got none (issue 14, item 8)."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model

from casework.models import ReminderState
from casework.reminders import ledger
from casework.reminders.ledger import ASSIGNEE_INACTIVE, ASSIGNEE_NO_EMAIL
from casework.selectors.reminders import delivery_failures_for
from tests.conftest import record_decision
from tests.reminders.conftest import assigned_client, at, rows

STEP_5_DUE = "2025-03-03 09:00:00+03:00"  # D1 is due on Mon 10.03.2025: step 5 is Mon 03.03 at 09:00


@pytest.mark.parametrize(
    ("change", "reason"),
    [({"is_active": False}, ASSIGNEE_INACTIVE), ({"email": ""}, ASSIGNEE_NO_EMAIL)],
    ids=["inactive", "without e-mail"],
)
def test_the_supervisor_gets_the_early_step_and_the_failure_says_why(alice, sam, change, reason):
    client = assigned_client(alice)
    record_decision(alice, client, at="2025-02-27 10:00:00+03:00")
    get_user_model().objects.filter(pk=alice.pk).update(**change)

    with at(STEP_5_DUE):
        ledger.insert_due()

    step_5 = {(row.recipient.username, row.escalation, row.state, row.last_error) for row in rows(client)}
    assert step_5 == {
        ("sam", True, ReminderState.PENDING, ""),
        ("alice", False, ReminderState.FAILED, reason),
    }
    failures = list(delivery_failures_for(actor=sam))
    assert [(row.recipient.username, row.last_error) for row in failures] == [("alice", reason)]


def test_a_reachable_assignee_alone_gets_the_early_step(alice, sam):
    client = assigned_client(alice)
    record_decision(alice, client, at="2025-02-27 10:00:00+03:00")

    with at(STEP_5_DUE):
        ledger.insert_due()

    assert [(row.recipient.username, row.state) for row in rows(client)] == [("alice", ReminderState.PENDING)]
