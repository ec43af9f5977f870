"""GET /api/deadlines/ — the organisation's deadlines across clients, soonest first (API.md)."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from casework.api.status import DeadlinePagination
from casework.models import Deadline
from casework.services.events import event_record
from tests.conftest import assigner, make_client

URL = "/api/deadlines/"
ROW_KEYS = {"client", "client_code", "key", "kind", "rule", "due_on", "due_at", "status", "assigned_to"}


@pytest.fixture
def on_5_march_2025():
    with time_machine.travel("2025-03-05 10:00:00+03:00", tick=False):
        yield


def client_with_decision(actor, copy_received_on: str, *, number: int, appeal_on: date | None = None):
    client = make_client(actor, document_number=f"DL{number:07d}")
    data = {"decision_ref": "D1", "kind": "administrative_expulsion", "copy_received_on": copy_received_on}
    event_record(actor=actor, client=client, type="decision_issued", data=data, occurred_on=date(2025, 2, 20))
    if appeal_on:
        appeal = {"decision_ref": "D1", "forum": "court"}
        event_record(actor=actor, client=client, type="appeal_filed", data=appeal, occurred_on=appeal_on)
    return client


@pytest.fixture
def caseload(alice, sam, charlie, on_5_march_2025):
    due_10 = client_with_decision(alice, "2025-02-27", number=1)  # Sun 09.03 → Mon 10.03, open
    due_13 = client_with_decision(alice, "2025-03-03", number=2)  # Thu 13.03, open
    due_3 = client_with_decision(alice, "2025-02-20", number=3)  # Sun 02.03 → Mon 03.03, missed
    met = client_with_decision(alice, "2025-02-27", number=4, appeal_on=date(2025, 3, 4))  # due 10.03, met
    other_org = client_with_decision(charlie, "2025-02-27", number=5)
    event_record(
        actor=assigner(due_10),
        client=due_10,
        type="caseworker_assigned",
        data={"user": "sam"},
        occurred_on=date(2025, 3, 5),
    )
    return {"due_10": due_10, "due_13": due_13, "due_3": due_3, "met": met, "other_org": other_org}


def listed(as_user, **query):
    response = as_user.get(URL, query)
    assert response.status_code == 200, response.json()
    return response.json()["results"]


def clients(rows):
    # The appeal deadlines: a missed one also opens the departure and two-year limits (LEGAL-RULES.md §3a).
    return [row["client"] for row in rows if row["key"] == "appeal:D1"]


def ids(*clients_):
    return [str(client.id) for client in clients_]


def test_it_lists_the_organisations_deadlines_soonest_first(api, alice, caseload):
    rows = listed(api(alice))

    same_day = sorted([caseload["due_10"], caseload["met"]], key=lambda client: client.id)
    assert clients(rows) == ids(caseload["due_3"], *same_day, caseload["due_13"])
    assert [row["status"] for row in rows if row["client"] == str(caseload["due_3"].id)] == [
        "missed", "open", "open"
    ]  # fmt: skip
    assert [row["key"] for row in rows if row["client"] == str(caseload["due_3"].id)] == [
        "appeal:D1", "departure:D1", "execution_limit:D1"
    ]  # fmt: skip
    row = next(row for row in rows if row["client"] == str(caseload["due_10"].id))
    assert set(row) >= ROW_KEYS
    # An instant with its zone; this endpoint writes it in the server's zone, the status endpoint in UTC.
    assert datetime.fromisoformat(row.pop("due_at")) == datetime(2025, 3, 10, 21, 0, tzinfo=UTC)
    assert {name: row[name] for name in ROW_KEYS - {"due_at"}} == {
        "client": str(caseload["due_10"].id),
        "client_code": caseload["due_10"].code,
        "key": "appeal:D1",
        "kind": "appeal",
        "rule": "koap_expulsion_appeal",
        "due_on": "2025-03-10",
        "status": "open",
        "assigned_to": "sam",
    }
    assert next(r for r in rows if r["client"] == str(caseload["met"].id))["assigned_to"] is None


def test_it_filters_by_status(api, alice, caseload):
    as_alice = api(alice)

    assert clients(listed(as_alice, status="open")) == ids(caseload["due_10"], caseload["due_13"])
    assert clients(listed(as_alice, status="missed")) == ids(caseload["due_3"])
    assert clients(listed(as_alice, status="met")) == ids(caseload["met"])
    assert listed(as_alice, status="cancelled") == []


def test_it_filters_by_due_before_the_given_day(api, alice, caseload):
    as_alice = api(alice)

    assert clients(listed(as_alice, status="open", due_before="2025-03-13")) == ids(caseload["due_10"])
    assert clients(listed(as_alice, status="open", due_before="2025-03-14")) == ids(
        caseload["due_10"], caseload["due_13"]
    )
    assert listed(as_alice, due_before="2025-03-03") == []


def test_it_filters_by_assignee(api, alice, caseload):
    assert clients(listed(api(alice), assigned_to="sam")) == ids(caseload["due_10"])
    assert listed(api(alice), assigned_to="alice") == []


def test_an_open_deadline_reads_missed_as_soon_as_its_cut_off_passes(api, alice, caseload):
    due_10 = str(caseload["due_10"].id)
    with time_machine.travel("2025-03-10 23:59:00+03:00", tick=False):
        assert clients(api(alice).get(URL, {"status": "open"}).json()["results"]) == ids(
            caseload["due_10"], caseload["due_13"]
        )

    with time_machine.travel("2025-03-11 00:00:01+03:00", tick=False):
        as_alice = api(alice)
        rows = as_alice.get(URL).json()["results"]
        assert next(row for row in rows if row["client"] == due_10)["status"] == "missed"
        assert clients(as_alice.get(URL, {"status": "open"}).json()["results"]) == ids(caseload["due_13"])
        assert clients(as_alice.get(URL, {"status": "missed"}).json()["results"]) == ids(
            caseload["due_3"], caseload["due_10"]
        )
    # Nothing was re-derived: the stored row still says open until beat refreshes it.
    assert Deadline.objects.get(client_id=due_10, key="appeal:D1").status == "open"


def test_another_organisation_sees_none_of_ours(api, charlie, caseload):
    rows = listed(api(charlie))

    assert clients(rows) == ids(caseload["other_org"])
    # 24:00 in Vladivostok (org B's zone) comes seven hours before Moscow's.
    assert datetime.fromisoformat(rows[0]["due_at"]) == datetime(2025, 3, 10, 14, 0, tzinfo=UTC)


def test_an_analyst_gets_403(api, bob, caseload):
    response = api(bob).get(URL)

    assert response.status_code == 403
    assert response.json()["code"] == "permission_denied"


def test_an_anonymous_caller_gets_401(api, caseload):
    assert api(None).get(URL).status_code == 401


@pytest.mark.parametrize(
    ("query", "field"),
    [({"status": "late"}, "status"), ({"due_before": "2025-02-30"}, "due_before")],
)
def test_a_bad_filter_gets_400_naming_it(api, alice, query, field):
    response = api(alice).get(URL, query)

    assert response.status_code == 400
    assert list(response.json()["errors"]) == [field]


def test_the_number_of_queries_does_not_grow_with_the_number_of_clients(api, alice, sam, on_5_march_2025):
    as_alice = api(alice)

    def count_queries() -> tuple[int, int]:
        with CaptureQueriesContext(connection) as queries:
            response = as_alice.get(URL)
        assert response.status_code == 200
        return len(response.json()["results"]), len(queries)

    for number in range(3):
        client = client_with_decision(alice, "2025-02-27", number=number)
        event_record(
            actor=assigner(client),
            client=client,
            type="caseworker_assigned",
            data={"user": "sam"},
            occurred_on=date(2025, 3, 5),
        )
    rows_3, queries_3 = count_queries()
    for number in range(3, 12):
        client = client_with_decision(alice, "2025-02-27", number=number)
        event_record(
            actor=assigner(client),
            client=client,
            type="caseworker_assigned",
            data={"user": "sam"},
            occurred_on=date(2025, 3, 5),
        )
    rows_12, queries_12 = count_queries()

    assert (rows_3, rows_12) == (3, 12)
    assert queries_12 == queries_3


def test_a_long_list_counts_up_to_a_bound_and_says_so(api, alice, caseload, monkeypatch):
    monkeypatch.setattr(DeadlinePagination, "count_bound", 2)
    as_alice = api(alice)

    first = as_alice.get(URL, {"page_size": 1}).json()
    whole = as_alice.get(URL).json()  # the page itself reaches past the bound: counted exactly

    assert (first["count"], first["count_exact"]) == (2, False)
    assert first["next"] is not None
    assert (whole["count"], whole["count_exact"]) == (len(whole["results"]), True)


def test_a_page_past_the_bound_still_links_to_the_next_one(api, alice, caseload, monkeypatch):
    monkeypatch.setattr(DeadlinePagination, "count_bound", 1)

    third = api(alice).get(URL, {"page_size": 1, "page": 3}).json()

    assert len(third["results"]) == 1
    assert third["next"] is not None and third["previous"] is not None
