from __future__ import annotations

import uuid

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import override_settings

from casework import crypto


def test_it_round_trips_a_field_under_a_data_key():
    client_id = uuid.uuid4()
    key = crypto.new_data_key()
    blob = crypto.encrypt_text(key, "Рустам Каримов", client_id=client_id, field="full_name")
    assert "Рустам".encode() not in blob
    assert crypto.decrypt_text(key, blob, client_id=client_id, field="full_name") == "Рустам Каримов"


def test_it_refuses_a_ciphertext_moved_to_another_client_or_field():
    client_id, other_client = uuid.uuid4(), uuid.uuid4()
    key = crypto.new_data_key()
    blob = crypto.encrypt_text(key, "AB1234567", client_id=client_id, field="document_number")
    with pytest.raises(crypto.DecryptionFailed):
        crypto.decrypt_text(key, blob, client_id=other_client, field="document_number")
    with pytest.raises(crypto.DecryptionFailed):
        crypto.decrypt_text(key, blob, client_id=client_id, field="phone")


def test_it_refuses_a_tampered_ciphertext():
    client_id = uuid.uuid4()
    key = crypto.new_data_key()
    blob = bytearray(crypto.encrypt_text(key, "secret", client_id=client_id, field="phone"))
    blob[-1] ^= 1
    with pytest.raises(crypto.DecryptionFailed):
        crypto.decrypt_text(key, bytes(blob), client_id=client_id, field="phone")


def test_it_unwraps_a_data_key_only_with_the_master_key_that_wrapped_it():
    client_id = uuid.uuid4()
    data_key = crypto.new_data_key()
    wrapped = crypto.wrap_data_key(data_key, client_id=client_id)
    assert crypto.unwrap_data_key(wrapped, client_id=client_id) == data_key
    with pytest.raises(crypto.DecryptionFailed):
        crypto.unwrap_data_key(wrapped, client_id=uuid.uuid4())
    with override_settings(CASEWORK_KEK=crypto.generate_key_text()), pytest.raises(crypto.DecryptionFailed):
        crypto.unwrap_data_key(wrapped, client_id=client_id)


def test_it_opens_keys_of_the_previous_master_key_during_a_rotation():
    client_id = uuid.uuid4()
    data_key = crypto.new_data_key()
    old = crypto.generate_key_text()
    with override_settings(CASEWORK_KEK=old):
        wrapped = crypto.wrap_data_key(data_key, client_id=client_id)
    with override_settings(CASEWORK_KEK=crypto.generate_key_text(), CASEWORK_KEK_PREVIOUS=old):
        assert crypto.unwrap_data_key(wrapped, client_id=client_id) == data_key
        assert not crypto.wrapped_by_current_key(wrapped)


def test_it_rejects_a_master_key_of_the_wrong_length():
    with (
        override_settings(CASEWORK_KEK="c2hvcnQ="),
        pytest.raises(ImproperlyConfigured, match="32 random bytes"),
    ):
        crypto.current_master_key()


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("КАРИМОВ  рустам", "Каримов Рустам"),
        ("Kаримов Рустам", "Каримов Рустам"),  # a Latin K typed among Cyrillic letters
        ("abdu-rahmon  o'g'li", "Abdu Rahmon ogli"),
        ("Ёлкин", "елкин"),
    ],
)
def test_it_normalises_names_so_that_variants_match(typed, stored):
    assert crypto.normalise_name(typed) == crypto.normalise_name(stored)


def test_it_keeps_different_names_apart():
    assert crypto.normalise_name("Каримов Рустам") != crypto.normalise_name("Каримова Рустам")


def test_it_normalises_document_numbers():
    assert crypto.normalise_document("ab 123-45 67") == crypto.normalise_document("АВ1234567")


def test_it_keys_the_blind_index_by_kind_and_by_key():
    name = crypto.blind_index("name", "x", organisation_id=1)
    assert name != crypto.blind_index("document", "x", organisation_id=1)
    with override_settings(CASEWORK_INDEX_KEY=crypto.generate_key_text()):
        assert crypto.blind_index("name", "x", organisation_id=1) != name


def test_the_blind_index_does_not_link_one_person_across_organisations():
    # Issue 14: one index key for every NGO, so equal HMACs in a seized database linked the same name or
    # document across organisations. The organisation is part of what is hashed.
    assert crypto.blind_index("name", "x", organisation_id=1) != crypto.blind_index(
        "name", "x", organisation_id=2
    )
