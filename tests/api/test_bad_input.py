"""Bad input gets a 400 (or the API's own error shape), never a 500 with a traceback: deep JSON, NUL and lone
surrogates in any text, page numbers past any database integer, dates past any calendar, oversized bodies,
unknown paths. And no submitted value reaches a log line on the way."""

from __future__ import annotations

import json
import logging
from datetime import date

import pytest
from django.urls import reverse

from casework.domain.events import PayloadInvalid
from casework.domain.payloads import clean_payload
from casework.models import Event, RegionalDayOff
from tests.web.conftest import signed_in

SENTINEL = "ZZSENTINELVALUE"


def events_url(client) -> str:
    return f"/api/clients/{client.id}/events/"


def post_raw(as_user, url: str, body: str):
    return as_user.generic("POST", url, body.encode(), content_type="application/json")


@pytest.fixture
def logs(caplog):
    caplog.set_level(logging.DEBUG)
    return caplog


def assert_no_echo(logs) -> None:
    assert SENTINEL not in logs.text
    assert not [r for r in logs.records if r.levelno >= logging.ERROR], logs.text


@pytest.mark.parametrize("depth", [1_000, 100_000])
@pytest.mark.parametrize("shape", ["[{}]", '{"a": {}}'])
def test_deeply_nested_json_is_a_400_even_anonymously(api, alice, client_of_alice, logs, depth, shape):
    opening, closing = shape.split("{}")
    body = opening * depth + "1" + closing * depth
    for as_user, url in (
        (api(None), "/api/auth/token/"),
        (api(alice), "/api/clients/"),
        (api(alice), "/api/clients/search/"),
        (api(alice), events_url(client_of_alice)),
    ):
        response = post_raw(as_user, url, body)

        assert response.status_code == 400, url
        assert response.json()["code"] == "invalid"
    assert_no_echo(logs)


def test_json_a_little_nested_is_still_fine(api, alice, client_of_alice):
    correction_of = api(alice).post(
        events_url(client_of_alice), {"type": "note_added", "data": {"text": "first"}}, format="json"
    )
    corrected = api(alice).post(
        events_url(client_of_alice),
        {"type": "event_corrected", "data": {"corrects": correction_of.json()["id"], "data": {"text": "x"}}},
        format="json",
    )

    assert corrected.status_code == 201, corrected.json()


@pytest.mark.parametrize(
    ("event", "path"),
    [
        ({"type": "note_added", "data": {"text": f"{SENTINEL}\ud800"}}, ("data", "text")),
        ({"type": "note_added", "data": {"text": f"{SENTINEL}\udfff tail"}}, ("data", "text")),
        (
            {
                "type": "decision_issued",
                "occurred_on": "2025-02-27",
                "data": {"decision_ref": f"D\x00{SENTINEL}", "kind": "deportation"},
            },
            ("data", "decision_ref"),
        ),
        (
            {
                "type": "detained",
                "occurred_on": "2025-02-27",
                "data": {"basis": "other", "facility": f"F\x00{SENTINEL}"},
            },
            ("data", "facility"),
        ),
        ({"type": f"note\x00{SENTINEL}", "data": {}}, ("type",)),
    ],
)
def test_nul_and_lone_surrogates_are_refused_with_a_field_error(
    api, alice, client_of_alice, logs, event, path
):
    # json.dumps writes the surrogate as \ud800, as a client would: valid JSON text, not valid Unicode.
    response = post_raw(api(alice), events_url(client_of_alice), json.dumps(event))

    assert response.status_code == 400, response.content
    errors = response.json()["errors"]
    for key in path:
        errors = errors[key]
    assert errors and SENTINEL not in response.content.decode()
    assert Event.objects.filter(client=client_of_alice).count() == 1
    assert_no_echo(logs)


@pytest.mark.parametrize("field", ["username", "password"])
def test_the_token_endpoint_refuses_them_too(api, db, logs, field):
    body = {"username": "alice", "password": "x", field: f"{SENTINEL}\ud800"}

    response = post_raw(api(None), "/api/auth/token/", json.dumps(body))

    assert response.status_code == 400 and field in response.json()["errors"]
    assert_no_echo(logs)


@pytest.mark.parametrize("text", ["a\x00b", "a\ud800b", "\udc00"])
def test_the_domain_refuses_them_in_every_text_field(text):
    # The web forms and the spreadsheet import reach the domain without the API's parser.
    with pytest.raises(PayloadInvalid) as refused:
        clean_payload("released", {"reason": text}, occurred_on=date(2025, 3, 1), today=date(2025, 3, 5))

    assert "reason" in refused.value.errors


@pytest.mark.parametrize("page", ["99999999999999999999", "9223372036854775807", str(10**7)])
def test_a_page_number_past_any_list_is_a_400(api, sam, logs, page):
    response = api(sam).get("/api/deadlines/", {"page": page})

    assert response.status_code == 400
    assert "page" in response.json()["errors"]
    assert_no_echo(logs)


@pytest.mark.parametrize("url", ["/api/clients/", "/api/clients/{id}/events/"])
def test_other_lists_answer_a_huge_page_without_a_500(api, alice, client_of_alice, url):
    response = api(alice).get(url.format(id=client_of_alice.id), {"page": "99999999999999999999"})

    assert response.status_code in (400, 404) and response.json()["code"] in ("invalid", "not_found")


@pytest.mark.parametrize(
    ("event", "field"),
    [
        (
            {
                "type": "order_to_appear_served",
                "occurred_on": "2025-03-01",
                "data": {"appear_by": "9999-12-31T23:59:59+00:00"},
            },
            "appear_by",
        ),
        (
            {
                "type": "order_to_appear_served",
                "occurred_on": "2025-03-01",
                "data": {"appear_by": "9999-12-31T00:00:00+14:00"},
            },
            "appear_by",
        ),
        (
            {
                "type": "legal_grounds_acquired",
                "occurred_on": "2025-03-01",
                "data": {"kind": "patent", "valid_until": "9999-12-31"},
            },
            "valid_until",
        ),
        (
            {
                "type": "detained",
                "occurred_on": "2025-03-01",
                "data": {"basis": "other", "term_until": "2300-01-01"},
            },
            "term_until",
        ),
    ],
)
def test_dates_far_in_the_future_are_refused(api, alice, client_of_alice, logs, event, field):
    response = api(alice).post(events_url(client_of_alice), event, format="json")

    assert response.status_code == 400, response.content
    assert field in response.json()["errors"]
    assert_no_echo(logs)


def test_a_date_a_few_years_ahead_is_still_fine(api, alice, client_of_alice):
    ahead = date.today().replace(year=date.today().year + 5, day=1).isoformat()
    response = api(alice).post(
        events_url(client_of_alice),
        {
            "type": "legal_grounds_acquired",
            "occurred_on": "2025-03-01",
            "data": {"kind": "residence_permit", "valid_until": ahead},
        },
        format="json",
    )

    assert response.status_code == 201, response.json()


@pytest.mark.parametrize("day", ["0001-01-01", "1899-12-31", "9999-12-31", "2200-01-01"])
def test_a_day_off_outside_any_plausible_calendar_is_refused(client, dora, day):
    response = signed_in(client, dora).post(
        reverse("web:admin-days-off"), {"region": "RU-TA", "day": day, "note": ""}
    )

    assert response.status_code == 200 and "day" in response.context["form"].errors
    assert not RegionalDayOff.objects.exists()


def test_an_oversized_body_gets_the_apis_error_shape(api, db, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1024
    body = json.dumps({"username": "x" * 4096, "password": "y"})

    response = post_raw(api(None), "/api/auth/token/", body)

    assert response.status_code == 413
    assert response["Content-Type"] == "application/json"
    assert response.json()["code"] == "too_large"


@pytest.mark.parametrize("method", ["get", "post"])
def test_an_unknown_api_path_gets_the_apis_error_shape(api, alice, method):
    response = getattr(api(alice), method)(f"/api/no-such-thing/{SENTINEL}/")

    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"code": "not_found", "detail": "Not found."}
    assert SENTINEL not in response.content.decode()


def test_an_unknown_page_outside_the_api_stays_a_page(client, db):
    response = client.get("/no-such-page/")

    assert response.status_code == 404 and not response["Content-Type"].startswith("application/json")
