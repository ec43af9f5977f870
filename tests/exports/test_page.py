"""The exports page and its downloads: analysts and admins only, every table readable, nothing personal."""

from __future__ import annotations

import json
import re

import pytest
from django.test import Client

from casework.exports.definitions import TABLES
from casework.models import ExportGeneration
from casework.services.organisations import user_language_set

pytestmark = pytest.mark.usefixtures("exported_in_2026")

PAGE = "/exports/"


@pytest.fixture
def browser(db) -> Client:
    return Client()


def signed_in(browser: Client, user, language: str = "en") -> Client:
    user_language_set(actor=user, language=language)
    browser.force_login(user)
    return browser


def test_it_shows_every_table_of_the_year_with_a_chart_and_downloads(browser, bob, listed_in_2025):
    response = signed_in(browser, bob).get(PAGE, {"period": "2025"})

    assert response.status_code == 200
    page = response.content.decode()
    for table_id in TABLES:
        assert f'id="table-{table_id}"' in page
        assert f"/exports/{table_id}/download/?period=2025&amp;scope=organisation&amp;format=csv" in page
    assert "Register inclusions by quarter and ground" in page
    assert "How these tables protect the people counted" in page
    # The inclusions table is published (24 people ≥ the floor of 20), with a bar per quarter.
    section = page[
        page.index('id="table-inclusions_by_ground"') : page.index('id="table-inclusions_by_citizenship"')
    ]
    assert section.count('class="chart-bar"') + section.count('class="chart-bar-hidden"') == 4
    assert re.search(r'<td class="number suppressed">hidden</td>', section)
    # Too few new clients in this population for their own tables: withheld, and said so.
    assert "Withheld: too few people" in page
    assert ExportGeneration.objects.filter(user=bob, channel="web", format="html").count() == len(TABLES)


def test_it_marks_a_year_that_is_not_over_as_provisional(browser, bob, listed_in_2025):
    page = signed_in(browser, bob).get(PAGE, {"period": "2026"}).content.decode()

    assert "2026 is not over: these figures will still change." in page


def test_it_is_in_russian_for_a_russian_reader(browser, bob, listed_in_2025):
    page = signed_in(browser, bob, language="ru").get(PAGE, {"period": "2025"}).content.decode()

    assert "Включения в реестр по кварталам и основаниям" in page
    assert "скрыто" in page
    assert "I кв. 2025" in page or "1 кв. 2025" in page


@pytest.mark.parametrize("role", ["alice", "sam"])
def test_it_refuses_case_roles(browser, role, request):
    user = request.getfixturevalue(role)

    assert signed_in(browser, user).get(PAGE).status_code == 403
    assert signed_in(browser, user).get("/exports/detentions/download/").status_code == 403


def test_it_sends_anonymous_visitors_to_log_in(browser):
    assert browser.get(PAGE)["Location"].startswith("/accounts/login/")


def test_it_refuses_a_year_not_offered_with_a_field_error(browser, bob):
    response = signed_in(browser, bob).get(PAGE, {"period": "1990"})

    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not ExportGeneration.objects.exists()


def test_it_downloads_csv_and_json(browser, bob, listed_in_2025):
    signed_in(browser, bob)
    csv_response = browser.get("/exports/inclusions_by_ground/download/", {"period": "2025", "format": "csv"})
    json_response = browser.get(
        "/exports/inclusions_by_ground/download/", {"period": "2025", "format": "json"}
    )

    assert csv_response["Content-Type"] == "text/csv; charset=utf-8"
    assert csv_response["Content-Disposition"] == (
        'attachment; filename="inclusions_by_ground-2025-organisation.csv"'
    )
    assert "# table: inclusions_by_ground" in csv_response.content.decode()
    body = json.loads(json_response.content)
    assert (body["table"], body["period"], body["total"]) == (
        "inclusions_by_ground",
        "2025",
        {"value": 25, "suppressed": False},
    )
    assert "disclosure_report" not in body  # the internal report stays on the page
    assert list(ExportGeneration.objects.values_list("format", flat=True).order_by("id")) == ["csv", "json"]


def test_a_bad_download_request_is_a_400_or_404(browser, bob):
    signed_in(browser, bob)

    assert browser.get("/exports/clients_by_city/download/").status_code == 404
    assert browser.get("/exports/detentions/download/", {"format": "xlsx"}).status_code == 400
    assert browser.get("/exports/detentions/download/", {"period": "1990"}).status_code == 400


def test_the_network_scope_is_offered_to_the_instance_administrator_only(browser, dora, erin, listed_in_2025):
    assert 'name="scope"' not in signed_in(browser, dora).get(PAGE).content.decode()
    assert signed_in(Client(), dora).get(PAGE, {"period": "2025", "scope": "network"}).status_code == 403

    page = signed_in(browser, erin).get(PAGE, {"period": "2025", "scope": "network"}).content.decode()

    assert 'name="scope"' in page
    assert "scope=network&amp;format=csv" in page
    assert ExportGeneration.objects.filter(user=erin, scope="network").count() == len(TABLES)


def test_admins_see_who_generated_which_table(browser, bob, dora, listed_in_2025):
    signed_in(Client(), bob).get("/exports/detentions/download/", {"period": "2025"})

    page = signed_in(browser, dora).get(PAGE, {"period": "2025"}).content.decode()
    log = page[page.index("Who generated which table") :]

    assert "bob" in log and "detentions v1" in log
    analyst_page = signed_in(Client(), bob).get(PAGE).content.decode()
    assert "Who generated which table" not in analyst_page
