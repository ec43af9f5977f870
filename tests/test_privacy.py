"""Sentinel test: personal data seeded as ZZSENTINEL must appear in no plaintext in the database, the logs or
the API's error messages, before or after erasure."""

from __future__ import annotations

import logging
import subprocess
from datetime import date

import pytest
from django.conf import settings
from django.db import connection

from casework.personal import PersonalData
from casework.services.clients import client_register
from casework.services.events import event_record

SENTINEL_NAME = "ZZSENTINEL Name Zzsentinelovich"
SENTINEL_DOCUMENT = "ZZSENTINEL42"
SENTINEL_NOTE = "ZZSENTINEL note text"
SENTINEL_PHONE = "+7 999 ZZSENTINEL"


def dump_database() -> str:
    database = settings.DATABASES["default"]
    result = subprocess.run(
        [
            "pg_dump",
            "--data-only",
            "-h",
            database["HOST"],
            "-p",
            str(database["PORT"]),
            "-U",
            database["USER"],
            connection.settings_dict["NAME"],
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout


def seed(actor):
    client = client_register(
        actor=actor,
        personal=PersonalData(
            full_name=SENTINEL_NAME,
            date_of_birth=date(1985, 1, 2),
            document_number=SENTINEL_DOCUMENT,
            phone=SENTINEL_PHONE,
        ),
        citizenship="UZB",
        sex="F",
        region="RU-SPE",
    )
    event_record(
        actor=actor,
        client=client,
        type="note_added",
        data={"text": SENTINEL_NOTE},
        occurred_on=date(2025, 3, 1),
    )
    return client


@pytest.mark.django_db(transaction=True)
def test_no_personal_data_in_a_database_dump_before_or_after_erasure(alice, dora):
    from casework.services.clients import client_erase

    client = seed(alice)
    before = dump_database()
    assert client.code in before  # the dump really holds the client
    assert "ZZSENTINEL" not in before.upper()
    assert "1985-01-02" not in before

    client_erase(actor=dora, client=client)
    after = dump_database()
    assert "ZZSENTINEL" not in after.upper()
    client.refresh_from_db()
    assert client.data_key_wrapped is None and client.full_name_enc is None and client.name_index is None


def test_no_personal_data_in_logs_or_error_messages(api, alice, caplog):
    caplog.set_level(logging.DEBUG)
    as_alice = api(alice)
    created = as_alice.post(
        "/api/clients/",
        {
            "full_name": SENTINEL_NAME,
            "date_of_birth": "1985-01-02",
            "document_number": SENTINEL_DOCUMENT,
            "phone": SENTINEL_PHONE,
            "citizenship": "UZB",
            "sex": "F",
            "region": "RU-SPE",
        },
        format="json",
    )
    assert created.status_code == 201
    client_id = created.json()["id"]
    bad_requests = [
        as_alice.post(
            "/api/clients/",
            {
                "full_name": SENTINEL_NAME,
                "date_of_birth": "ZZSENTINEL",
                "citizenship": SENTINEL_DOCUMENT,
                "sex": "F",
                "region": "RU-SPE",
            },
            format="json",
        ),
        as_alice.post(
            f"/api/clients/{client_id}/events/",
            {"type": "note_added", "data": {"text": SENTINEL_NOTE, "extra": SENTINEL_NAME}},
            format="json",
        ),
        as_alice.post(f"/api/clients/{client_id}/events/", {"type": SENTINEL_NAME}, format="json"),
        as_alice.post(
            f"/api/clients/{client_id}/events/",
            {"type": "register_inclusion", "occurred_on": "2025-01-01", "data": {"ground": SENTINEL_NAME}},
            format="json",
        ),
    ]
    for response in bad_requests:
        assert response.status_code == 400
        assert "ZZSENTINEL" not in response.content.decode().upper()
    assert "ZZSENTINEL" not in caplog.text.upper()
