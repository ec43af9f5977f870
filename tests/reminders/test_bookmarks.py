"""Beat's scan reads only the deadlines whose bookmark (`reminder_check_at`) has come, and every change that
decides a schedule or its recipients resets the bookmark, so the next scan inserts what a full scan would."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from casework import derivation
from casework.models import ClientStatus, Deadline, Organisation, RegionalDayOff, Role
from casework.reminders import ledger, tasks
from casework.services.organisations import user_create
from tests.conftest import DECISION_D1, record, record_decision
from tests.reminders.conftest import assigned_client, at, rows

pytestmark = [pytest.mark.celery, pytest.mark.django_db(transaction=True)]

KEY = "appeal:D1"  # due Mon 10.03.2025; steps at 09:00 Moscow on 03.03, 05.03, 07.03 and 10.03
STEP_5 = "2025-03-03 09:00:00+03:00"
STEP_0 = "2025-03-10 09:00:00+03:00"


def bookmark(client) -> datetime | None:
    return Deadline.objects.get(client=client, key=KEY).reminder_check_at


def steps(client) -> list[tuple[str, str]]:
    return [(row.step, row.recipient.username) for row in rows(client)]


def scan(moment: str) -> int:
    with at(moment):
        return ledger.insert_due()


@pytest.fixture
def decided(people):
    """alice's client with decision D1 recorded on 27.02.2025, the immediate run done (nothing due yet)."""
    alice, _sam = people
    client = assigned_client(alice)
    record_decision(alice, client, at="2025-02-27 10:00:00+03:00")
    return client


@pytest.fixture
def no_immediate_run(monkeypatch):
    """What a trigger alone does: the run for one client after an append (which ignores bookmarks) is off."""
    monkeypatch.setattr(tasks, "enqueue_for_client", lambda client_id: None)


def test_it_bookmarks_a_deadline_at_its_next_step_when_it_is_recorded(decided):
    assert bookmark(decided) == datetime.fromisoformat(STEP_5)


def test_it_reads_no_deadline_at_a_second_scan_at_the_same_instant(decided):
    assert scan("2025-02-28 12:00:00+03:00") == 0  # bookmarked until step 5
    assert scan(STEP_5) >= 1
    assert scan(STEP_5) == 0
    assert steps(decided) == [("5", "alice")]
    assert bookmark(decided) == datetime.fromisoformat("2025-03-05 09:00:00+03:00")


def test_it_inserts_a_step_once_at_the_first_scan_after_its_time_for_its_recipients(decided):
    scan(STEP_5)
    assert scan("2025-03-05 08:59:00+03:00") == 0
    assert steps(decided) == [("5", "alice")]
    assert scan("2025-03-05 09:02:00+03:00") >= 1
    assert scan("2025-03-05 09:04:00+03:00") == 0
    assert steps(decided) == [("5", "alice"), ("3", "alice")]
    # Step 1 passes unscanned (beat down): it collapses into step 0, which escalates to sam as well.
    scan(STEP_0)
    assert steps(decided) == [("5", "alice"), ("3", "alice"), ("0", "alice"), ("0", "sam")]
    # After step 0, the next look is when the deadline has passed (Moscow midnight, the earlier cut-off).
    assert bookmark(decided) == datetime.fromisoformat("2025-03-11 00:00:00+03:00")


def test_it_escalates_a_missed_deadline_once_and_then_stops_reading_it(decided):
    scan(STEP_0)
    assert scan("2025-03-11 10:00:00+03:00") >= 1
    assert [step for step, _ in steps(decided)].count("missed") == 2  # alice and sam
    assert scan("2025-03-12 10:00:00+03:00") == 0
    # 14 days after the cut-off it leaves the escalation window: read once more, then never again.
    assert scan("2025-03-25 10:00:00+03:00") >= 1
    assert bookmark(decided) == ledger.NEVER
    assert scan("2025-05-01 10:00:00+03:00") == 0
    assert [step for step, _ in steps(decided)].count("missed") == 2


def test_a_due_date_moved_by_an_appended_event_resets_the_bookmark(people, decided, no_immediate_run):
    alice, _sam = people
    decision = decided.events.get(type="decision_issued")
    with at("2025-03-04 10:00:00+03:00"):  # the copy arrived on 03.03: due Thu 13.03, step 5 on Thu 06.03
        record(alice, decided, "event_corrected", date(2025, 2, 27), corrects=str(decision.pk),
               data={**DECISION_D1, "copy_received_on": "2025-03-03"})  # fmt: skip
    moved = Deadline.objects.get(client=decided, key=KEY)
    assert (moved.due_on, moved.reminder_check_at) == (date(2025, 3, 13), None)
    assert scan("2025-03-05 09:00:00+03:00") >= 1
    assert steps(decided) == []  # step 3 of the old date is not due for the new one
    assert bookmark(decided) == datetime.fromisoformat("2025-03-06 09:00:00+03:00")


def test_an_assignee_changed_resets_the_bookmark(people, decided, dora):
    scan(STEP_5)
    ClientStatus.objects.filter(client=decided).update(assigned_to=dora)  # any write path: a trigger
    assert bookmark(decided) is None
    scan("2025-03-03 09:10:00+03:00")
    assert steps(decided) == [("5", "alice"), ("5", "dora")]


def test_new_reminder_steps_reset_the_bookmark(decided):
    Organisation.objects.filter(pk=decided.organisation_id).update(reminder_steps=[6, 5, 3, 1, 0])
    assert bookmark(decided) is None
    scan("2025-02-28 09:00:00+03:00")  # six working days before 10.03
    assert steps(decided) == [("6", "alice")]


def test_a_regional_day_off_resets_the_bookmark(decided):
    # Wed 05.03 off in Moscow: step 3 moves to Tue 04.03 (the due date, counted in calendar days, stays).
    RegionalDayOff.objects.create(
        organisation_id=decided.organisation_id, region="RU-MOW", day=date(2025, 3, 5)
    )
    assert bookmark(decided) is None
    scan(STEP_5)
    scan("2025-03-04 09:00:00+03:00")
    assert steps(decided) == [("5", "alice"), ("3", "alice")]


def test_a_new_member_resets_the_bookmark(decided):
    scan(STEP_0)
    with at("2025-03-10 09:30:00+03:00"):
        user_create(organisation=decided.organisation, username="sue", password="x" * 20,
                    role=Role.SUPERVISOR, email="sue@example.org")  # fmt: skip
    assert bookmark(decided) is None
    scan("2025-03-10 09:32:00+03:00")
    assert steps(decided) == [("0", "alice"), ("0", "sam"), ("0", "sue")]


def test_an_e_mail_address_added_resets_the_bookmark(people, decided):
    _alice, sam = people
    get_user_model().objects.filter(pk=sam.pk).update(email="")
    scan(STEP_0)
    assert steps(decided) == [("0", "alice")]
    get_user_model().objects.filter(pk=sam.pk).update(email="sam@example.org")
    assert bookmark(decided) is None
    scan("2025-03-10 09:32:00+03:00")
    assert steps(decided) == [("0", "alice"), ("0", "sam")]


def test_a_deadline_changed_between_the_read_and_the_bookmark_keeps_null(decided):
    Deadline.objects.filter(client=decided).update(reminder_check_at=None)
    organisation = Organisation.objects.get(pk=decided.organisation_id)
    with at(STEP_5):
        ids = ledger.deadline_ids_to_read(organisation.id, now=timezone.now())
        found = ledger.scan_organisation(
            organisation, now=timezone.now(), context=derivation.Context(), ids=ids
        )
        # An append rewriting the row meanwhile, even in columns no trigger watches: another row version.
        Deadline.objects.filter(client=decided).update(derived_at=timezone.now())
        ledger.record(found)
    assert steps(decided) == [("5", "alice")]
    assert bookmark(decided) is None
    assert scan(STEP_5) >= 1  # read again
    assert bookmark(decided) == datetime.fromisoformat("2025-03-05 09:00:00+03:00")
