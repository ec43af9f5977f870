"""The reading door (casework/services/reading.py): each function opens what it returns and records the read
in the same call — the rows of tests/test_read_audit.py, no more — and a refused read opens and records
nothing."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.urls import reverse

from casework.crypto import DecryptionFailed
from casework.models import Event, ReadAction, ReadAudit
from casework.services import reading
from casework.services.clients import client_erase
from casework.services.events import event_record
from tests.conftest import make_client
from tests.web.conftest import signed_in


def recorded() -> list[tuple]:
    return list(
        ReadAudit.objects.order_by("id").values_list(
            "user__username", "action", "client__code", "channel", "clients_shown"
        )
    )


@pytest.fixture
def case(alice):
    client = make_client(alice)
    event_record(
        actor=alice,
        client=client,
        type="detained",
        data={"basis": "expulsion", "facility": "SUVSIG No. 1"},
        occurred_on=date(2025, 3, 1),
    )
    event_record(
        actor=alice, client=client, type="note_added", data={"text": "called"}, occurred_on=date(2025, 3, 2)
    )
    return client


def events_of(client) -> list[Event]:
    return list(Event.objects.filter(client=client).order_by("version"))


def test_it_opens_a_client_with_one_row(alice, case):
    personal = reading.client_open(actor=alice, client=case, channel="api")

    assert personal.full_name == "Rustam Karimov"
    assert recorded() == [("alice", ReadAction.CLIENT_VIEWED, case.code, "api", None)]


def test_it_opens_the_client_page_with_one_row_for_all_it_shows(alice, case):
    page = reading.client_page_open(
        actor=alice, client=case, events=events_of(case), channel="web", as_of=date(2025, 3, 1)
    )

    assert page.personal.full_name == "Rustam Karimov"
    assert [event.data.get("text") for event in page.events] == [None, None, "called"]
    assert page.current.detention.facility == page.state.detention.facility == "SUVSIG No. 1"
    assert recorded() == [("alice", ReadAction.CLIENT_VIEWED, case.code, "web", None)]


def test_it_opens_a_page_of_clients_with_one_row_for_a_list(alice, case):
    other = make_client(alice, full_name="Second Person", document_number="XY1")

    personal = reading.clients_open(actor=alice, clients=[other, case], searched=False, channel="web")

    assert [person.full_name for person in personal] == ["Second Person", "Rustam Karimov"]
    assert recorded() == [("alice", ReadAction.CLIENTS_LISTED, None, "web", 2)]


def test_it_opens_a_search_with_one_row_per_client_shown(alice, case):
    personal = reading.clients_open(actor=alice, clients=[case], searched=True, channel="api")

    assert [person.full_name for person in personal] == ["Rustam Karimov"]
    assert recorded() == [("alice", ReadAction.CLIENTS_SEARCHED, case.code, "api", 1)]


def test_it_opens_events_with_one_row(alice, case):
    opened = reading.events_open(actor=alice, client=case, events=events_of(case), channel="api")

    assert opened[-1].data == opened[-1].data_as_stored == {"text": "called"}
    assert not any(event.erased for event in opened)
    assert recorded() == [("alice", ReadAction.EVENTS_VIEWED, case.code, "api", None)]


def test_it_opens_the_status_with_its_facility_and_one_row(alice, case):
    state = reading.status_open(actor=alice, client=case, channel="api", as_of=date(2025, 3, 10))

    assert state.detention.facility == "SUVSIG No. 1"
    assert recorded() == [("alice", ReadAction.STATUS_VIEWED, case.code, "api", None)]


def test_it_records_the_name_on_the_erase_page_only_while_there_is_one(dora, case):
    assert reading.client_name_open(actor=dora, client=case, channel="web") == "Rustam Karimov"
    client_erase(actor=dora, client=case)

    assert reading.client_name_open(actor=dora, client=case, channel="web") is None
    assert recorded() == [("dora", ReadAction.CLIENT_VIEWED, case.code, "web", None)]


def test_it_opens_erased_events_as_erased(alice, dora, case):
    client_erase(actor=dora, client=case)

    opened = reading.events_open(actor=alice, client=case, events=events_of(case), channel="web")

    assert opened[-1].erased and opened[-1].data == {"text": None}
    assert recorded() == [("alice", ReadAction.EVENTS_VIEWED, case.code, "web", None)]


def test_it_records_nothing_for_what_only_decides_or_echoes(alice, case):
    events = events_of(case)

    unopened = reading.events_unopened(actor=alice, client=case, events=events)
    echoed = reading.event_open_for_author(actor=alice, client=case, event=events[-1])
    registered = reading.client_open_for_author(actor=alice, client=case)

    assert unopened[-1].data == {"text": None} and unopened[1].data["facility"] is None
    assert echoed.data == {"text": "called"} and registered.full_name == "Rustam Karimov"
    assert recorded() == []


def test_a_read_that_fails_to_open_leaves_no_row(alice, case):
    case.full_name_enc = bytes(len(case.full_name_enc))  # not what was sealed: the tag does not verify
    events = events_of(case)
    events[-1].secret = bytes(len(events[-1].secret))

    with pytest.raises(DecryptionFailed):
        reading.client_open(actor=alice, client=case, channel="web")
    with pytest.raises(DecryptionFailed):
        reading.events_open(actor=alice, client=case, events=events, channel="web")

    assert recorded() == []  # the rows were written first, and rolled back with the failed open


DOOR = [
    lambda actor, case: reading.client_open(actor=actor, client=case, channel="web"),
    lambda actor, case: reading.client_page_open(
        actor=actor, client=case, events=events_of(case), channel="web"
    ),
    lambda actor, case: reading.client_name_open(actor=actor, client=case, channel="web"),
    lambda actor, case: reading.clients_open(actor=actor, clients=[case], searched=True, channel="web"),
    lambda actor, case: reading.events_open(actor=actor, client=case, events=events_of(case), channel="api"),
    lambda actor, case: reading.events_unopened(actor=actor, client=case, events=events_of(case)),
    lambda actor, case: reading.status_open(actor=actor, client=case, channel="api"),
    lambda actor, case: reading.client_open_for_author(actor=actor, client=case),
    lambda actor, case: reading.event_open_for_author(actor=actor, client=case, event=events_of(case)[-1]),
]


@pytest.mark.parametrize("read", DOOR)
def test_a_refused_read_opens_nothing_and_records_nothing(bob, case, read):
    with pytest.raises(PermissionDenied):
        read(bob, case)  # an analyst: statistics only, never a person

    assert recorded() == []


@pytest.mark.parametrize("read", DOOR)
def test_another_organisations_client_does_not_exist_for_the_door(charlie, case, read):
    with pytest.raises(Http404):
        read(charlie, case)

    assert recorded() == []


def test_a_successful_correction_or_retraction_records_no_read(client, alice, case):
    # The redirect after recording shows nothing: the request decides from the plain parts and opens nothing.
    note = events_of(case)[-1]
    signed_in(client, alice)

    corrected = client.post(
        reverse("web:event-correct", args=[case.id, note.id]),
        {"text": "called back", "expected_version": "3", "idempotency_key": "correct-1"},
    )
    retracted = client.post(
        reverse("web:event-retract", args=[case.id, note.id]),
        {"reason": "by mistake", "expected_version": "4", "idempotency_key": "retract-1"},
    )

    assert corrected.status_code == retracted.status_code == 302
    assert [event.type for event in events_of(case)][-2:] == ["event_corrected", "event_retracted"]
    assert recorded() == []
