"""Recording, correcting and retracting events through the web forms built from the event catalogue."""

from __future__ import annotations

import re
from datetime import date, datetime

import pytest
import time_machine
from django.urls import reverse
from django.utils import translation

from casework.domain.catalogue import EVENT_TYPES
from casework.domain.events import PayloadInvalid
from casework.models import Deadline, Event
from casework.services.events import event_record
from casework.services.organisations import user_language_set
from casework.web.event_forms import (
    RECORDABLE_TYPES,
    event_form_class,
    initial_from_data,
    instant_initial,
)
from tests.conftest import make_client

DECISION = {"decision_ref": "D1", "kind": "administrative_expulsion", "copy_received_on": "2025-02-27"}


@pytest.fixture(autouse=True)
def in_english_forms():
    # These tests compare form labels with the catalogue's English texts; the default language is Russian.
    with translation.override("en"):
        yield


@pytest.fixture
def on_5_march_2025():
    with time_machine.travel("2025-03-05 10:00:00+03:00", tick=False):
        yield


@pytest.fixture
def in_english(alice, bob, charlie):
    for user in (alice, bob, charlie):
        user_language_set(actor=user, language="en")


@pytest.fixture
def case(alice, on_5_march_2025, in_english):
    return make_client(alice)


@pytest.fixture
def as_alice(client, alice):
    client.force_login(alice)
    return client


def record_url(case, type=None):
    url = reverse("web:event-record", kwargs={"client_id": case.id})
    return f"{url}?type={type}" if type else url


def correct_url(case, event):
    return reverse("web:event-correct", kwargs={"client_id": case.id, "event_id": event.id})


def retract_url(case, event):
    return reverse("web:event-retract", kwargs={"client_id": case.id, "event_id": event.id})


def hidden_value(html: str, name: str) -> str:
    match = re.search(rf'name="{name}" value="([^"]*)"', html)
    assert match, f"no hidden {name}"
    return match.group(1)


def open_form(django_client, url) -> dict[str, str]:
    """GET the form and return what it carries: its stream version and one-time key."""
    response = django_client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    return {
        "expected_version": hidden_value(html, "expected_version"),
        "idempotency_key": hidden_value(html, "idempotency_key"),
    }


def submit(django_client, url, values):
    return django_client.post(url, {**open_form(django_client, url), **values})


def field_block(html: str, name: str) -> str:
    match = re.search(
        rf'<(div|fieldset) class="field[^"]*"[^>]*>(?:(?!</\1>).)*id_{name}(?:(?!</\1>).)*</\1>', html, re.S
    )
    assert match, f"no field {name}"
    return match.group(0)


def stored(case, type):
    return Event.objects.get(client=case, type=type)


# The form factory ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("type_name", RECORDABLE_TYPES)
def test_every_recordable_type_gets_a_form_with_its_catalogue_fields(type_name):
    form = event_form_class(EVENT_TYPES[type_name], organisation_timezone="Europe/Moscow")()

    assert set(form.fields) == {
        "occurred_on",
        "expected_version",
        "idempotency_key",
        *EVENT_TYPES[type_name].fields,
    }
    for name, spec in EVENT_TYPES[type_name].fields.items():
        assert form.fields[name].label == spec.label
        assert form.fields[name].help_text == spec.help


def test_it_picks_an_input_for_each_kind_of_field():
    detained = event_form_class(EVENT_TYPES["detained"], organisation_timezone="Europe/Moscow")()
    order = event_form_class(EVENT_TYPES["order_to_appear_served"], organisation_timezone="Europe/Moscow")()
    check = event_form_class(EVENT_TYPES["register_check"], organisation_timezone="Europe/Moscow")()
    note = event_form_class(EVENT_TYPES["note_added"], organisation_timezone="Europe/Moscow")()

    assert 'type="date"' in str(detained["occurred_on"])
    assert 'type="date"' in str(detained["term_until"])
    assert "<select" in str(detained["basis"])
    assert "Pending expulsion" in str(detained["basis"])  # choices in plain words
    assert 'type="checkbox"' in str(check["listed"])
    appear_by = str(order["appear_by"])
    assert 'type="datetime-local"' in appear_by
    assert "Europe/Moscow" in appear_by and "Asia/Vladivostok" in appear_by
    assert "<textarea" in str(note["text"])


def test_an_instant_is_read_in_the_zone_chosen_beside_it():
    form_class = event_form_class(
        EVENT_TYPES["order_to_appear_served"], organisation_timezone="Europe/Moscow"
    )
    form = form_class(
        data={
            "occurred_on": "2025-03-03",
            "appear_by_0": "2025-03-12T10:00",
            "appear_by_1": "Asia/Vladivostok",
            "expected_version": "1",
            "idempotency_key": "k",
        }
    )

    assert form.is_valid(), form.errors
    assert form.payload() == {"appear_by": "2025-03-12T10:00:00+10:00"}


def test_a_stored_instant_is_shown_in_a_zone_with_its_offset():
    assert instant_initial("2025-03-12T10:00:00+03:00", "Europe/Moscow") == [
        datetime(2025, 3, 12, 10, 0),
        "Europe/Moscow",
    ]
    assert instant_initial("2025-03-12T10:00:00+10:00", "Europe/Moscow") == [
        datetime(2025, 3, 12, 10, 0),
        "Asia/Vladivostok",
    ]


def test_the_payload_leaves_out_empty_optional_fields_and_keeps_false():
    inclusion = event_form_class(EVENT_TYPES["register_inclusion"], organisation_timezone="Europe/Moscow")
    form = inclusion(
        data={
            "occurred_on": "2025-02-10",
            "ground": "stay_expired",
            "expected_version": "1",
            "idempotency_key": "k",
        }
    )
    check = event_form_class(EVENT_TYPES["register_check"], organisation_timezone="Europe/Moscow")
    unchecked = check(data={"occurred_on": "2025-02-10", "expected_version": "1", "idempotency_key": "k"})

    assert form.is_valid() and unchecked.is_valid()
    assert form.payload() == {"ground": "stay_expired"}
    assert unchecked.payload() == {"listed": False}


def test_domain_errors_go_next_to_the_fields_they_name():
    form_class = event_form_class(EVENT_TYPES["decision_issued"], organisation_timezone="Europe/Moscow")
    form = form_class(data={"occurred_on": "2025-02-27", "decision_ref": "D1", "kind": "deportation",
                            "expected_version": "1", "idempotency_key": "k"})  # fmt: skip
    assert form.is_valid()

    form.apply_errors(
        PayloadInvalid(
            {
                "data.copy_received_on": ["Bad copy date."],
                "decision_ref": ["Taken."],
                "non_field_errors": ["No."],
            }
        )
    )

    assert form.errors["copy_received_on"] == ["Bad copy date."]
    assert form.errors["decision_ref"] == ["Taken."]
    assert form.non_field_errors() == ["No."]


def test_a_correction_form_is_prefilled_from_the_current_data():
    form_class = event_form_class(
        EVENT_TYPES["decision_issued"], organisation_timezone="Europe/Moscow", correcting=True
    )
    initial = initial_from_data(
        EVENT_TYPES["decision_issued"], DECISION, organisation_timezone="Europe/Moscow"
    )
    form = form_class(initial=initial)

    assert form.fields["occurred_on"].required is False
    assert 'value="2025-02-27"' in str(form["copy_received_on"])
    assert 'value="D1"' in str(form["decision_ref"])
    assert initial["copy_received_on"] == date(2025, 2, 27)


# Choosing a type ---------------------------------------------------------------------------------------------


def test_it_lists_the_types_in_plain_words_without_the_ones_with_their_own_flows(as_alice, case):
    html = as_alice.get(record_url(case)).content.decode()

    assert "Decision issued" in html
    assert "Included in the register of controlled persons" in html
    assert "?type=decision_issued" in html
    for own_flow in ("client_registered", "event_corrected", "event_retracted"):
        assert f"?type={own_flow}" not in html


def test_an_unknown_type_shows_the_list_again(as_alice, case):
    response = as_alice.get(record_url(case, "event_retracted"))

    assert response.status_code == 404
    assert "?type=decision_issued" in response.content.decode()


def test_the_form_shows_labels_and_help_in_plain_words(as_alice, case):
    html = as_alice.get(record_url(case, "decision_issued")).content.decode()

    assert '<label for="id_copy_received_on">Copy received on' in html
    assert "Appeal periods often run from it." in html
    assert 'aria-describedby="id_copy_received_on_help"' in html
    assert hidden_value(html, "expected_version") == "1"
    assert len(hidden_value(html, "idempotency_key")) >= 32


@pytest.mark.parametrize("who, status", [("bob", 403), ("charlie", 404)])
def test_others_cannot_open_the_forms(client, request, case, who, status):
    client.force_login(request.getfixturevalue(who))
    event = Event.objects.get(client=case, version=1)

    assert client.get(record_url(case, "note_added")).status_code == status
    assert client.post(record_url(case, "note_added"), {"occurred_on": "2025-03-05"}).status_code == status
    assert client.get(retract_url(case, event)).status_code == status


# Recording ---------------------------------------------------------------------------------------------------


def test_it_records_a_decision_and_shows_the_deadline(as_alice, case):
    response = submit(
        as_alice,
        record_url(case, "decision_issued"),
        {"occurred_on": "2025-02-27", "decision_ref": "D1", "kind": "administrative_expulsion",
         "copy_received_on": "2025-02-27", "authority_timezone": ""},
    )  # fmt: skip

    assert response.status_code == 302
    assert response["Location"] == reverse("web:client", kwargs={"client_id": case.id})
    event = stored(case, "decision_issued")
    assert event.occurred_on == date(2025, 2, 27)
    assert event.data["decision_ref"] == "D1"
    assert event.data["kind"] == "administrative_expulsion"
    assert event.data["copy_received_on"] == "2025-02-27"
    assert "authority_timezone" not in event.data
    page = as_alice.get(response["Location"]).content.decode()
    assert "Recorded: Decision issued." in page
    assert "10.03.2025" in page


def test_it_records_a_register_inclusion(as_alice, case):
    response = submit(
        as_alice,
        record_url(case, "register_inclusion"),
        {"occurred_on": "2025-02-10", "ground": "stay_expired", "posted_on": "2025-02-11", "source": "bank"},
    )

    assert response.status_code == 302
    event = stored(case, "register_inclusion")
    assert event.data == {"ground": "stay_expired", "posted_on": "2025-02-11", "source": "bank"}


def test_it_records_a_register_check_that_found_nothing(as_alice, case):
    response = submit(as_alice, record_url(case, "register_check"), {"occurred_on": "2025-03-01"})

    assert response.status_code == 302
    assert stored(case, "register_check").data == {"listed": False}


def test_it_records_an_order_to_appear_with_its_zone(as_alice, case):
    response = submit(
        as_alice,
        record_url(case, "order_to_appear_served"),
        {"occurred_on": "2025-03-03", "appear_by_0": "2025-03-12T10:00", "appear_by_1": "Asia/Yekaterinburg"},
    )

    assert response.status_code == 302
    assert stored(case, "order_to_appear_served").data == {"appear_by": "2025-03-12T10:00:00+05:00"}


def test_it_records_a_bank_freeze_with_no_fields(as_alice, case):
    response = submit(as_alice, record_url(case, "bank_account_frozen"), {"occurred_on": "2025-03-01"})

    assert response.status_code == 302
    assert stored(case, "bank_account_frozen").occurred_on == date(2025, 3, 1)


def test_a_note_is_shown_decrypted_but_stored_encrypted(as_alice, case):
    text = "ZZSENTINEL said the landlord keeps his passport"
    response = submit(as_alice, record_url(case, "note_added"), {"occurred_on": "2025-03-05", "text": text})

    assert response.status_code == 302
    note = stored(case, "note_added")
    assert note.data == {"text": None}
    assert note.secret is not None
    assert b"ZZSENTINEL" not in bytes(note.secret)
    assert text in as_alice.get(response["Location"]).content.decode()


def test_a_new_instant_defaults_to_the_organisation_zone(as_alice, case):
    html = as_alice.get(record_url(case, "order_to_appear_served")).content.decode()

    assert '<option value="Europe/Moscow" selected>' in field_block(html, "appear_by")


def test_a_note_defaults_to_today(as_alice, case):
    html = as_alice.get(record_url(case, "note_added")).content.decode()

    assert 'value="2025-03-05"' in field_block(html, "occurred_on")


def test_domain_errors_are_shown_next_to_the_field_and_nothing_is_written(as_alice, case):
    response = submit(
        as_alice,
        record_url(case, "decision_issued"),
        {"occurred_on": "2025-02-27", "decision_ref": "D1", "kind": "administrative_expulsion",
         "copy_received_on": "2025-02-20"},
    )  # fmt: skip

    assert response.status_code == 200
    html = response.content.decode()
    block = field_block(html, "copy_received_on")
    assert "Cannot be before the date of the event." in block
    assert 'aria-invalid="true"' in block
    assert "nothing was recorded" in html
    assert not Event.objects.filter(client=case, type="decision_issued").exists()
    assert 'value="D1"' in html  # the values are kept


def test_a_missing_required_field_is_refused_before_the_domain(as_alice, case):
    response = submit(
        as_alice, record_url(case, "decision_issued"), {"occurred_on": "2025-02-27", "kind": "deportation"}
    )

    assert response.status_code == 200
    assert "This field is required." in field_block(response.content.decode(), "decision_ref")
    assert Event.objects.filter(client=case).count() == 1


def test_a_future_date_is_refused_next_to_the_date(as_alice, case):
    response = submit(as_alice, record_url(case, "bank_account_frozen"), {"occurred_on": "2025-03-06"})

    assert response.status_code == 200
    assert "Cannot be in the future." in field_block(response.content.decode(), "occurred_on")
    assert Event.objects.filter(client=case).count() == 1


def test_a_stale_version_shows_the_conflict_page_and_writes_nothing(as_alice, alice, case):
    url = record_url(case, "decision_issued")
    carried = open_form(as_alice, url)
    meanwhile = event_record(
        actor=alice,
        client=case,
        type="note_added",
        data={"text": "ZZSENTINEL phoned"},
        occurred_on=date(2025, 3, 5),
    ).event

    response = as_alice.post(url, {**carried, "occurred_on": "2025-02-27", "decision_ref": "D1",
                                   "kind": "administrative_expulsion"})  # fmt: skip

    assert response.status_code == 409
    html = response.content.decode()
    assert "Someone recorded something meanwhile" in html
    assert f'id="event-{meanwhile.id}"' in html
    assert "ZZSENTINEL phoned" in html
    assert not Event.objects.filter(client=case, type="decision_issued").exists()
    assert 'name="reopen"' in html
    assert 'name="decision_ref" value="D1"' in html


def test_reopening_after_a_conflict_shows_the_values_against_the_current_version(as_alice, alice, case):
    url = record_url(case, "decision_issued")
    carried = open_form(as_alice, url)
    event_record(actor=alice, client=case, type="bank_account_frozen", data={}, occurred_on=date(2025, 3, 1))
    values = {"occurred_on": "2025-02-27", "decision_ref": "D1", "kind": "administrative_expulsion"}
    as_alice.post(url, {**carried, **values})

    response = as_alice.post(url, {**carried, **values, "reopen": "1"})

    assert response.status_code == 200
    html = response.content.decode()
    assert hidden_value(html, "expected_version") == "2"
    assert hidden_value(html, "idempotency_key") != carried["idempotency_key"]
    assert 'value="D1"' in html
    assert not Event.objects.filter(client=case, type="decision_issued").exists()
    resubmitted = as_alice.post(
        url, {"expected_version": "2", "idempotency_key": hidden_value(html, "idempotency_key"), **values}
    )
    assert resubmitted.status_code == 302
    assert stored(case, "decision_issued").version == 3


def test_a_double_submit_records_once(as_alice, case):
    url = record_url(case, "bank_account_frozen")
    values = {**open_form(as_alice, url), "occurred_on": "2025-03-01"}

    first = as_alice.post(url, values)
    second = as_alice.post(url, values)

    assert (first.status_code, second.status_code) == (302, 302)
    assert Event.objects.filter(client=case, type="bank_account_frozen").count() == 1
    assert "not recorded twice" in as_alice.get(second["Location"]).content.decode()


# Correcting and retracting -----------------------------------------------------------------------------------


@pytest.fixture
def decided(alice, case):
    return event_record(
        actor=alice, client=case, type="decision_issued", data=DECISION, occurred_on=date(2025, 2, 27)
    ).event


def appeal_deadline(case):
    return Deadline.objects.get(client=case, key="appeal:D1")


def test_the_correction_form_is_prefilled(as_alice, case, decided):
    html = as_alice.get(correct_url(case, decided)).content.decode()

    assert 'value="2025-02-27"' in field_block(html, "copy_received_on")
    assert 'value="D1"' in field_block(html, "decision_ref")
    assert 'value="administrative_expulsion" selected' in field_block(html, "kind")


def test_a_correction_updates_the_timeline_and_the_deadline(as_alice, case, decided):
    response = submit(
        as_alice,
        correct_url(case, decided),
        {"decision_ref": "D1", "kind": "administrative_expulsion", "copy_received_on": "2025-03-03"},
    )

    assert response.status_code == 302
    correction = stored(case, "event_corrected")
    assert correction.corrects_id == decided.id
    assert correction.data["data"]["copy_received_on"] == "2025-03-03"
    assert "occurred_on" not in correction.data
    assert appeal_deadline(case).due_on == date(2025, 3, 13)  # 10 days from 03.03 = Thursday 13.03
    html = as_alice.get(response["Location"]).content.decode()
    entry = re.search(rf'<li id="event-{decided.id}".*?</li>', html, re.S).group(0)
    assert 'class="correction"' in entry
    assert "27.02.2025" in entry and "03.03.2025" in entry  # the original next to the correction
    assert "13.03.2025" in html
    assert "Date of the event" not in entry  # the date was not corrected


def test_a_correction_can_move_the_date_of_the_event(as_alice, case, decided):
    response = submit(
        as_alice,
        correct_url(case, decided),
        {"occurred_on": "2025-02-26", "decision_ref": "D1", "kind": "administrative_expulsion",
         "copy_received_on": "2025-02-27"},
    )  # fmt: skip

    assert response.status_code == 302
    assert stored(case, "event_corrected").data["occurred_on"] == "2025-02-26"
    html = as_alice.get(response["Location"]).content.decode()
    entry = re.search(rf'<li id="event-{decided.id}".*?</li>', html, re.S).group(0)
    assert "Date of the event: 26.02.2025" in entry


def test_a_correction_with_errors_writes_nothing(as_alice, case, decided):
    response = submit(
        as_alice,
        correct_url(case, decided),
        {"decision_ref": "D1", "kind": "administrative_expulsion", "copy_received_on": "2025-02-01"},
    )

    assert response.status_code == 200
    assert "Cannot be before the date of the event." in field_block(
        response.content.decode(), "copy_received_on"
    )
    assert not Event.objects.filter(client=case, type="event_corrected").exists()


def test_a_retraction_strikes_the_event_and_cancels_its_deadline(as_alice, case, decided):
    assert appeal_deadline(case).status == "open"

    response = submit(
        as_alice, retract_url(case, decided), {"reason": "ZZSENTINEL recorded for the wrong client"}
    )

    assert response.status_code == 302
    retraction = stored(case, "event_retracted")
    assert retraction.corrects_id == decided.id
    assert retraction.data["reason"] is None  # the reason is encrypted
    assert appeal_deadline(case).status == "cancelled"
    html = as_alice.get(response["Location"]).content.decode()
    entry = re.search(rf'<li id="event-{decided.id}".*?</li>', html, re.S).group(0)
    assert "entry-body struck" in entry
    assert "ZZSENTINEL recorded for the wrong client" in entry
    assert correct_url(case, decided) not in html  # no actions on a retracted event
    assert "status-cancelled" in html


def test_a_retraction_needs_a_reason(as_alice, case, decided):
    response = submit(as_alice, retract_url(case, decided), {"reason": "  "})

    assert response.status_code == 200
    assert "This field is required." in response.content.decode()
    assert not Event.objects.filter(client=case, type="event_retracted").exists()


def test_a_retracted_event_cannot_be_retracted_again(as_alice, alice, case, decided):
    event_record(actor=alice, client=case, type="event_retracted", data={"retracts": str(decided.id), "reason": "x"},
                 occurred_on=date(2025, 3, 5))  # fmt: skip

    assert as_alice.get(retract_url(case, decided)).status_code == 409
    assert as_alice.get(correct_url(case, decided)).status_code == 409


def test_registrations_and_corrections_have_no_correct_or_retract_pages(as_alice, alice, case, decided):
    registration = Event.objects.get(client=case, version=1)
    correction = event_record(
        actor=alice, client=case, type="event_corrected",
        data={"corrects": str(decided.id), "data": {**DECISION, "copy_received_on": "2025-02-28"}},
        occurred_on=date(2025, 3, 5),
    ).event  # fmt: skip

    for event in (registration, correction):
        assert as_alice.get(correct_url(case, event)).status_code == 404
        assert as_alice.get(retract_url(case, event)).status_code == 404


def test_a_stale_retraction_shows_the_conflict_page(as_alice, alice, case, decided):
    url = retract_url(case, decided)
    carried = open_form(as_alice, url)
    event_record(actor=alice, client=case, type="bank_account_frozen", data={}, occurred_on=date(2025, 3, 1))

    response = as_alice.post(url, {**carried, "reason": "wrong client"})

    assert response.status_code == 409
    assert "Someone recorded something meanwhile" in response.content.decode()
    assert not Event.objects.filter(client=case, type="event_retracted").exists()


def test_a_sensitive_field_of_a_corrected_event_is_prefilled_decrypted(as_alice, alice, case):
    note = event_record(actor=alice, client=case, type="note_added", data={"text": "ZZSENTINEL first"},
                        occurred_on=date(2025, 3, 5)).event  # fmt: skip

    html = as_alice.get(correct_url(case, note)).content.decode()
    assert "ZZSENTINEL first" in field_block(html, "text")

    response = submit(as_alice, correct_url(case, note), {"text": "ZZSENTINEL second"})
    assert response.status_code == 302
    correction = stored(case, "event_corrected")
    assert correction.data["data"] == {"text": None}
    assert b"ZZSENTINEL" not in bytes(correction.secret)
    assert "ZZSENTINEL second" in as_alice.get(response["Location"]).content.decode()


@pytest.mark.parametrize(("type", "name"), [("detained", "facility"), ("note_added", "text")])
def test_free_text_inputs_keep_no_form_history(as_alice, case, type, name):
    html = as_alice.get(record_url(case, type)).content.decode()

    tag = re.search(rf'<(input|textarea)[^>]*name="{name}"[^>]*>', html).group(0)
    assert 'autocomplete="off"' in tag, tag


def test_the_retraction_reason_keeps_no_form_history(as_alice, case, decided):
    html = as_alice.get(retract_url(case, decided)).content.decode()

    assert 'autocomplete="off"' in re.search(r'<textarea[^>]*name="reason"[^>]*>', html).group(0)
