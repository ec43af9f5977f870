"""Schemathesis against /api/schema/: every operation, generated valid and invalid requests, with real tokens
of a caseworker and of an admin, on a client that exists. No answer may be a 5xx, and every status, content
type, header and body must be the one the schema documents.

Requests go through the whole WSGI stack (middleware included) inside the test's transaction. The number of
examples per operation is bounded (CASEWORK_FUZZ_EXAMPLES, default 25) so that the run takes a minute or two.
"""

from __future__ import annotations

import os
from datetime import date

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from casework.exports.definitions import TABLES
from casework.services.events import event_record
from casework.services.organisations import token_create
from tests.conftest import make_client

pytestmark = pytest.mark.fuzz

EXAMPLES = int(os.environ.get("CASEWORK_FUZZ_EXAMPLES", "25"))
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]
TABLE_IDS = sorted(TABLES)


@pytest.fixture
def wsgi_app():
    # Like Django's test client: a request must not close the connection that holds the test's transaction
    # (close_old_connections would, at its start and its end, since autocommit is off inside it).
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    try:
        yield WSGIHandler()
    finally:
        for signal in (request_started, request_finished):
            signal.connect(close_old_connections)


@pytest.fixture
def api_schema(wsgi_app, db):
    return schemathesis.openapi.from_wsgi("/api/schema/", wsgi_app)


schema = schemathesis.pytest.from_fixture("api_schema")


@pytest.fixture
def world(alice, dora, bob, settings):
    """A client of org A with a decision, so that status, deadlines and reminders have something to say."""
    settings.CASEWORK_EXPORT_THROTTLE_RATE = "100000/hour"  # the fuzzer is not what the limit is for
    client = make_client(alice, full_name="Fuzz Client", document_number="FZ0000001")
    event_record(
        actor=alice,
        client=client,
        type="decision_issued",
        data={"decision_ref": "D1", "kind": "administrative_expulsion", "copy_received_on": "2025-02-27"},
        occurred_on=date(2025, 2, 27),
    )
    return {"client_id": str(client.id), "alice": token_create(user=alice), "dora": token_create(user=dora)}


def aim_at_real_objects(case, world) -> None:
    """Generated UUIDs would only ever meet 404s; most cases get the real client and a real table instead."""
    parameters = case.path_parameters or {}
    if "client_id" in parameters:
        parameters["client_id"] = world["client_id"]
    table = parameters.get("table")
    if isinstance(table, str) and len(table) % 4 != 3:  # about one case in four keeps its unknown table
        parameters["table"] = TABLE_IDS[len(table) % len(TABLE_IDS)]


def call_as(case, world, user: str) -> None:
    aim_at_real_objects(case, world)
    case.call_and_validate(headers={"Authorization": f"Token {world[user]}"}, checks=CHECKS)


FUZZ_SETTINGS = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,  # the same cases on every run: a failure here is reproducible, never flaky
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.filter_too_much,
    ],
)


@schema.parametrize()
@FUZZ_SETTINGS
def test_the_api_keeps_to_its_schema_for_a_caseworker(case, world):
    call_as(case, world, "alice")


@schema.parametrize()
@FUZZ_SETTINGS
def test_the_api_keeps_to_its_schema_for_an_admin(case, world):
    call_as(case, world, "dora")
