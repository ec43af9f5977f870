"""API tokens die: a lifetime, an idle expiry, and revocation whenever the password, second factor, role or
active flag changes; users list and revoke their own, admins their members'; every creation is in the audit
(API.md, Authentication and roles; issue 14, item 1)."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
import time_machine
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from casework.models import ApiToken, Role
from casework.services.members import member_deactivate, member_role_set
from casework.services.organisations import token_create, user_language_set
from casework.services.second_factors import second_factor_reset
from tests.auth.conftest import enrol
from tests.conftest import PASSWORD, _user

CLIENTS = "/api/clients/"


def with_token(token: str) -> APIClient:
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    return api


def works(token: str) -> bool:
    status = with_token(token).get(CLIENTS).status_code
    assert status in (200, 401), status
    return status == 200


@pytest.fixture
def now():
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        yield traveller


class TestExpiry:
    def test_it_ends_a_token_after_its_lifetime_however_busy(self, alice, settings, now):
        settings.CASEWORK_TOKEN_TTL_DAYS, settings.CASEWORK_TOKEN_IDLE_DAYS = 30, 7
        token = token_create(user=alice)
        for _ in range(4):  # used every 6 days: never idle
            now.shift(timedelta(days=6))
            assert works(token)
        now.shift(timedelta(days=5))  # day 29
        assert works(token)

        now.shift(timedelta(days=2))  # day 31

        assert not works(token)

    def test_it_ends_a_token_unused_for_the_idle_days(self, alice, settings, now):
        settings.CASEWORK_TOKEN_TTL_DAYS, settings.CASEWORK_TOKEN_IDLE_DAYS = 30, 7
        used, unused = token_create(user=alice), token_create(user=alice)
        now.shift(timedelta(days=6))
        assert works(used)

        now.shift(timedelta(days=2))  # 8 days after creation, 2 after the last use

        assert works(used)
        assert not works(unused)

    def test_the_answer_to_an_expired_token_is_the_same_401(self, alice, settings, now):
        token = token_create(user=alice)
        now.shift(timedelta(days=settings.CASEWORK_TOKEN_TTL_DAYS + 1))

        response = with_token(token).get(CLIENTS)

        assert response.status_code == 401 and response.json()["code"] == "authentication_failed"


class TestRevocation:
    def test_a_password_change_revokes_the_users_tokens(self, alice, sam):
        token, other = token_create(user=alice), token_create(user=sam)

        alice.set_password("a new horse battery staple")
        alice.save()

        assert not works(token)
        assert works(other)
        assert ApiToken.objects.get(user=alice).revoked_reason == "password_changed"

    def test_the_changepassword_command_revokes_them_too(self, alice, monkeypatch):
        token = token_create(user=alice)
        monkeypatch.setattr("getpass.getpass", lambda prompt="": "a new horse battery staple")

        call_command("changepassword", "alice")

        assert not works(token)

    def test_saving_the_user_otherwise_keeps_them(self, alice):
        token = token_create(user=alice)

        alice.last_login = timezone.now()
        alice.save()
        alice.first_name = "A."
        alice.save(update_fields=["first_name"])

        assert works(token)

    def test_a_factor_reset_revokes_the_users_tokens(self, alice, dora):
        enrol(alice)
        token = token_create(user=alice)

        second_factor_reset(actor=dora, user=alice)

        assert not works(token)
        assert ApiToken.objects.get(user=alice).revoked_reason == "second_factor_changed"

    def test_enrolling_a_factor_revokes_the_tokens_made_without_it(self, alice):
        token = token_create(user=alice)

        enrol(alice)

        assert not works(token)

    def test_a_role_change_revokes_the_members_tokens(self, alice, dora):
        token = token_create(user=alice)

        member_role_set(actor=dora, member=alice.membership, role=Role.SUPERVISOR)

        assert not works(token)
        assert ApiToken.objects.get(user=alice).revoked_reason == "role_changed"

    def test_setting_the_same_role_again_keeps_them(self, alice, dora):
        token = token_create(user=alice)

        member_role_set(actor=dora, member=alice.membership, role=Role.CASEWORKER)

        assert works(token)

    def test_deactivation_revokes_for_good(self, alice, dora):
        token = token_create(user=alice)

        member_deactivate(actor=dora, member=alice.membership)
        type(alice).objects.filter(pk=alice.pk).update(is_active=True)  # an operator turns it back on

        assert not works(token)
        assert ApiToken.objects.get(user=alice).revoked_reason == "deactivated"


class TestOwnTokens:
    URL = "/api/auth/tokens/"

    def test_it_lists_the_callers_live_tokens_without_their_secret(self, alice, sam, now):
        first = token_create(user=alice, label="nightly import")
        second = token_create(user=alice)
        token_create(user=sam)
        revoked = token_create(user=alice)
        with_token(revoked).delete(f"{self.URL}{ApiToken.objects.order_by('-id').first().pk}/")

        response = with_token(first).get(self.URL)

        assert response.status_code == 200
        listed = response.json()
        assert [(row["label"], row["current"]) for row in listed] == [("", False), ("nightly import", True)]
        assert set(listed[0]) == {"id", "label", "created_at", "last_used_at", "expires_at", "current"}
        assert first not in response.content.decode() and second not in response.content.decode()
        assert first[3:11] not in response.content.decode()

    def test_it_revokes_one_of_the_callers_tokens(self, alice):
        keep, drop = token_create(user=alice), token_create(user=alice)
        drop_id = ApiToken.objects.order_by("-id").first().pk

        response = with_token(keep).delete(f"{self.URL}{drop_id}/")

        assert response.status_code == 204
        assert works(keep) and not works(drop)
        assert ApiToken.objects.get(pk=drop_id).revoked_reason == "revoked_by_user"

    def test_another_users_token_is_not_found(self, alice, sam, charlie):
        mine = token_create(user=alice)
        for other in (sam, charlie):
            token = token_create(user=other)
            other_id = ApiToken.objects.order_by("-id").first().pk

            assert with_token(mine).delete(f"{self.URL}{other_id}/").status_code == 404
            assert works(token)

    def test_it_needs_a_token(self, client, alice):
        client.force_login(alice)

        assert client.get(self.URL).status_code == 401


class TestAdminPage:
    @pytest.fixture
    def tokens_of_alice(self, alice):
        token = token_create(user=alice, label="laptop script")
        return token, ApiToken.objects.get(user=alice)

    @pytest.fixture
    def as_dora(self, client, dora):
        user_language_set(actor=dora, language="en")
        client.force_login(dora)
        return client

    def test_it_lists_the_members_live_tokens(self, as_dora, tokens_of_alice):
        page = as_dora.get(reverse("web:admin-tokens")).content.decode()

        assert "alice" in page and "laptop script" in page
        assert tokens_of_alice[0] not in page

    def test_it_revokes_a_members_token(self, as_dora, dora, tokens_of_alice):
        token, row = tokens_of_alice

        response = as_dora.post(reverse("web:admin-token-revoke", args=[row.pk]))

        assert response.status_code == 302
        assert not works(token)
        row.refresh_from_db()
        assert (row.revoked_reason, row.revoked_by) == ("revoked_by_admin", dora)

    def test_another_organisations_token_is_not_found(self, as_dora, charlie):
        token = token_create(user=charlie)
        row = ApiToken.objects.get(user=charlie)

        assert as_dora.get(reverse("web:admin-tokens")).content.decode().count("charlie") == 0
        assert as_dora.post(reverse("web:admin-token-revoke", args=[row.pk])).status_code == 404
        assert works(token)

    def test_other_roles_are_refused(self, client, sam, tokens_of_alice):
        client.force_login(sam)

        assert client.get(reverse("web:admin-tokens")).status_code == 403
        assert client.post(reverse("web:admin-token-revoke", args=[tokens_of_alice[1].pk])).status_code == 403


class TestAudit:
    def test_every_token_creation_is_recorded_with_who_when_and_where(self, client, alice, dora, settings):
        settings.CASEWORK_REQUIRE_MFA = False
        obtained = APIClient(REMOTE_ADDR="203.0.113.7").post(
            "/api/auth/token/", {"username": "alice", "password": PASSWORD}, format="json"
        )
        assert obtained.status_code == 200
        call_command("token_create", "--username", "alice", stdout=io.StringIO())

        rows = list(ApiToken.objects.filter(user=alice).order_by("id"))
        assert [(row.created_via, row.created_from) for row in rows] == [
            ("api", "203.0.113.7"),
            ("command", ""),
        ]

        user_language_set(actor=dora, language="en")
        client.force_login(dora)
        page = client.get("/admin/audit/").content.decode()
        assert "API tokens created" in page and "203.0.113.7" in page and "command line" in page

    def test_the_audit_keeps_a_revoked_token(self, client, alice, dora):
        token_create(user=alice)
        member_role_set(actor=dora, member=alice.membership, role=Role.SUPERVISOR)
        user_language_set(actor=dora, language="en")
        client.force_login(dora)

        page = client.get("/admin/audit/").content.decode()

        assert "API tokens created" in page and "revoked" in page


def test_an_admin_of_another_organisation_sees_none_of_it(client, alice, org_b):
    erin = _user(org_b, "erin", Role.ADMIN)
    token_create(user=alice)
    client.force_login(erin)

    assert "alice" not in client.get("/admin/audit/").content.decode()
