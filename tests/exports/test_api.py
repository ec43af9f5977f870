"""GET /api/exports/ and /api/exports/{table}/ (API.md): who may, what comes out, and the audit of it."""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta

import pytest

from casework.exports.definitions import TABLES
from casework.models import ExportGeneration
from casework.services.exports import NETWORK_REFUSED, PERIOD_INVALID
from tests.exports.conftest import client_with, listing

TABLE_URL = "/api/exports/inclusions_by_ground/"

pytestmark = pytest.mark.usefixtures("exported_in_2026")


@pytest.fixture
def api(api):
    """Labels follow Accept-Language (Russian by default); these tests read English."""

    def in_english(user):
        client = api(user)
        client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
        return client

    return in_english


def values(body: dict) -> list[int | None]:
    figures = [cell for row in body["cells"] for cell in row]
    figures += body["row_totals"] + body["column_totals"] + [body["total"]]
    return [cell["value"] for cell in figures]


def cell(body: dict, row: str, column: str) -> dict:
    rows = [label["code"] for label in body["rows"]["labels"]]
    columns = [label["code"] for label in body["columns"]["labels"]]
    return body["cells"][rows.index(row)][columns.index(column)]


def test_it_lists_every_table_to_an_analyst(api, bob):
    response = api(bob).get("/api/exports/")

    assert response.status_code == 200
    listed = response.json()
    assert [table["id"] for table in listed] == list(TABLES)
    assert listed[0] == {
        "id": "inclusions_by_ground",
        "version": 1,
        "title": "Register inclusions by quarter and ground",
        "description": TABLES["inclusions_by_ground"].description,
        "unit": "persons",
        "rows": "quarter",
        "columns": "ground",
        "scopes": ["organisation"],
    }


@pytest.mark.parametrize("role", ["alice", "sam"])
def test_it_refuses_case_roles(api, role, request):
    user = request.getfixturevalue(role)

    assert api(user).get("/api/exports/").status_code == 403
    assert api(user).get(TABLE_URL).status_code == 403
    assert not ExportGeneration.objects.exists()


def test_it_asks_for_credentials(api, db):
    assert api(None).get(TABLE_URL).status_code == 401


def test_it_publishes_a_table_with_its_metadata(api, bob, listed_in_2025):
    response = api(bob).get(TABLE_URL, {"period": "2025"})

    assert response.status_code == 200, response.json()
    body = response.json()
    assert {key: body[key] for key in ("table", "version", "unit", "period", "provisional", "scope")} == {
        "table": "inclusions_by_ground",
        "version": 1,
        "unit": "persons",
        "period": "2025",
        "provisional": False,
        "scope": "organisation",
    }
    assert body["organisation"] == bob.membership.organisation.slug
    assert body["disclosure_control"] == {"k": 5, "rounding_base": 5, "population_floor": 20}
    assert body["snapshot"].startswith("2026-02-02T07:00:00") and body["generated_at"].endswith("Z")
    assert body["withheld"] is False
    assert [label["code"] for label in body["rows"]["labels"]] == ["2025-Q1", "2025-Q2", "2025-Q3", "2025-Q4"]
    assert body["rows"]["labels"][0]["label"] == "Q1 2025"
    # 12 + 4 in Q1, 8 in Q3: 4 is below k = 5 and hidden, and its partner with it; never a stand-in zero.
    assert cell(body, "2025-Q1", "illegal_entry") == {"value": None, "suppressed": True}
    assert cell(body, "2025-Q3", "stay_expired") == {"value": 10, "suppressed": False}  # 8 rounds to 10
    assert body["total"] == {"value": 25, "suppressed": False}  # 24 rounds to 25
    published = [value for value in values(body) if value is not None]
    assert all(value % 5 == 0 and (value == 0 or value >= 5) for value in published)
    assert "disclosure_report" not in body


def test_it_adds_the_internal_report_when_asked(api, bob, listed_in_2025):
    body = api(bob).get(TABLE_URL, {"period": "2025", "report": "true"}).json()

    assert {"row": "2025-Q1", "column": "illegal_entry", "rule": "primary"} in body["disclosure_report"]
    assert {entry["rule"] for entry in body["disclosure_report"]} <= {"primary", "secondary", "linked"}


def test_it_publishes_csv_with_metadata_and_suppressed_marks(api, bob, listed_in_2025):
    response = api(bob).get(TABLE_URL, {"period": "2025", "format": "csv"})

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == (
        'attachment; filename="inclusions_by_ground-2025-organisation.csv"'
    )
    text = response.content.decode()
    comments = [line for line in text.splitlines() if line.startswith("# ")]
    assert "# table: inclusions_by_ground" in comments
    assert "# disclosure_control: k=5, rounding_base=5, population_floor=20" in comments
    rows = list(
        csv.reader(io.StringIO("\n".join(line for line in text.splitlines() if not line.startswith("#"))))
    )
    assert rows[0][0] == "Quarter" and rows[0][-1] == "Total"
    assert rows[1][0] == "Q1 2025"
    assert rows[1][rows[0].index("Illegal crossing of the State Border")] == "suppressed"
    assert rows[-1][0] == "Total" and rows[-1][-1] == "25"


@pytest.mark.parametrize("period", ["25", "2025-Q1", "1999", "2027", "２０２５", "2025; DROP"])
def test_it_refuses_a_period_that_is_not_a_past_or_current_year(api, bob, period):
    response = api(bob).get(TABLE_URL, {"period": period})

    assert response.status_code == 400
    assert response.json() == {
        "code": "invalid",
        "errors": {"period": [PERIOD_INVALID.format(first=2000, example=2025)]},
    }
    assert not ExportGeneration.objects.exists()


def test_it_refuses_an_unknown_format_or_scope_with_a_field_error(api, bob):
    assert api(bob).get(TABLE_URL, {"format": "xlsx"}).json()["errors"] == {"format": ["Choose json or csv."]}
    assert api(bob).get(TABLE_URL, {"scope": "world"}).json()["errors"] == {
        "scope": ["Not an allowed value."]
    }


def test_it_answers_404_for_an_unknown_table(api, bob):
    response = api(bob).get("/api/exports/clients_by_city/")

    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_it_records_every_generation_without_a_figure(api, bob, listed_in_2025):
    api(bob).get(TABLE_URL, {"period": "2025"})
    api(bob).get(TABLE_URL, {"period": "2025", "format": "csv"})

    rows = list(
        ExportGeneration.objects.order_by("id").values(
            "user__username",
            "organisation__slug",
            "table",
            "table_version",
            "period",
            "scope",
            "format",
            "channel",
        )
    )
    expected = {
        "user__username": "bob",
        "organisation__slug": bob.membership.organisation.slug,
        "table": "inclusions_by_ground",
        "table_version": 1,
        "period": "2025",
        "scope": "organisation",
        "channel": "api",
    }
    assert rows == [{**expected, "format": "json"}, {**expected, "format": "csv"}]


def test_an_analyst_of_another_organisation_sees_nothing_of_this_one(api, bob, bea, listed_in_2025):
    theirs = api(bea).get(TABLE_URL, {"period": "2025"}).json()
    ours = api(bob).get(TABLE_URL, {"period": "2025"}).json()

    assert ours["total"]["value"] == 25
    assert theirs["organisation"] == bea.membership.organisation.slug
    assert theirs["withheld"] is True  # org B has nobody: below the population floor
    assert all(value is None for value in values(theirs))
    assert api(bea).get(TABLE_URL, {"period": "2025", "scope": "network"}).status_code == 403


def test_network_tables_are_for_the_instance_administrator(api, bob, dora, erin, charlie, listed_in_2025):
    for number in range(100, 124):
        client_with(charlie, number, citizenship="KGZ", region="RU-PRI", steps=[listing(date(2025, 5, 5))])

    refused = api(dora).get(TABLE_URL, {"period": "2025", "scope": "network"})
    pooled = api(erin).get(TABLE_URL, {"period": "2025", "scope": "network"})

    assert refused.status_code == 403
    assert refused.json()["detail"] == NETWORK_REFUSED
    assert pooled.status_code == 200
    body = pooled.json()
    assert (body["scope"], body["organisation"]) == ("network", None)
    # 24 + 24 people; each organisation's own table publishes its total, so the pooled one may too.
    assert body["total"] == {"value": 50, "suppressed": False}
    assert api(erin).get("/api/exports/").json()[0]["scopes"] == ["organisation", "network"]
    assert ExportGeneration.objects.get(scope="network").organisation is None


def decided(number: int, alice, received: date, *, appealed_on: date | None):
    steps = [
        (
            "decision_issued",
            received,
            {
                "decision_ref": "D1",
                "kind": "administrative_expulsion",
                "copy_received_on": received.isoformat(),
            },
        )
    ]
    if appealed_on is not None:
        steps.append(("appeal_filed", appealed_on, {"decision_ref": "D1", "forum": "court"}))
    return client_with(alice, number, steps=steps)


def test_the_golden_deadlines_table_from_recorded_events(api, bob, alice, small_rules):
    """Events in, a published table out, checked by hand against LEGAL-RULES.md and disclosure-control.md.

    Copies received on Mon 03.02.2025 (day 10 = Thu 13.02), Tue 01.04.2025 (Fri 11.04) and Mon 03.11.2025
    (Thu 13.11): an appeal filed on day 7 meets the deadline, none misses it. True counts (met, missed):
    Q1 (12, 3), Q2 (8, 0), Q3 (0, 0), Q4 (6, 6); totals 15, 8, 0, 12 and 26, 9; 35 people.
    k = 5: the 3 is hidden; its row takes the 12, its column the 6 of Q4, whose row takes the other 6 — a
    closed cycle of four, so nothing is given away and every margin stays. Then rounding to fives."""
    cohorts = [(date(2025, 2, 3), 12, 3), (date(2025, 4, 1), 8, 0), (date(2025, 11, 3), 6, 6)]
    number = 0
    for received, met, missed in cohorts:
        for index in range(met + missed):
            appealed = received + timedelta(days=7) if index < met else None
            decided(number, alice, received, appealed_on=appealed)
            number += 1

    body = api(bob).get("/api/exports/deadlines_met_missed/", {"period": "2025"}).json()

    hidden = {"value": None, "suppressed": True}

    def shown(value: int) -> dict:
        return {"value": value, "suppressed": False}

    assert [label["code"] for label in body["columns"]["labels"]] == ["met", "missed"]
    assert body["cells"] == [
        [hidden, hidden],
        [shown(10), shown(0)],
        [shown(0), shown(0)],
        [hidden, hidden],
    ]
    assert body["row_totals"] == [shown(15), shown(10), shown(0), shown(10)]
    assert body["column_totals"] == [shown(25), shown(10)]
    assert body["total"] == shown(35)
    csv_text = api(bob).get("/api/exports/deadlines_met_missed/", {"period": "2025", "format": "csv"}).content
    assert "".join(line for line in csv_text.decode().splitlines(keepends=True) if line[0] != "#") == (
        "Quarter,Met,Missed,Total\n"
        "Q1 2025,suppressed,suppressed,15\n"
        "Q2 2025,10,0,10\n"
        "Q3 2025,0,0,0\n"
        "Q4 2025,suppressed,suppressed,10\n"
        "Total,25,10,35\n"
    )
