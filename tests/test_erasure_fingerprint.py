"""Issue 14 item 5: an event's idempotency fingerprint must die with the client's data key.

The attacker of the threat model holds the database and the master key after an erasure. Everything that was
hashed into a fingerprint is in clear except the sensitive fields, so a fingerprint keyed with the blind-index
key (the KEK's child) confirms guessed notes and official numbers offline. Keyed with the client's data key, it
is as dead as the ciphertexts once the key is destroyed.
"""

from __future__ import annotations

import hashlib
import hmac
import importlib
import json
from datetime import date

import pytest
from django.db import connection

from casework import crypto
from casework.domain.events import PayloadInvalid
from casework.models import Event
from casework.services.clients import client_erase
from casework.services.events import event_record

NOTE = "ZZSENTINEL guessable note"


def index_key_guess(type: str, occurred_on: date, data: dict) -> str:
    """What the attacker computes for one guess: the old fingerprint, under the KEK-derived index key."""
    canonical = json.dumps(
        {"type": type, "occurred_on": occurred_on.isoformat(), "data": data},
        sort_keys=True,
        default=str,
        ensure_ascii=False,
    )
    payload = b"casework-request\x00" + canonical.encode()
    return hmac.new(crypto.index_key(), payload, hashlib.sha256).hexdigest()


def record_note(actor, client, text: str, key: str):
    return event_record(
        actor=actor,
        client=client,
        type="note_added",
        data={"text": text},
        occurred_on=date(2025, 3, 1),
        idempotency_key=key,
    )


def test_the_fingerprint_cannot_confirm_a_guessed_note_with_the_master_key(alice, dora, client_of_alice):
    event = record_note(alice, client_of_alice, NOTE, "fp-1").event
    client_erase(actor=dora, client=client_of_alice)

    stored = Event.objects.get(pk=event.pk).request_fingerprint
    assert stored  # idempotency still had its fingerprint while the client existed
    guesses = {index_key_guess("note_added", date(2025, 3, 1), {"text": text}) for text in (NOTE, "other")}
    assert stored not in guesses


def test_fingerprints_of_one_body_differ_between_clients(alice, client_of_alice):
    from tests.conftest import make_client

    other = make_client(alice, full_name="Other Person", document_number="ZZ0000001")
    first = record_note(alice, client_of_alice, NOTE, "fp-2").event
    second = record_note(alice, other, NOTE, "fp-2").event
    # Keyed per client: equal notes of two clients do not even link to each other.
    assert first.request_fingerprint != second.request_fingerprint


def test_idempotency_still_tells_a_retry_from_a_different_request(alice, client_of_alice):
    from casework.eventstore import IdempotencyKeyReused

    first = record_note(alice, client_of_alice, NOTE, "fp-3")
    again = record_note(alice, client_of_alice, NOTE, "fp-3")
    assert first.created and not again.created and again.event.pk == first.event.pk
    with pytest.raises(IdempotencyKeyReused):
        record_note(alice, client_of_alice, NOTE + " changed", "fp-3")


def test_a_retry_after_erasure_is_refused_as_erased(alice, dora, client_of_alice):
    record_note(alice, client_of_alice, NOTE, "fp-4")
    client_erase(actor=dora, client=client_of_alice)
    with pytest.raises(PayloadInvalid) as refused:
        record_note(alice, client_of_alice, NOTE, "fp-4")
    assert "erased" in str(refused.value.errors)


def test_the_migration_clears_fingerprints_made_under_the_old_key(alice, client_of_alice):
    event = record_note(alice, client_of_alice, NOTE, "fp-5").event
    migration = importlib.import_module("casework.migrations.0015_fingerprints_rls_audit_grants")

    with connection.cursor() as cursor:
        cursor.execute(migration.CLEAR_FINGERPRINTS)
        # The append-only trigger is back on afterwards.
        cursor.execute("SELECT tgenabled FROM pg_trigger WHERE tgname = 'casework_event_append_only'")
        assert cursor.fetchone() == ("O",)

    assert Event.objects.get(pk=event.pk).request_fingerprint is None


def test_the_migration_rebuilds_blind_indexes_with_the_organisation(alice, charlie):
    from django.apps import apps

    from casework.models import Client
    from casework.selectors.clients import client_list_for
    from tests.conftest import make_client

    ours = make_client(alice, full_name="Same Name", document_number="SAME123")
    theirs = make_client(charlie, full_name="Same Name", document_number="SAME123")
    assert ours.name_index != theirs.name_index and ours.document_index != theirs.document_index

    Client.objects.filter(pk=ours.pk).update(name_index="stale", document_index="stale")  # as before 0015
    migration = importlib.import_module("casework.migrations.0015_fingerprints_rls_audit_grants")
    migration.rebuild_blind_indexes(apps, None)

    assert [client.pk for client in client_list_for(actor=alice, search="same name")] == [ours.pk]
    assert [client.pk for client in client_list_for(actor=alice, search="SAME 123")] == [ours.pk]
