"""Shared fixtures. alice: caseworker of org A; bob: analyst of org A; charlie: caseworker of org B, who must
see nothing of org A; dora: admin of org A; sam: supervisor of org A."""

from __future__ import annotations

from datetime import date
from uuid import uuid4

import pytest
import time_machine
from django.contrib.auth import get_user_model
from rest_framework.test import APIClient

from casework.models import Role
from casework.personal import PersonalData
from casework.services.clients import client_register
from casework.services.events import event_record
from casework.services.organisations import organisation_create, token_create, user_create, user_language_set

PASSWORD = "correct horse battery staple"
# LEGAL-RULES' worked example: an expulsion resolution whose copy was received on 27.02.2025 (a Thursday);
# its ten days end on Monday 10.03.2025.
DECISION_D1 = {"decision_ref": "D1", "kind": "administrative_expulsion", "copy_received_on": "2025-02-27"}


@pytest.fixture(autouse=True)
def login_failures_of_this_test_only(monkeypatch):
    # The failed-login counts live in Redis, shared by parallel tests that all log in as alice from 127.0.0.1.
    monkeypatch.setattr("casework.accounts.login_throttle.KEY_PREFIX", f"login-failures-test-{uuid4().hex}")


@pytest.fixture(autouse=True)
def own_cache_namespace(settings):
    """Each test caches under a key prefix of its own in the real Redis: a rate limit's counter never carries
    over from another test, a parallel worker on the same Redis database, or an earlier run."""
    default = {**settings.CACHES["default"], "KEY_PREFIX": f"test-{uuid4().hex}"}
    settings.CACHES = {**settings.CACHES, "default": default}


@pytest.fixture
def org_a(db):
    return organisation_create(name="Org A", timezone="Europe/Moscow")


@pytest.fixture
def org_b(db):
    return organisation_create(name="Org B", timezone="Asia/Vladivostok")


def _user(organisation, username, role):
    return user_create(
        organisation=organisation,
        username=username,
        password=PASSWORD,
        role=role,
        email=f"{username}@example.org",
    )


@pytest.fixture
def alice(org_a):
    return _user(org_a, "alice", Role.CASEWORKER)


@pytest.fixture
def bob(org_a):
    return _user(org_a, "bob", Role.ANALYST)


@pytest.fixture
def sam(org_a):
    return _user(org_a, "sam", Role.SUPERVISOR)


@pytest.fixture
def dora(org_a):
    return _user(org_a, "dora", Role.ADMIN)


@pytest.fixture
def charlie(org_b):
    return _user(org_b, "charlie", Role.CASEWORKER)


def api_as(user) -> APIClient:
    client = APIClient()
    if user is not None:
        client.credentials(HTTP_AUTHORIZATION=f"Token {token_create(user=user)}")
    return client


@pytest.fixture
def api():
    """api(user) -> an APIClient authenticated with a real token of that user."""
    return api_as


def make_client(actor, *, full_name="Rustam Karimov", document_number="AB1234567", **facts):
    return client_register(
        actor=actor,
        personal=PersonalData(
            full_name=full_name,
            date_of_birth=facts.pop("date_of_birth", date(1990, 5, 1)),
            document_number=document_number,
            phone=facts.pop("phone", "+7 900 000-00-00"),
        ),
        citizenship=facts.pop("citizenship", "TJK"),
        sex=facts.pop("sex", "M"),
        region=facts.pop("region", "RU-MOW"),
    )


def assigner(client):
    """A supervisor of the client's organisation to record its caseworker_assigned events (a caseworker may
    not: issue 14, item 8). Without e-mail, so no reminder or escalation of the test ever goes to them."""
    username = f"assigner-{client.organisation.slug}"
    existing = get_user_model().objects.filter(username=username).first()
    if existing is not None:
        return existing
    return user_create(
        organisation=client.organisation, username=username, password=None, role=Role.SUPERVISOR, email=""
    )


def record(actor, client, type: str, occurred_on: date | str, **data):
    """One event recorded through the service, as the web and the API record it; returns the Event row."""
    if isinstance(occurred_on, str):
        occurred_on = date.fromisoformat(occurred_on)
    return event_record(actor=actor, client=client, type=type, data=data, occurred_on=occurred_on).event


def record_decision(actor, client, *, at: str | None = None, **changes):
    """D1 (DECISION_D1, issued 27.02.2025) with ``changes``; ``at`` (ISO 8601 with offset) freezes the clock
    at that moment while it is recorded, so that reminders and "today" are those of that moment."""
    if at is None:
        return record(actor, client, "decision_issued", date(2025, 2, 27), **{**DECISION_D1, **changes})
    with time_machine.travel(at, tick=False):
        return record_decision(actor, client, **changes)


@pytest.fixture
def in_english(alice, sam, dora, bob, charlie):
    # The assertions read English text; the default interface language is Russian.
    for user in (alice, sam, dora, bob, charlie):
        user_language_set(actor=user, language="en")


@pytest.fixture
def client_of_alice(alice):
    return make_client(alice)
