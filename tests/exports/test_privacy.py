"""What exports must never do: print personal data, single out a rare client, or differ run to run."""

from __future__ import annotations

import json
from datetime import date
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command
from django.test import Client

from casework.exports.definitions import TABLES
from casework.exports.disclosure import Cell, CountTable, PublishedTable, Rules
from casework.exports.publication import figure_key, figures_with_key
from casework.models import ExportGeneration
from casework.services.events import event_record
from casework.services.organisations import user_language_set
from tests.exports import derivable
from tests.exports.conftest import RECORDED_ON, client_with, listing, moment

pytestmark = pytest.mark.usefixtures("exported_in_2026", "small_rules")

SENTINEL = "zzsentinel"


def table_json(api_client, table_id: str, **query) -> dict:
    response = api_client.get(f"/api/exports/{table_id}/", {"period": "2025", **query})
    assert response.status_code == 200, response.content
    return response.json()


def every_output(bob, erin, api, org) -> list[str]:
    """Every byte an export can produce, for every table: API JSON (with the internal report) and CSV,
    the page, its downloads, the network tables, the command's output and report, the audit rows."""
    outputs: list[str] = []
    as_bob, as_erin = api(bob), api(erin)
    for table_id in TABLES:
        outputs.append(json.dumps(table_json(as_bob, table_id, report="true"), ensure_ascii=False))
        outputs.append(
            as_bob.get(f"/api/exports/{table_id}/", {"period": "2025", "format": "csv"}).content.decode()
        )
        outputs.append(
            json.dumps(table_json(as_erin, table_id, scope="network", report="true"), ensure_ascii=False)
        )
        out, err = StringIO(), StringIO()
        call_command(
            "export_aggregates", "--table", table_id, "--period", "2025", "--org", org.slug, "--report",
            stdout=out, stderr=err,
        )  # fmt: skip
        outputs += [out.getvalue(), err.getvalue()]
    outputs.append(json.dumps(as_bob.get("/api/exports/").json(), ensure_ascii=False))
    for user in (bob, erin):
        for language in ("en", "ru"):
            user_language_set(actor=user, language=language)
            page = Client()
            page.force_login(user)
            outputs.append(page.get("/exports/", {"period": "2025"}).content.decode())
            outputs.append(
                page.get(
                    "/exports/detentions/download/", {"period": "2025", "format": "json"}
                ).content.decode()
            )
    outputs.append(repr(list(ExportGeneration.objects.values())))
    return outputs


def test_no_name_document_number_or_free_text_reaches_any_output(api, alice, bob, erin, org_a):
    seeded = []
    for number in range(24):
        seeded.append(
            client_with(
                alice,
                number,
                full_name=f"ZZSENTINEL Person {number}",
                document_number=f"ZZSENTINEL{number:04d}",
                born=1985,
                citizenship="TJK" if number % 2 else "UZB",
                steps=[
                    listing(date(2025, 3, 3), ground="other"),
                    ("note_added", date(2025, 3, 4), {"text": "ZZSENTINEL note: lives at ZZSENTINEL street"}),
                    # A decision reference is a short code now (it could not hold the sentinel); the
                    # official number, free text, is what must not reach an output.
                    ("decision_issued", date(2025, 3, 5), {"decision_ref": f"ZZ-{number}",
                                                           "official_number": f"ZZSENTINEL-{number}",
                                                           "kind": "administrative_expulsion"}),
                    ("detained", date(2025, 4, 1), {"basis": "expulsion", "facility": "ZZSENTINEL centre"}),
                ],
            )
        )  # fmt: skip

    outputs = every_output(bob, erin, api, org_a)

    assert len(outputs) > 40
    leaks = [text for text in outputs if SENTINEL in text.casefold()]
    assert leaks == []
    codes = [client.code for client in seeded]
    assert [code for code in codes if any(code in text for text in outputs)] == []
    assert not any("1985-06-01" in text for text in outputs)  # a date of birth
    # The tables did publish something: the test would pass vacuously on empty outputs.
    assert table_json(api(bob), "inclusions_by_ground")["total"] == {"value": 25, "suppressed": False}


# --- One detained Mongolian client in Yakutia: the differencing scenario ---------------------------------

RARE = {"citizenship": "MNG", "region": "RU-SA", "sex": "F", "born": 1999}


@pytest.fixture
def population_with_a_rare_client(alice):
    """40 Uzbek and Tajik clients in Moscow and St Petersburg, listed through 2025, 24 of them detained;
    and one Mongolian woman in Yakutia, listed and detained in Q2."""
    for number in range(40):
        quarter = number % 4
        steps = [listing(date(2025, 1 + 3 * quarter, 10), ground="stay_expired" if number % 5 else "other")]
        if number < 24:
            steps.append(("detained", date(2025, 2 + 3 * quarter, 1), {"basis": "expulsion"}))
        client_with(
            alice,
            number,
            registered_on=date(2025, 1 + 3 * quarter, 5),
            citizenship="UZB" if number % 2 else "TJK",
            region="RU-MOW" if number % 3 else "RU-SPE",
            sex="M" if number % 4 else "F",
            steps=steps,
        )
    return client_with(
        alice,
        99,
        registered_on=date(2025, 4, 20),
        citizenship=RARE["citizenship"],
        region=RARE["region"],
        sex=RARE["sex"],
        born=RARE["born"],
        steps=[listing(date(2025, 5, 6)), ("detained", date(2025, 5, 20), {"basis": "expulsion"})],
    )


def cell_of(body: dict, row: str | None, column: str | None) -> dict:
    rows = [label["code"] for label in body["rows"]["labels"]]
    columns = [label["code"] for label in body["columns"]["labels"]]
    if row is None and column is None:
        return body["total"]
    if row is None:
        return body["column_totals"][columns.index(column)]
    if column is None:
        return body["row_totals"][rows.index(row)]
    return body["cells"][rows.index(row)][columns.index(column)]


def as_tables(body: dict) -> tuple[CountTable, PublishedTable]:
    """A published JSON table as the exact-arithmetic helper reads it: its shape and what is hidden."""
    rows = tuple(label["code"] for label in body["rows"]["labels"])
    columns = tuple(label["code"] for label in body["columns"]["labels"])

    def cell(item: dict) -> Cell:
        return Cell(item["value"], item["suppressed"], "hidden" if item["suppressed"] else None)

    shape = CountTable(rows, columns, tuple((0,) * len(columns) for _ in rows))
    published = PublishedTable(
        rows, columns, tuple(tuple(map(cell, row)) for row in body["cells"]), tuple(map(cell, body["row_totals"])),
        tuple(map(cell, body["column_totals"])), cell(body["total"]), body["withheld"], Rules(), (),
    )  # fmt: skip
    return shape, published


def position(table: CountTable, figure: tuple[str | None, str | None]) -> tuple[int, int]:
    row, column = figure
    return (
        len(table.row_labels) if row is None else table.row_labels.index(row),
        len(table.column_labels) if column is None else table.column_labels.index(column),
    )


def test_no_table_or_margin_alone_shows_the_rare_client(api, bob, population_with_a_rare_client):
    as_bob = api(bob)
    by_citizenship = table_json(as_bob, "inclusions_by_citizenship")
    by_district = table_json(as_bob, "clients_by_district")
    by_age = table_json(as_bob, "clients_by_age")
    detentions = table_json(as_bob, "detentions")

    # Her nationality is below the floor: she is counted in "other", alone, and that is hidden.
    assert "MNG" not in [label["code"] for label in by_citizenship["columns"]["labels"]]
    assert cell_of(by_citizenship, "2025-Q2", "other")["suppressed"]
    assert cell_of(by_citizenship, None, "other")["suppressed"]
    # The one client in the Far East: her cell and her district's total are hidden.
    assert cell_of(by_district, "far_eastern", "F")["suppressed"]
    assert cell_of(by_district, "far_eastern", None)["suppressed"]
    # Her age band (25–29 → 18–29): one woman among men of the same band is hidden too.
    assert by_age["withheld"] is False
    # Detention is published by quarter only, nationally: nothing in it names a nationality or a place.
    assert [label["code"] for label in detentions["rows"]["labels"]] == [
        "2025-Q1",
        "2025-Q2",
        "2025-Q3",
        "2025-Q4",
    ]
    assert [label["code"] for label in detentions["columns"]["labels"]] == ["count"]
    assert detentions["withheld"] is False
    for body in (by_citizenship, by_district, by_age, detentions):
        published = [
            cell["value"]
            for cell in [
                *(c for row in body["cells"] for c in row),
                *body["row_totals"],
                *body["column_totals"],
                body["total"],
            ]
            if not cell["suppressed"]
        ]
        assert [value for value in published if 0 < value < 5] == []


def shared_figures(tables: list[tuple[CountTable, PublishedTable]]) -> list:
    """Pairs of figures, one in each of two tables of the same population, that count the same people;
    ``tables`` in the order of TABLES."""
    ids = list(TABLES)
    shared = []
    for first, first_id in enumerate(ids):
        for second in range(first + 1, len(ids)):
            a, b = TABLES[first_id], TABLES[ids[second]]
            if a.population != b.population:
                continue
            shape_a, shape_b = tables[first][0], tables[second][0]
            for row in (*shape_a.row_labels, None):
                for column in (*shape_a.column_labels, None):
                    key = figure_key(a, (row, column))
                    for other in figures_with_key(b, (shape_b.row_labels, shape_b.column_labels), key):
                        shared.append(
                            ((first, position(shape_a, (row, column))), (second, position(shape_b, other)))
                        )
    return shared


def test_no_combination_of_the_published_tables_pins_a_hidden_figure(api, bob, population_with_a_rare_client):
    """Exact rational arithmetic over every table of every population, with the figures they share."""
    as_bob = api(bob)
    bodies = {table_id: table_json(as_bob, table_id) for table_id in TABLES}
    tables = [as_tables(bodies[table_id]) for table_id in TABLES]
    shared = shared_figures(tables)

    assert sum(1 for body in bodies.values() if not body["withheld"]) >= 4
    assert len(shared) >= 6  # the margins that the populations' tables have in common
    assert derivable(tables, shared) == set()


def test_the_same_data_gives_the_same_tables(api, bob, alice, population_with_a_rare_client):
    as_bob = api(bob)
    first = {table_id: table_json(as_bob, table_id) for table_id in TABLES}
    # A note changes no fact: the tables must not move.
    with time_machine.travel(moment(RECORDED_ON), tick=False):
        event_record(
            actor=alice, client=population_with_a_rare_client, type="note_added", data={"text": "called"},
            occurred_on=RECORDED_ON,
        )  # fmt: skip
    second = {table_id: table_json(as_bob, table_id) for table_id in TABLES}

    assert second == first
