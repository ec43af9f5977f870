"""The clients list (filters, exact-match search, pagination) and the new-client form, per role."""

from __future__ import annotations

import re
from datetime import date

import pytest
import time_machine
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from casework.domain.events import PayloadInvalid
from casework.models import Client, ClientStatus, Event
from casework.personal import open_personal
from casework.services.clients import DATE_OF_BIRTH_IN_FUTURE, client_erase
from casework.services.events import event_record
from casework.web.forms import ClientForm
from tests.conftest import assigner, make_client
from tests.web.conftest import signed_in

LIST_URL = reverse("web:clients")
NEW_URL = reverse("web:client-new")
NEW_CLIENT = {
    "full_name": "Dilnoza Yusupova",
    "date_of_birth": "1994-07-12",
    "document_number": "FA 0123456",
    "phone": "+7 901 234-56-78",
    "citizenship": "UZB",
    "sex": "F",
    "region": "RU-SVE",
}


@pytest.fixture(autouse=True)
def on_5_march_2025():
    # The clock ticks: the list is newest first, and clients made at one frozen instant have no order.
    with time_machine.travel("2025-03-05 10:00:00+03:00", tick=True):
        yield


def listed_codes(response) -> list[str]:
    assert response.status_code == 200
    return re.findall(r'<tr data-client="([^"]+)"', response.content.decode())


def row_of(response, code: str) -> str:
    html = response.content.decode()
    row = re.search(rf'<tr data-client="{code}">(.*?)</tr>', html, re.S).group(1)
    return " ".join(re.sub(r"<[^>]+>", " ", row).split())


def codes(*clients) -> list[str]:
    return [client.code for client in clients]


@pytest.fixture
def register(alice, sam, dora, charlie, in_english):
    """Newest first: plain, listed (assigned to sam), detained (assigned to alice), with an open deadline,
    erased; and one client of org B."""
    plain = make_client(alice, full_name="Каримов Рустам", document_number="AB1234567")
    listed = make_client(alice, full_name="Aziz Nazarov", document_number="CD7654321", citizenship="KGZ")
    event_record(
        actor=alice,
        client=listed,
        type="register_inclusion",
        data={"ground": "stay_expired"},
        occurred_on=date(2025, 2, 25),
    )
    event_record(
        actor=assigner(listed),
        client=listed,
        type="caseworker_assigned",
        data={"user": "sam"},
        occurred_on=date(2025, 3, 5),
    )
    detained = make_client(alice, full_name="Farrukh Aliev", document_number="EF1111111", region="RU-TA")
    event_record(
        actor=alice,
        client=detained,
        type="detained",
        data={"basis": "expulsion"},
        occurred_on=date(2025, 3, 1),
    )
    event_record(
        actor=assigner(detained),
        client=detained,
        type="caseworker_assigned",
        data={"user": "alice"},
        occurred_on=date(2025, 3, 5),
    )
    deadline = make_client(alice, full_name="Bakhrom Saidov", document_number="GH2222222", citizenship="XXX")
    event_record(
        actor=alice,
        client=deadline,
        type="decision_issued",
        data={"decision_ref": "D1", "kind": "administrative_expulsion", "copy_received_on": "2025-02-27"},
        occurred_on=date(2025, 2, 20),
    )
    erased = client_erase(
        actor=dora, client=make_client(alice, full_name="Gone Person", document_number="ZZ1")
    )
    other_org = make_client(charlie, full_name="Каримов Рустам", document_number="AB1234567")
    return {
        "plain": plain,
        "listed": listed,
        "detained": detained,
        "deadline": deadline,
        "erased": erased,
        "other_org": other_org,
    }


def test_it_lists_the_organisations_clients_newest_first(client, alice, register):
    response = signed_in(client, alice).get(LIST_URL)

    r = register
    assert listed_codes(response) == codes(r["erased"], r["deadline"], r["detained"], r["listed"], r["plain"])
    assert r["other_org"].code not in response.content.decode()


def test_it_shows_the_columns_of_a_client(client, alice, register):
    response = signed_in(client, alice).get(LIST_URL)

    assert row_of(response, register["listed"].code) == (
        f"{register['listed'].code} Aziz Nazarov Kyrgyzstan KGZ Moskva RU-MOW 25.02.2025 26.05.2025 sam"
    )
    assert row_of(response, register["deadline"].code) == (
        f"{register['deadline'].code} Bakhrom Saidov Stateless XXX Moskva RU-MOW not listed 10.03.2025 unassigned"
    )
    assert row_of(response, register["detained"].code).endswith("alice")
    assert "Tatarstan" in row_of(response, register["detained"].code)
    assert row_of(response, register["erased"].code).startswith(f"{register['erased'].code} erased ")
    link = reverse("web:client", args=[register["plain"].id])
    assert f'<a href="{link}">{register["plain"].code}</a>' in response.content.decode()
    assert f'href="{NEW_URL}"' in response.content.decode()


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"listed": "yes"}, ["listed"]),
        ({"listed": "no"}, ["erased", "deadline", "detained", "plain"]),
        ({"detained": "yes"}, ["detained"]),
        ({"detained": "no"}, ["erased", "deadline", "listed", "plain"]),
        # Detention brings its legal review deadline, the listing its appeal deadline.
        ({"deadline": "yes"}, ["deadline", "detained", "listed"]),
        ({"deadline": "no"}, ["erased", "plain"]),
        ({"caseworker": "none"}, ["erased", "deadline", "plain"]),
        ({"listed": "no", "detained": "no", "deadline": "yes"}, ["deadline"]),
    ],
)
def test_it_filters(client, alice, register, query, expected):
    response = signed_in(client, alice).get(LIST_URL, query)

    assert listed_codes(response) == codes(*(register[name] for name in expected))


def test_it_filters_by_caseworker(client, alice, sam, register):
    as_alice = signed_in(client, alice)

    assert listed_codes(as_alice.get(LIST_URL, {"caseworker": sam.pk})) == codes(register["listed"])
    assert listed_codes(as_alice.get(LIST_URL, {"caseworker": alice.pk})) == codes(register["detained"])


def test_an_open_deadline_past_its_cut_off_no_longer_counts_as_open(client, alice, register):
    with time_machine.travel("2025-03-11 00:00:01+03:00", tick=False):
        response = signed_in(client, alice).get(LIST_URL, {"deadline": "yes"})
        assert listed_codes(response) == codes(register["detained"], register["listed"])
        everyone = signed_in(client, alice).get(LIST_URL)
    assert "missed" in row_of(everyone, register["deadline"].code)


@pytest.mark.parametrize(
    "search",
    [
        "Каримов Рустам",
        "  каримов   рустам ",
        "Kаримов Рустам",  # a Latin K typed in a Cyrillic name
        "Кaримoв Pустaм",  # Latin a, o and P
        "AB1234567",
        "ab 123-45-67",
        "АВ1234567",  # Cyrillic А and В
    ],
)
def test_it_searches_by_exact_name_or_document_number(client, alice, register, search):
    response = signed_in(client, alice).post(LIST_URL, {"q": search})

    assert listed_codes(response) == codes(register["plain"])


@pytest.mark.parametrize("search", ["Каримов", "Рустам Каримов", "Karimov Rustam", "karimov"])
def test_a_search_finds_the_name_by_its_words_in_either_script(client, alice, register, search):
    response = signed_in(client, alice).post(LIST_URL, {"q": search})

    assert listed_codes(response) == codes(register["plain"])


@pytest.mark.parametrize("search", ["AB123456", "Каримов Фаррух", "Керимов"])
def test_a_search_must_match_whole_words_and_the_whole_document(client, alice, register, search):
    response = signed_in(client, alice).post(LIST_URL, {"q": search})

    assert listed_codes(response) == []
    assert "No client matches" in response.content.decode()


def test_a_search_combines_with_filters(client, alice, register):
    as_alice = signed_in(client, alice)

    assert listed_codes(as_alice.post(LIST_URL, {"q": "Aziz Nazarov", "listed": "yes"})) == codes(
        register["listed"]
    )
    assert listed_codes(as_alice.post(LIST_URL, {"q": "Aziz Nazarov", "listed": "no"})) == []


def test_the_search_form_posts_and_puts_nothing_in_the_url(client, alice, register):
    html = signed_in(client, alice).get(LIST_URL).content.decode()

    form = re.search(r'<form[^>]*role="search"[^>]*>', html).group(0)
    assert 'method="post"' in form and "hx-post=" in form
    assert "hx-push-url" not in html and "hx-get" not in form


def test_a_search_in_the_url_is_not_applied(client, alice, register):
    everyone = listed_codes(signed_in(client, alice).get(LIST_URL))

    response = signed_in(client, alice).get(LIST_URL, {"q": "Aziz Nazarov"})

    assert listed_codes(response) == everyone and len(everyone) > 1
    assert 'value="Aziz Nazarov"' not in response.content.decode()  # not even back in the search box


def test_search_results_page_by_post_without_the_text_in_a_link(client, alice, in_english):
    made = [make_client(alice, full_name="Same Person", document_number=f"S{n:04d}") for n in range(27)]
    as_alice = signed_in(client, alice)

    first = as_alice.post(LIST_URL, {"q": "same person"})
    html = first.content.decode()
    next_page = re.search(r'<button[^>]*name="page" value="(\d+)"[^>]*data-rel="next"', html).group(1)
    second = as_alice.post(LIST_URL, {"q": "same person", "page": next_page})

    assert len(listed_codes(first)) == 25 and len(listed_codes(second)) == 2
    assert set(listed_codes(first)) | set(listed_codes(second)) == set(codes(*made))
    assert not re.search(r'href="[^"]*(q=|same)', html, re.I)


def test_the_new_client_form_keeps_no_form_history(client, alice):
    html = signed_in(client, alice).get(NEW_URL).content.decode()

    for name in ("full_name", "date_of_birth", "document_number", "phone"):
        tag = re.search(rf'<input[^>]*name="{name}"[^>]*>', html).group(0)
        assert 'autocomplete="off"' in tag, tag


def test_it_paginates_25_per_page_and_keeps_the_filters(client, alice, in_english):
    made = [make_client(alice, full_name=f"Person {n}", document_number=f"P{n:04d}") for n in range(27)]
    newest_first = codes(*reversed(made))
    as_alice = signed_in(client, alice)

    first = as_alice.get(LIST_URL, {"listed": "no"})
    assert listed_codes(first) == newest_first[:25]
    html = first.content.decode()
    assert "Page 1 of 2" in html
    # The page buttons submit the filter form, which holds the filters as they are.
    assert re.search(r'<option value="no" selected>', html)
    next_page = re.search(r'<button[^>]*name="page" value="(\d+)"[^>]*data-rel="next"', html).group(1)
    assert next_page == "2"
    second = as_alice.post(LIST_URL, {"listed": "no", "page": next_page})
    assert listed_codes(second) == newest_first[25:]
    assert 'data-rel="prev"' in second.content.decode()
    assert listed_codes(as_alice.get(LIST_URL, {"page": "99"})) == newest_first[25:]
    assert listed_codes(as_alice.get(LIST_URL, {"page": "x"})) == newest_first[:25]


def test_the_number_of_queries_does_not_grow_with_the_list(client, alice, django_assert_max_num_queries):
    def add_clients(count: int, start: int) -> None:
        for number in range(start, start + count):
            client_ = make_client(alice, full_name=f"Person {number}", document_number=f"Q{number:04d}")
            event_record(
                actor=alice,
                client=client_,
                type="register_inclusion",
                data={"ground": "stay_expired"},
                occurred_on=date(2025, 3, 1),
            )
            event_record(
                actor=assigner(client_),
                client=client_,
                type="caseworker_assigned",
                data={"user": "alice"},
                occurred_on=date(2025, 3, 5),
            )

    add_clients(3, 0)
    as_alice = signed_in(client, alice)
    as_alice.get(LIST_URL)
    with CaptureQueriesContext(connection) as with_3:
        assert len(listed_codes(as_alice.get(LIST_URL))) == 3
    add_clients(12, 3)

    with django_assert_max_num_queries(len(with_3)):
        response = as_alice.get(LIST_URL)
    assert len(listed_codes(response)) == 15
    assert "Person 14" in response.content.decode()


def test_supervisors_and_admins_see_the_list(client, sam, dora, register):
    assert len(listed_codes(signed_in(client, sam).get(LIST_URL))) == 5
    assert len(listed_codes(signed_in(client, dora).get(LIST_URL))) == 5


def test_charlie_sees_only_his_organisation(client, charlie, register):
    response = signed_in(client, charlie).post(LIST_URL, {"q": "Каримов Рустам"})

    assert listed_codes(response) == codes(register["other_org"])


def test_a_caseworker_of_another_organisation_is_404_in_the_filter(client, charlie, alice, sam, register):
    assert signed_in(client, charlie).get(LIST_URL, {"caseworker": alice.pk}).status_code == 404
    assert signed_in(client, sam).get(LIST_URL, {"caseworker": charlie.pk}).status_code == 404


def test_analysts_may_not_see_the_clients_pages(client, bob, register):
    as_bob = signed_in(client, bob)

    assert as_bob.get(LIST_URL).status_code == 403
    assert as_bob.get(NEW_URL).status_code == 403
    assert as_bob.post(NEW_URL, NEW_CLIENT).status_code == 403
    assert Client.objects.filter(organisation=bob.membership.organisation).count() == 5


@pytest.mark.parametrize("url", [LIST_URL, NEW_URL])
def test_anonymous_visitors_are_sent_to_the_login_page(client, db, url):
    response = client.get(url)

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    assert client.post(NEW_URL, NEW_CLIENT).status_code == 302
    assert not Client.objects.exists()


def test_the_form_labels_every_field(client, alice, in_english):
    html = signed_in(client, alice).get(NEW_URL).content.decode()

    for name in ("full_name", "date_of_birth", "document_number", "phone", "citizenship", "region"):
        assert f'<label for="id_{name}">' in html, name
        assert f'id="id_{name}"' in html
    assert '<label for="id_sex_0"' in html
    assert "<legend>Sex</legend>" in html
    assert 'aria-describedby="id_full_name_helptext"' in html
    assert '<option value="XXX">Stateless (no citizenship) — XXX</option>' in html
    assert '<option value="TJK">Tajikistan — TJK</option>' in html
    assert "— RU-TA</option>" in html
    assert 'type="date"' in html


@pytest.mark.parametrize("user_name", ["alice", "sam", "dora"])
def test_a_case_role_registers_a_client_and_lands_on_its_page(client, user_name, request, in_english):
    user = request.getfixturevalue(user_name)

    response = signed_in(client, user).post(NEW_URL, NEW_CLIENT)

    created = Client.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("web:client", args=[created.id])
    assert [str(m) for m in get_messages(response.wsgi_request)] == [f"Client {created.code} registered."]
    assert created.organisation_id == user.membership.organisation_id
    personal = open_personal(created)
    assert (personal.full_name, personal.date_of_birth, personal.document_number, personal.phone) == (
        "Dilnoza Yusupova",
        date(1994, 7, 12),
        "FA 0123456",
        "+7 901 234-56-78",
    )
    status = ClientStatus.objects.get(client=created)
    assert (status.citizenship, status.sex, status.region, status.birth_year) == ("UZB", "F", "RU-SVE", 1994)


def test_charlie_registers_in_his_own_organisation(client, charlie, alice, in_english):
    signed_in(client, charlie).post(NEW_URL, NEW_CLIENT)

    assert Client.objects.get().organisation_id == charlie.membership.organisation_id
    assert listed_codes(signed_in(client, alice).get(LIST_URL)) == []


def errors_for(response, field: str) -> str:
    match = re.search(
        rf'<div id="id_{field}_errors" data-errors-for="{field}">(.*?)</div>', response.content.decode(), re.S
    )
    return " ".join(re.sub(r"<[^>]+>", " ", match.group(1)).split()) if match else ""


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"full_name": ""}, "full_name", "This field is required."),
        ({"date_of_birth": "12.07.1994x"}, "date_of_birth", "Enter a valid date."),
        ({"date_of_birth": "2025-03-06"}, "date_of_birth", DATE_OF_BIRTH_IN_FUTURE),  # refused by the service
        (
            {"date_of_birth": "1899-12-31"},
            "date_of_birth",
            "",
        ),  # the catalogue's year bound, from the service
        ({"citizenship": "ZZZ"}, "citizenship", "Select a valid choice."),
        ({"region": "RU-XX"}, "region", "Select a valid choice."),
        ({"sex": "Q"}, "sex", "Select a valid choice."),
        ({"phone": "9" * 41}, "phone", "Ensure this value has at most 40 characters"),
    ],
)
def test_it_shows_errors_next_to_the_fields_and_writes_nothing(
    client, alice, in_english, change, field, message
):
    response = signed_in(client, alice).post(NEW_URL, {**NEW_CLIENT, **change})

    assert response.status_code == 200
    shown = errors_for(response, field)
    assert shown, response.content.decode()
    assert message in shown
    assert "Please correct the fields marked below." in response.content.decode()
    assert not Client.objects.exists()
    assert not Event.objects.exists()
    # What was typed stays in the form, so nothing has to be typed twice.
    assert 'value="Dilnoza Yusupova"' in response.content.decode() or field == "full_name"


def test_a_field_with_an_error_is_described_by_it(client, alice, in_english):
    response = signed_in(client, alice).post(NEW_URL, {**NEW_CLIENT, "date_of_birth": "2030-01-01"})

    html = response.content.decode()
    assert 'aria-describedby="id_date_of_birth_helptext id_date_of_birth_errors"' in html
    assert 'aria-invalid="true"' in html


def test_service_refusals_map_onto_the_form_fields(db):
    form = ClientForm(data=NEW_CLIENT)
    assert form.is_valid()

    form.add_service_errors(PayloadInvalid({"birth_year": ["Too old."], "non_field_errors": ["Refused."]}))
    form.add_service_errors(ValidationError({"region": ["Unknown region."], "language": ["Not a field."]}))
    form.add_service_errors(ValidationError("Plain refusal."))

    assert form.errors == {
        "date_of_birth": ["Too old."],
        "__all__": ["Refused.", "Not a field.", "Plain refusal."],
        "region": ["Unknown region."],
    }
