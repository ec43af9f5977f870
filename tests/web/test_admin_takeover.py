"""A stolen admin session cannot quietly take the organisation over: creating users, changing roles,
deactivating and reactivating ask for the password again; the other admins are told by e-mail when an admin
is created, promoted, demoted, deactivated or reactivated; a deactivated member can be reactivated
(issue 14, item 3)."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from casework.accounts.auth_session import AUTH_AT
from casework.models import Role
from tests.conftest import PASSWORD, _user

REAUTH = "/accounts/reauthenticate/"
NEW_PASSWORD = "another horse battery staple"


@pytest.fixture
def dora2(org_a):
    return _user(org_a, "dora2", Role.ADMIN)


def aged(client, user):
    """Signed in long enough ago that the last complete authentication no longer counts."""
    client.force_login(user)
    session = client.session
    session[AUTH_AT] = session[AUTH_AT] - 3600
    session.save()
    return client


def new_user_form(role: str = Role.ADMIN, username: str = "intruder") -> dict:
    return {
        "username": username,
        "email": f"{username}@evil.example",
        "role": role,
        "language": "en",
        "password": NEW_PASSWORD,
        "password_again": NEW_PASSWORD,
    }


def role_form(user, role: str) -> dict:
    return {f"m{user.pk}-role": role}


def sent_to(mailoutbox) -> list[str]:
    return sorted(address for message in mailoutbox for address in message.to)


class TestReauthentication:
    def test_creating_a_user_asks_for_the_password_again(self, client, dora):
        response = aged(client, dora).post(reverse("web:admin-user-new"), new_user_form())

        assert response.status_code == 302 and response["Location"].startswith(REAUTH)
        assert not get_user_model().objects.filter(username="intruder").exists()

    def test_so_does_opening_the_form(self, client, dora):
        response = aged(client, dora).get(reverse("web:admin-user-new"))

        assert response.status_code == 302 and response["Location"].startswith(REAUTH)

    def test_changing_a_role_asks_for_the_password_again(self, client, dora, alice):
        url = reverse("web:admin-user-role", args=[alice.pk])

        response = aged(client, dora).post(url, role_form(alice, Role.ADMIN))

        assert response.status_code == 302 and response["Location"].startswith(REAUTH)
        assert "next=/admin/users/" in response["Location"].replace("%2F", "/")
        alice.membership.refresh_from_db()
        assert alice.membership.role == Role.CASEWORKER

    def test_deactivating_asks_for_the_password_again(self, client, dora, dora2):
        response = aged(client, dora).post(reverse("web:admin-user-deactivate", args=[dora2.pk]))

        assert response.status_code == 302 and response["Location"].startswith(REAUTH)
        dora2.refresh_from_db()
        assert dora2.is_active

    def test_after_reauthenticating_the_change_goes_through(self, client, dora, alice):
        aged(client, dora)
        client.post(REAUTH, {"password": PASSWORD, "next": "/admin/users/"})

        response = client.post(
            reverse("web:admin-user-role", args=[alice.pk]), role_form(alice, Role.SUPERVISOR)
        )

        assert response.status_code == 302 and response["Location"] == reverse("web:admin-users")
        alice.membership.refresh_from_db()
        assert alice.membership.role == Role.SUPERVISOR


class TestReactivation:
    def test_an_admin_reactivates_a_deactivated_member(self, client, dora, alice):
        client.force_login(dora)
        client.post(reverse("web:admin-user-deactivate", args=[alice.pk]))

        response = client.post(reverse("web:admin-user-reactivate", args=[alice.pk]))

        assert response.status_code == 302
        alice.refresh_from_db()
        assert alice.is_active
        assert client.post("/accounts/login/", {"username": "alice", "password": PASSWORD}).status_code == 302

    def test_the_users_page_offers_it_for_deactivated_members_only(self, client, dora, alice, sam):
        client.force_login(dora)
        client.post(reverse("web:admin-user-deactivate", args=[alice.pk]))

        page = client.get(reverse("web:admin-users")).content.decode()

        assert reverse("web:admin-user-reactivate", args=[alice.pk]) in page
        assert reverse("web:admin-user-reactivate", args=[sam.pk]) not in page

    def test_it_asks_for_the_password_again(self, client, dora, alice):
        get_user_model().objects.filter(pk=alice.pk).update(is_active=False)

        response = aged(client, dora).post(reverse("web:admin-user-reactivate", args=[alice.pk]))

        assert response.status_code == 302 and response["Location"].startswith(REAUTH)
        alice.refresh_from_db()
        assert not alice.is_active

    def test_other_roles_and_organisations_cannot(self, client, sam, alice, charlie):
        get_user_model().objects.filter(pk__in=[alice.pk, charlie.pk]).update(is_active=False)
        client.force_login(sam)
        assert client.post(reverse("web:admin-user-reactivate", args=[alice.pk])).status_code == 403

        erin = _user(charlie.membership.organisation, "erin", Role.ADMIN)
        client.force_login(erin)
        assert client.post(reverse("web:admin-user-reactivate", args=[alice.pk])).status_code == 404
        alice.refresh_from_db()
        assert not alice.is_active


class TestNotices:
    def test_creating_an_admin_tells_the_other_admins(
        self, client, dora, dora2, alice, mailoutbox, django_capture_on_commit_callbacks
    ):
        client.force_login(dora)

        with django_capture_on_commit_callbacks(execute=True):
            client.post(reverse("web:admin-user-new"), new_user_form())

        assert sent_to(mailoutbox) == ["dora2@example.org"]
        message = mailoutbox[0]
        text = message.subject + message.body + message.alternatives[0][0]
        assert "/admin/users/" in text
        # No personal data: neither the new account's name nor its address.
        assert "intruder" not in text and "evil.example" not in text

    def test_creating_a_caseworker_tells_nobody(
        self, client, dora, dora2, mailoutbox, django_capture_on_commit_callbacks
    ):
        client.force_login(dora)

        with django_capture_on_commit_callbacks(execute=True):
            client.post(reverse("web:admin-user-new"), new_user_form(role=Role.CASEWORKER))

        assert get_user_model().objects.filter(username="intruder").exists()
        assert mailoutbox == []

    def test_promoting_and_demoting_tell_the_admins(
        self, client, dora, dora2, alice, mailoutbox, django_capture_on_commit_callbacks
    ):
        client.force_login(dora)

        with django_capture_on_commit_callbacks(execute=True):
            client.post(reverse("web:admin-user-role", args=[alice.pk]), role_form(alice, Role.ADMIN))
        promoted = sent_to(mailoutbox)
        mailoutbox.clear()
        with django_capture_on_commit_callbacks(execute=True):
            client.post(reverse("web:admin-user-role", args=[dora2.pk]), role_form(dora2, Role.CASEWORKER))

        assert promoted == ["dora2@example.org"]
        # The demoted admin hears of it too: it may be the real one, demoted by an intruder.
        assert sent_to(mailoutbox) == ["alice@example.org", "dora2@example.org"]

    def test_deactivating_an_admin_tells_the_admins_and_them(
        self, client, dora, dora2, org_a, mailoutbox, django_capture_on_commit_callbacks
    ):
        third = _user(org_a, "dora3", Role.ADMIN)
        client.force_login(dora)

        with django_capture_on_commit_callbacks(execute=True):
            client.post(reverse("web:admin-user-deactivate", args=[third.pk]))

        assert sent_to(mailoutbox) == ["dora2@example.org", "dora3@example.org"]

    def test_deactivating_a_caseworker_tells_nobody(
        self, client, dora, dora2, alice, mailoutbox, django_capture_on_commit_callbacks
    ):
        client.force_login(dora)

        with django_capture_on_commit_callbacks(execute=True):
            client.post(reverse("web:admin-user-deactivate", args=[alice.pk]))

        assert mailoutbox == []

    def test_the_notice_is_in_each_admins_language(
        self, client, dora, dora2, mailoutbox, django_capture_on_commit_callbacks
    ):
        dora2.membership.language = "ru"
        dora2.membership.save()
        client.force_login(dora)

        with django_capture_on_commit_callbacks(execute=True):
            client.post(reverse("web:admin-user-new"), new_user_form())

        assert "администратор" in mailoutbox[0].body.lower()
