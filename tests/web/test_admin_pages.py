"""Admin pages: users and roles, regional days off, erasing a client. Admins only; other roles get 403, and
another organisation's members, days off and clients answer 404."""

from __future__ import annotations

from datetime import date

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.urls import reverse

from casework.models import DeadlineChange, Membership, RegionalDayOff, Role
from casework.personal import open_personal
from casework.services.calendar import regional_day_off_add
from casework.services.events import event_record
from casework.services.members import DEACTIVATE_SELF, LAST_ADMIN, member_deactivate, member_role_set
from tests.conftest import PASSWORD, _user, make_client
from tests.web.conftest import signed_in

KOAP_DECISION = {"decision_ref": "D1", "kind": "administrative_expulsion", "copy_received_on": "2025-02-27"}


@pytest.fixture
def erin(org_b):
    """An admin, but of org B: org A's members, days off and clients do not exist for her."""
    return _user(org_b, "erin", Role.ADMIN)


def membership(user) -> Membership:
    return Membership.objects.select_related("user").get(user=user)


def page_urls(user_id: int, day_off_id: int, client_id) -> list[tuple[str, str]]:
    return [
        ("get", reverse("web:admin-home")),
        ("get", reverse("web:admin-users")),
        ("get", reverse("web:admin-user-new")),
        ("post", reverse("web:admin-user-role", args=[user_id])),
        ("post", reverse("web:admin-user-deactivate", args=[user_id])),
        ("get", reverse("web:admin-days-off")),
        ("post", reverse("web:admin-day-off-remove", args=[day_off_id])),
        ("get", reverse("web:client-erase", args=[client_id])),
        ("post", reverse("web:client-erase", args=[client_id])),
    ]


@pytest.fixture
def org_a_objects(alice, dora, client_of_alice):
    day_off = regional_day_off_add(actor=dora, region="RU-TA", day=date(2025, 3, 10))
    return alice.pk, day_off.pk, client_of_alice.id


def test_it_shows_the_admin_home_to_an_admin(client, dora):
    response = signed_in(client, dora).get(reverse("web:admin-home"))

    assert response.status_code == 200
    assert reverse("web:admin-users") in response.text
    assert reverse("web:admin-days-off") in response.text
    assert 'aria-current="page"' in response.text  # "Administration" is highlighted in the main menu


@pytest.mark.parametrize("role_user", ["alice", "sam", "bob"])
def test_it_refuses_every_admin_page_to_other_roles(client, request, org_a_objects, role_user):
    user = request.getfixturevalue(role_user)
    signed_in(client, user)
    for method, url in page_urls(*org_a_objects):
        response = getattr(client, method)(url, {"role": "admin", "code": "x"} if method == "post" else None)
        assert response.status_code == 403, (role_user, url)
    assert RegionalDayOff.objects.count() == 1
    assert membership(request.getfixturevalue("alice")).role == Role.CASEWORKER


@pytest.mark.parametrize("outsider", ["charlie", "erin"])
def test_it_answers_404_for_another_organisations_objects(client, request, org_a_objects, outsider):
    signed_in(client, request.getfixturevalue(outsider))
    object_urls = [(m, u) for m, u in page_urls(*org_a_objects) if "/admin/users/" in u and m == "post"]
    object_urls += [(m, u) for m, u in page_urls(*org_a_objects) if "remove" in u or "erase" in u]
    assert len(object_urls) == 5
    for method, url in object_urls:
        response = getattr(client, method)(url, {"role": "admin", "code": "x"} if method == "post" else None)
        assert response.status_code == 404, (outsider, url)


def test_it_shows_an_admin_only_their_own_organisation(client, dora, alice, erin, org_a_objects):
    signed_in(client, erin)

    users = client.get(reverse("web:admin-users")).text
    days_off = client.get(reverse("web:admin-days-off")).text

    assert "erin" in users and "alice" not in users and "dora" not in users
    assert "10.03.2025" not in days_off


def test_it_sends_anonymous_visitors_to_log_in(client, org_a_objects):
    for method, url in page_urls(*org_a_objects):
        if method == "get":
            response = client.get(url)
            assert response.status_code == 302 and response.url.startswith("/accounts/login/"), url


def test_it_lists_members_with_role_and_language(client, dora, alice, bob):
    Membership.objects.filter(user=bob).update(language="en")

    response = signed_in(client, dora).get(reverse("web:admin-users"))

    rows = {member.user.username: member for member in (row["member"] for row in response.context["rows"])}
    assert set(rows) == {"alice", "bob", "dora"}
    assert "English" in response.text and "Русский" in response.text
    assert "alice@example.org" in response.text


def test_it_creates_a_user_who_can_then_log_in(client, dora):
    response = signed_in(client, dora).post(
        reverse("web:admin-user-new"),
        {
            "username": "fatima",
            "email": "fatima@example.org",
            "role": "supervisor",
            "language": "en",
            "password": "a long enough passphrase",
            "password_again": "a long enough passphrase",
        },
    )

    assert response.status_code == 302 and response.url == reverse("web:admin-users")
    created = membership(get_user_model().objects.get(username="fatima"))
    assert (created.organisation_id, created.role, created.language) == (
        membership(dora).organisation_id,
        "supervisor",
        "en",
    )
    assert created.user.email == "fatima@example.org"
    client.logout()
    assert client.login(username="fatima", password="a long enough passphrase")


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"username": "alice"}, "username"),
        ({"password": "short", "password_again": "short"}, "password"),
        ({"password_again": "something else entirely"}, "password_again"),
        ({"role": "owner"}, "role"),
    ],
)
def test_it_shows_why_a_user_was_not_created(client, dora, alice, changes, field):
    data = {
        "username": "fatima",
        "email": "fatima@example.org",
        "role": "caseworker",
        "language": "ru",
        "password": "a long enough passphrase",
        "password_again": "a long enough passphrase",
        **changes,
    }

    response = signed_in(client, dora).post(reverse("web:admin-user-new"), data)

    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert f'id="id_{field}_error"' in response.text
    assert not get_user_model().objects.filter(username="fatima").exists()


def test_a_taken_username_reads_the_same_here_and_elsewhere(client, dora, alice, charlie):
    data = {
        "email": "fatima@example.org",
        "role": "caseworker",
        "language": "en",
        "password": "a long enough passphrase",
        "password_again": "a long enough passphrase",
    }
    as_dora = signed_in(client, dora)
    Membership.objects.filter(user=dora).update(language="en")

    here = as_dora.post(reverse("web:admin-user-new"), {**data, "username": "alice"})
    elsewhere = as_dora.post(reverse("web:admin-user-new"), {**data, "username": "charlie"})

    assert here.context["form"].errors["username"] == elsewhere.context["form"].errors["username"]
    (message,) = elsewhere.context["form"].errors["username"]
    assert "organisation" not in message.split(".")[0]  # it names no place where the name is in use


@pytest.mark.parametrize("variant", ["\uff41lice", "\U0001d41alice", "\u24d0lice"])
def test_a_unicode_variant_of_an_existing_username_is_refused(client, dora, alice, variant):
    response = signed_in(client, dora).post(
        reverse("web:admin-user-new"),
        {
            "username": variant,
            "email": "other@example.org",
            "role": "caseworker",
            "language": "ru",
            "password": "a long enough passphrase",
            "password_again": "a long enough passphrase",
        },
    )

    # It would log in as alice (the login form applies NFKC), so it is alice's name.
    assert response.status_code == 200 and "username" in response.context["form"].errors
    assert get_user_model().objects.count() == 2


def test_it_changes_a_members_role(client, dora, alice):
    response = signed_in(client, dora).post(
        reverse("web:admin-user-role", args=[alice.pk]), {f"m{alice.pk}-role": "supervisor"}
    )

    assert response.status_code == 302
    assert membership(alice).role == Role.SUPERVISOR


def test_it_refuses_the_last_admin_removing_their_own_admin_role(client, dora, settings):
    settings.LANGUAGE_CODE = "en"
    Membership.objects.filter(user=dora).update(language="en")

    response = signed_in(client, dora).post(
        reverse("web:admin-user-role", args=[dora.pk]), {f"m{dora.pk}-role": "caseworker"}, follow=True
    )

    assert membership(dora).role == Role.ADMIN
    assert LAST_ADMIN in response.text


def test_it_lets_an_admin_step_down_when_another_admin_remains(dora, org_a):
    second = _user(org_a, "gleb", Role.ADMIN)

    member_role_set(actor=dora, member=membership(dora), role=Role.CASEWORKER)

    assert membership(dora).role == Role.CASEWORKER
    with pytest.raises(ValidationError) as refused:
        member_role_set(actor=second, member=membership(second), role=Role.ANALYST)
    assert refused.value.message_dict == {"role": [LAST_ADMIN]}


def test_it_does_not_count_a_deactivated_admin(dora, org_a):
    second = _user(org_a, "gleb", Role.ADMIN)
    member_deactivate(actor=dora, member=membership(second))

    with pytest.raises(ValidationError):
        member_role_set(actor=dora, member=membership(dora), role=Role.CASEWORKER)


def test_it_deactivates_a_member_who_then_cannot_log_in(client, dora, alice):
    response = signed_in(client, dora).post(reverse("web:admin-user-deactivate", args=[alice.pk]))

    assert response.status_code == 302
    alice.refresh_from_db()
    assert not alice.is_active
    assert Membership.objects.filter(user=alice).exists()  # history and assignments keep their author
    client.logout()
    assert not client.login(username="alice", password=PASSWORD)


def test_it_refuses_to_deactivate_oneself(client, dora, org_a):
    _user(org_a, "gleb", Role.ADMIN)

    with pytest.raises(ValidationError) as refused:
        member_deactivate(actor=dora, member=membership(dora))

    assert refused.value.message_dict == {"user": [DEACTIVATE_SELF]}
    signed_in(client, dora).post(reverse("web:admin-user-deactivate", args=[dora.pk]))
    dora.refresh_from_db()
    assert dora.is_active


def test_it_adds_a_regional_day_off_and_shows_the_deadline_it_would_move(client, alice, dora):
    kazan = make_client(alice, region="RU-MOW", document_number="TA0000001")
    decision = {**KOAP_DECISION, "authority_region": "RU-TA"}  # the authority sits in Tatarstan
    event_record(
        actor=alice, client=kazan, type="decision_issued", data=decision, occurred_on=date(2025, 2, 27)
    )

    response = signed_in(client, dora).post(
        reverse("web:admin-days-off"), {"region": "RU-TA", "day": "2025-03-10", "note": "Republic Day"}
    )

    assert response.status_code == 302
    assert RegionalDayOff.objects.get().note == "Republic Day"
    assert not DeadlineChange.objects.filter(client=kazan).exists()  # the federal date stays the deadline
    page = client.get(reverse("web:admin-days-off"))
    (row,) = page.context["named"]
    assert (row["deadline"].client_id, row["deadline"].due_on, row["regional_due_on"]) == (
        kazan.id, date(2025, 3, 10), date(2025, 3, 11)
    )  # fmt: skip
    assert kazan.code in page.text and "11.03.2025" in page.text and "Republic Day" in page.text


def test_it_refuses_the_same_day_off_twice(client, dora):
    signed_in(client, dora)
    data = {"region": "RU-TA", "day": "2025-03-10"}
    client.post(reverse("web:admin-days-off"), data)

    response = client.post(reverse("web:admin-days-off"), data)

    assert response.status_code == 200
    assert "day" in response.context["form"].errors
    assert RegionalDayOff.objects.count() == 1


def test_it_removes_a_regional_day_off_and_the_named_date_with_it(client, alice, dora):
    kazan = make_client(alice, region="RU-MOW", document_number="TA0000001")
    decision = {**KOAP_DECISION, "authority_region": "RU-TA"}
    event_record(
        actor=alice, client=kazan, type="decision_issued", data=decision, occurred_on=date(2025, 2, 27)
    )
    day_off = regional_day_off_add(actor=dora, region="RU-TA", day=date(2025, 3, 10))

    response = signed_in(client, dora).post(reverse("web:admin-day-off-remove", args=[day_off.pk]))

    assert response.status_code == 302
    assert not RegionalDayOff.objects.exists()
    assert client.get(reverse("web:admin-days-off")).context["named"] == []


def test_the_erase_page_explains_crypto_shredding_and_asks_for_the_code(client, dora, client_of_alice):
    response = signed_in(client, dora).get(reverse("web:client-erase", args=[client_of_alice.id]))

    assert response.status_code == 200
    assert client_of_alice.code in response.text
    assert "Rustam Karimov" in response.text  # so the admin sees whom they are about to erase
    assert 'name="code"' in response.text


@pytest.mark.parametrize("typed", ["", "C-WRONG1", "lower-case"])
def test_it_erases_nothing_without_the_exact_case_code(client, dora, client_of_alice, typed):
    typed = client_of_alice.code.lower() if typed == "lower-case" else typed

    response = signed_in(client, dora).post(
        reverse("web:client-erase", args=[client_of_alice.id]), {"code": typed}
    )

    assert response.status_code == 200
    assert "code" in response.context["form"].errors
    client_of_alice.refresh_from_db()
    assert not client_of_alice.erased


def test_it_erases_the_client_on_the_exact_case_code(client, dora, client_of_alice):
    url = reverse("web:client-erase", args=[client_of_alice.id])

    response = signed_in(client, dora).post(url, {"code": client_of_alice.code})

    assert response.status_code == 302 and response.url == url
    client_of_alice.refresh_from_db()
    assert client_of_alice.erased and client_of_alice.erased_by == dora
    assert open_personal(client_of_alice) is None
    page = client.get(url)
    assert "Rustam Karimov" not in page.text
    assert 'name="code"' not in page.text  # nothing left to confirm


def test_it_opens_the_erasure_page_from_a_case_code(client, dora, client_of_alice):
    signed_in(client, dora)

    found = client.get(reverse("web:admin-home"), {"code": client_of_alice.code.lower()})
    missing = client.get(reverse("web:admin-home"), {"code": "C-NONE22"})

    assert found.status_code == 302 and found.url == reverse("web:client-erase", args=[client_of_alice.id])
    assert missing.status_code == 200 and "code" in missing.context["find_form"].errors


def test_an_admin_of_another_organisation_cannot_find_the_client_by_code(client, erin, client_of_alice):
    response = signed_in(client, erin).get(reverse("web:admin-home"), {"code": client_of_alice.code})

    assert response.status_code == 200
    assert "code" in response.context["find_form"].errors
