"""generate_synthetic: bulk synthetic histories whose read models equal a fresh derivation, deterministic for a
seed, realistic in proportion, with invented and marked people whose personal data is encrypted."""

from __future__ import annotations

import json
import re
from collections import Counter
from datetime import date
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.db import transaction
from django.db.models import Count, Max, Min

from casework import crypto
from casework.domain.catalogue import CORRECTION, EVENT_TYPES
from casework.models import (
    CaseFact,
    Client,
    ClientStatus,
    Deadline,
    DeadlineChange,
    Event,
    Membership,
    Reminder,
)
from casework.personal import data_key_of, open_event_secret, open_personal
from casework.services.clients import CODE_ALPHABET
from casework.synthetic.generator import synthetic_client

TODAY = date(2026, 6, 30)
LAST_FULL_YEAR = 2025
MOSCOW = ZoneInfo("Europe/Moscow")
SYNTHETIC_TEXT = re.compile(r"Synthetic:|Synthetic note|Synthetic Person|SYN-?\d")


@pytest.fixture
def at_the_end_of_june_2026():
    with time_machine.travel("2026-06-30 12:00:00+03:00", tick=False):
        yield


def generate(*args: str) -> str:
    out = StringIO()
    call_command("generate_synthetic", *args, stdout=out)
    return out.getvalue()


def verify() -> str:
    out = StringIO()
    call_command("rebuild_projections", "--verify", stdout=out)
    return out.getvalue()


@pytest.fixture(scope="class")
def _three_hundred_in_a_class_transaction(django_db_setup, django_db_blocker):
    # Generated once for the tests of the class below, which only read them; rolled back after its last.
    with django_db_blocker.unblock(), transaction.atomic():
        with time_machine.travel("2026-06-30 12:00:00+03:00", tick=False):
            generate("--clients", "300", "--seed", "20250205", "--batch-size", "120")
        yield
        transaction.set_rollback(True)


@pytest.fixture
def three_hundred(_three_hundred_in_a_class_transaction, db):
    assert Client.objects.count() == 300


def number_of(client: Client) -> int:
    personal = open_personal(client)
    assert personal is not None
    return int(personal.full_name.rsplit(" ", 1)[1])


def anonymous_stream(events) -> list[tuple]:
    """A stream without its random ids: references to earlier events become their versions."""
    versions = {str(event.id): event.version for event in events}

    def anonymous(data):
        return {
            key: versions.get(value, value) if key in ("corrects", "retracts") else value
            for key, value in data.items()
        }

    return [
        (event.version, event.type, event.occurred_on, event.recorded_at, anonymous(event.data))
        for event in events
    ]


def test_it_writes_read_models_equal_to_a_fresh_derivation(db, at_the_end_of_june_2026):
    output = generate("--clients", "80", "--seed", "3", "--batch-size", "30")

    assert "Verified 80 clients" in verify()
    assert re.match(
        r"Created 3 organisations \(synthetic-ngo-1, synthetic-ngo-2, synthetic-ngo-3\), 80 clients and "
        rf"{Event.objects.count()} events in [\d.]+ s\.",
        output,
    )
    assert ClientStatus.objects.count() == 80
    assert CaseFact.objects.filter(kind="intake").count() == 80
    assert Deadline.objects.exists()
    assert not Reminder.objects.exists()  # beat creates the ledger rows when they are due
    # A rebuild through projections.write finds nothing to change: no due date moves.
    call_command("rebuild_projections", stdout=StringIO())
    assert not DeadlineChange.objects.exists()


def test_it_is_deterministic_for_a_seed(db, at_the_end_of_june_2026):
    generate("--clients", "40", "--seed", "11", "--organisations", "2")
    usernames = list(
        Membership.objects.order_by("organisation__slug").values_list("user__username", flat=True)
    )
    stored = {}
    for client in Client.objects.all():
        events = list(client.events.order_by("version"))
        stored[number_of(client)] = anonymous_stream(events)

    def regenerated(seed: int, number: int) -> list[tuple]:
        made = synthetic_client(seed=seed, number=number, caseworkers=usernames, today=TODAY, zone=MOSCOW)
        return anonymous_stream(made.events)

    assert sorted(stored) == list(range(1, 41))
    assert all(stored[number] == regenerated(11, number) for number in stored)
    assert all(regenerated(11, number) == regenerated(11, number) for number in (1, 2, 3))
    assert sum(stored[number] != regenerated(12, number) for number in stored) >= 38


def test_a_second_run_adds_organisations_and_clients(db, at_the_end_of_june_2026):
    generate("--clients", "20", "--seed", "5")
    output = generate("--clients", "30", "--seed", "5", "--organisations", "2")

    assert "(synthetic-ngo-1-2, synthetic-ngo-2-2), 30 clients" in output
    assert Client.objects.count() == 50
    assert sorted(number_of(client) for client in Client.objects.all()) == list(range(1, 51))
    usernames = set(Membership.objects.values_list("user__username", flat=True))
    assert usernames == {
        "synthetic-caseworker-1", "synthetic-caseworker-2", "synthetic-caseworker-3",
        "synthetic-caseworker-1-2", "synthetic-caseworker-2-2",
    }  # fmt: skip
    assert not any(membership.user.has_usable_password() for membership in Membership.objects.all())
    assert "Verified 50 clients" in verify()


def test_it_refuses_a_run_without_organisations(db):
    with pytest.raises(CommandError, match="--organisations"):
        generate("--clients", "10", "--organisations", "0")
    assert not Client.objects.exists()


@pytest.mark.usefixtures("three_hundred")
class TestThreeHundredClients:
    """Read-only checks on one generation of 300 clients."""

    def test_streams_are_gap_free_and_recorded_in_order(self):
        streams = Event.objects.values("client_id").annotate(
            count=Count("id"), first=Min("version"), last=Max("version"), top=Max("position")
        )
        versions = {row["client_id"]: row for row in streams}
        for client in Client.objects.all():
            row = versions[client.id]
            assert (row["first"], row["last"], row["count"]) == (1, client.version, client.version)
        assert Event.objects.values("position").distinct().count() == Event.objects.count()
        previous = None
        for event in Event.objects.order_by("client_id", "version"):
            recorded_on = event.recorded_at.astimezone(MOSCOW).date()
            assert event.occurred_on <= recorded_on < TODAY
            if previous is not None and previous.client_id == event.client_id:
                assert previous.recorded_at < event.recorded_at
            else:
                assert event.type == "client_registered" and event.version == 1
                assert set(event.data) == {"citizenship", "sex", "birth_year", "region"}
            previous = event

    def test_proportions_are_realistic(self):
        statuses = ClientStatus.objects.all()
        citizenships = Counter(statuses.values_list("citizenship", flat=True))
        assert [code for code, _ in citizenships.most_common(2)] == ["UZB", "TJK"]
        assert 0.30 <= citizenships["UZB"] / 300 <= 0.50
        assert len(citizenships) >= 7
        regions = Counter(statuses.values_list("region", flat=True))
        assert regions.most_common(1)[0][0] == "RU-MOW" and len(regions) >= 12
        assert 0.65 <= statuses.filter(sex="M").count() / 300 <= 0.85
        assert all(1960 <= year <= 2006 for year in statuses.values_list("birth_year", flat=True))
        assert 3 <= statuses.filter(detained=True).count() <= 30  # a few percent
        assert Event.objects.filter(type="released").exists()
        assert 0.5 <= statuses.filter(listed=True).count() / 300 <= 0.85
        assert {"open", "met", "missed"} <= set(Deadline.objects.values_list("status", flat=True))
        organisations = Counter(statuses.values_list("organisation__slug", flat=True))
        assert (
            organisations["synthetic-ngo-1"]
            > organisations["synthetic-ngo-2"]
            > organisations["synthetic-ngo-3"]
        )

    def test_histories_cover_a_whole_calendar_year_with_varied_events(self):
        months = {
            day.month
            for day in Event.objects.filter(occurred_on__year=LAST_FULL_YEAR).dates("occurred_on", "day")
        }
        assert months == set(range(1, 13))
        assert Event.objects.aggregate(first=Min("occurred_on"))["first"] <= date(LAST_FULL_YEAR - 1, 7, 31)
        lengths = list(Client.objects.values_list("version", flat=True))
        assert min(lengths) >= 5 and max(lengths) <= 40
        assert 8 <= sum(lengths) / len(lengths) <= 13
        types = Counter(Event.objects.values_list("type", flat=True))
        assert len(types) >= 20, types
        grounds = Counter(
            Event.objects.filter(type="register_inclusion").values_list("data__ground", flat=True)
        )
        assert grounds.most_common(1)[0][0] == "stay_expired" and len(grounds) >= 4
        kinds = Counter(Event.objects.filter(type="decision_issued").values_list("data__kind", flat=True))
        assert kinds.most_common(1)[0][0] == "administrative_expulsion" and len(kinds) >= 4
        outcomes = set(Event.objects.filter(type="appeal_decided").values_list("data__outcome", flat=True))
        assert outcomes == {"upheld", "overturned", "partially_overturned", "returned"}

    def test_personal_fields_decrypt_and_are_marked_synthetic(self):
        clients = list(Client.objects.select_related("organisation"))
        birth_years = dict(
            Event.objects.filter(type="client_registered").values_list("client_id", "data__birth_year")
        )
        for client in clients:
            personal = open_personal(client)
            assert personal is not None
            assert re.fullmatch(r"Synthetic Person \d{6}", personal.full_name)
            assert re.fullmatch(r"SYN\d{7}", personal.document_number)
            assert re.fullmatch(r"\+7 900 \d{3}-\d{2}-\d{2}", personal.phone)
            assert personal.date_of_birth.year == birth_years[client.id]
            assert client.name_index == crypto.blind_index(
                "name", crypto.normalise_name(personal.full_name), organisation_id=client.organisation_id
            )
            assert re.fullmatch(rf"C-[{CODE_ALPHABET}]{{6}}", client.code)
        assert (
            len({client.code for client in clients}) == len({number_of(client) for client in clients}) == 300
        )

    def test_no_sensitive_text_in_event_data(self):
        sealed = 0
        for event in Event.objects.select_related("client"):
            sensitive = EVENT_TYPES[event.type].sensitive_fields
            assert all(event.data.get(name) is None for name in sensitive), (event.type, event.data)
            assert not SYNTHETIC_TEXT.search(json.dumps(event.data)), (event.type, event.data)
            secret = open_event_secret(event.client, data_key_of(event.client), event)
            if event.type == "note_added":
                assert secret["text"].startswith("Synthetic note")
            if event.type == CORRECTION and event.secret is not None:
                assert set(secret) <= {"data.official_number"}
            sealed += event.secret is not None
        assert sealed >= Event.objects.filter(type="note_added").count() > 0
