"""A client found by any word of the name, in either script: one blind index per word, in a Latin spelling
that Cyrillic (as Russian passports write it in Latin) and the usual transliterations both reach."""

from __future__ import annotations

import pytest

from casework import crypto
from casework.models import Client
from casework.selectors.clients import client_list_for
from casework.services.clients import client_erase
from tests.conftest import make_client


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("Каримов", "Karimov"),
        ("Рустам", "Rustam"),
        ("Юсупова", "Yusupova"),
        ("Юсупова", "Iusupova"),
        ("Хамидов", "Khamidov"),
        ("Хамидов", "Hamidov"),
        ("Алиев", "Aliyev"),
        ("Джураев", "Djuraev"),
        ("Джураев", "Juraev"),
        ("Ёркинов", "Еркинов"),  # ё is е
        ("Ахмеддинов", "Akhmedinov"),
        ("Kаримов", "Karimov"),  # a Latin K typed into a Cyrillic name
        ("КАРИМОВ", "karimov"),
    ],
)
def test_a_name_word_reads_the_same_in_either_script(one, other):
    assert crypto.name_words(one) == crypto.name_words(other)


def test_different_names_stay_different():
    assert crypto.name_words("Каримов") != crypto.name_words("Керимов")
    assert crypto.name_words("Абдуллаев-Каримов Рустам") == ["abdulaev", "karimov", "rustam"]


def found(actor, search: str) -> list[Client]:
    return list(client_list_for(actor=actor, search=search))


@pytest.fixture
def karimov(alice):
    return make_client(alice, full_name="Karimov Rustam Alisherovich")


@pytest.mark.parametrize(
    "search", ["Каримов", "karimov", "Рустам Каримов", "каримов рустам", "Rustam", "Алишерович Каримов"]
)
def test_a_search_by_any_words_in_any_order_and_script_finds_the_client(alice, karimov, search):
    assert found(alice, search) == [karimov]


def test_every_word_searched_must_be_in_the_name(alice, karimov):
    assert found(alice, "Каримов Фаррух") == []


def test_another_organisations_client_of_the_same_name_is_not_found(alice, charlie, karimov):
    theirs = make_client(charlie, full_name="Каримов Рустам")
    assert found(charlie, "Karimov") == [theirs]
    assert set(karimov.name_word_indexes).isdisjoint(theirs.name_word_indexes)  # keyed per organisation


def test_only_keyed_hashes_are_stored_and_erasure_removes_them(dora, karimov):
    assert len(karimov.name_word_indexes) == 3
    assert all(len(index) == 64 and "karimov" not in index for index in karimov.name_word_indexes)

    client_erase(actor=dora, client=karimov)
    karimov.refresh_from_db()

    assert karimov.name_word_indexes == []
    assert found(dora, "Karimov") == []
