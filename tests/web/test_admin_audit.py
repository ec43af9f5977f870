"""The admin's audit page: the organisation's reads and export generations, filterable by user and by case
code; nothing of another organisation, whatever the filter."""

from __future__ import annotations

import pytest
from django.urls import reverse

from casework.exports.definitions import TABLES
from casework.models import Role
from casework.services.organisations import user_language_set
from tests.conftest import _user, make_client
from tests.web.conftest import signed_in

AUDIT_URL = reverse("web:admin-audit")
TABLE = next(iter(TABLES))


@pytest.fixture
def erin(org_b):
    """An admin, but of org B."""
    erin = _user(org_b, "erin", Role.ADMIN)
    user_language_set(actor=erin, language="en")
    return erin


@pytest.fixture
def history(api, alice, sam, bob, in_english):
    """alice opens one client and searches; sam opens another; bob (analyst) exports a table."""
    first, second = make_client(alice), make_client(alice, full_name="Second Person", document_number="Z9")
    api(alice).get(f"/api/clients/{first.id}/")
    api(alice).post("/api/clients/search/", {"q": "Nobody"}, format="json")
    api(sam).get(f"/api/clients/{second.id}/events/")
    assert api(bob).get(f"/api/exports/{TABLE}/").status_code == 200
    return first, second


def rows(response, heading: str) -> str:
    """The page's section under one heading."""
    return response.content.decode().split(heading, 1)[1].split("<h2", 1)[0]


def test_it_lists_the_organisations_reads_and_exports(client, dora, history):
    first, second = history

    response = signed_in(client, dora).get(AUDIT_URL)

    assert response.status_code == 200
    reads = rows(response, "Reads of client data")
    assert reads.index(second.code) < reads.index("nobody found") < reads.index(first.code)  # newest first
    assert "opened the client&#x27;s personal data" in reads and "read the client&#x27;s events" in reads
    exports = rows(response, "Aggregate exports")
    assert "bob" in exports and TABLE in exports


def test_it_filters_by_user(client, dora, sam, history):
    first, second = history

    response = signed_in(client, dora).get(AUDIT_URL, {"user": sam.pk})

    reads = rows(response, "Reads of client data")
    assert second.code in reads and first.code not in reads and "alice" not in reads
    assert "bob" not in rows(response, "Aggregate exports")


def test_it_filters_by_case_code_and_then_shows_no_export(client, dora, history):
    first, second = history

    response = signed_in(client, dora).get(AUDIT_URL, {"code": first.code.lower()})

    reads = rows(response, "Reads of client data")
    assert first.code in reads and second.code not in reads and "nobody found" not in reads
    assert "concerns no single client" in rows(response, "Aggregate exports")


def test_it_says_so_when_no_client_has_the_code(client, dora, history):
    response = signed_in(client, dora).get(AUDIT_URL, {"code": "C-NOSUCH"})

    assert "No client of your organisation has that case code." in response.text
    assert "Nothing recorded." in response.text


def test_it_shows_another_organisations_admin_nothing(client, erin, alice, history):
    first, _second = history
    signed_in(client, erin)

    page = client.get(AUDIT_URL)
    by_code = client.get(AUDIT_URL, {"code": first.code})
    by_user = client.get(AUDIT_URL, {"user": alice.pk})

    for response in (page, by_code, by_user):
        assert response.status_code == 200
        reads, exports = rows(response, "Reads of client data"), rows(response, "Aggregate exports")
        assert "Nothing recorded." in reads
        assert "alice" not in reads and "sam" not in reads and "bob" not in exports and TABLE not in exports
    assert "No client of your organisation has that case code." in by_code.text
    assert by_user.context["form"].errors["user"]  # not one of erin's members


def test_it_pages_through_a_long_record(client, api, dora, alice, history, monkeypatch):
    monkeypatch.setattr("casework.web.admin_audit.READS_PER_PAGE", 2)
    api(alice).get(f"/api/clients/{history[0].id}/status/")  # alice's third read

    first = signed_in(client, dora).get(AUDIT_URL, {"user": alice.pk})
    second = client.get(AUDIT_URL, {"user": alice.pk, "page": 2})

    assert "Older" in first.text and f"user={alice.pk}&amp;page=2" in first.text
    assert "Newer" in second.text


def test_it_shows_the_network_tables_its_own_members_generated(api, client, dora, erin, org_a, in_english):
    # Issue 14 item 9: a network table's record belongs to no organisation, and row-level security hid it
    # from every admin. The instance administrator's own organisation sees it; no other one does.
    from casework.services.organisations import user_create
    from tests.conftest import PASSWORD

    instance_admin = user_create(
        organisation=org_a, username="ivan", password=PASSWORD, role=Role.ADMIN, instance_admin=True
    )
    assert api(instance_admin).get(f"/api/exports/{TABLE}/", {"scope": "network"}).status_code == 200

    ours = rows(signed_in(client, dora).get(AUDIT_URL), "Aggregate exports")
    assert "ivan" in ours and "(network)" in ours
    theirs = rows(signed_in(client, erin).get(AUDIT_URL), "Aggregate exports")
    assert "ivan" not in theirs


def test_the_page_title_is_a_title_and_the_erasures_are_listed_once(client, dora, history):
    html = signed_in(client, dora).get(AUDIT_URL).content.decode()
    title = html[html.index("<title>") : html.index("</title>")]
    assert "<table" not in title and "Erasures" not in title
    assert html.count('id="erasures-heading"') == 1
