"""Each cell as its field, or an error in plain words: the table of what offices write."""

from __future__ import annotations

from datetime import date

import pytest

from casework.domain.catalogue import EVENT_TYPES
from casework.imports.values import (
    CellInvalid,
    Suggested,
    parse_bool,
    parse_citizenship,
    parse_date,
    parse_field,
    parse_region,
)

GROUND = EVENT_TYPES["register_inclusion"].fields["ground"]
DECISION_KIND = EVENT_TYPES["decision_issued"].fields["kind"]


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        (date(2025, 2, 27), date(2025, 2, 27)),
        ("27.02.2025", date(2025, 2, 27)),
        ("7.2.2025", date(2025, 2, 7)),
        ("2025-02-27", date(2025, 2, 27)),
        (" 27.02.2025 ", date(2025, 2, 27)),
    ],
)
def test_dates_as_offices_write_them(cell, expected):
    assert parse_date(cell) == expected


@pytest.mark.parametrize(
    "cell", [45715, 45715.0, "27.02.25", "27/02/2025", "31.02.2025", "вчера", "02-27-2025"]
)
def test_what_is_not_surely_a_date_is_refused(cell):
    with pytest.raises(CellInvalid):
        parse_date(cell)


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("TJK", "TJK"),
        ("tjk", "TJK"),
        ("Таджикистан", "TJK"),
        ("таджик", "TJK"),
        ("Республика Таджикистан", "TJK"),
        ("Tajikistan", "TJK"),
        ("Tajik", "TJK"),
        ("Кыргызстан", "KGZ"),
        ("Киргизия", "KGZ"),
        ("Узбекистан", "UZB"),
        ("узбечка", "UZB"),
        ("Азербайджан", "AZE"),
        ("Армения", "ARM"),
        ("Казахстан", "KAZ"),
        ("ЛБГ", "XXX"),
        ("лицо без гражданства", "XXX"),
        ("Молдова", "MDA"),
        ("Белоруссия", "BLR"),
    ],
)
def test_a_citizenship_by_code_name_or_adjective_in_either_language(cell, expected):
    assert parse_citizenship(cell) == expected


@pytest.mark.parametrize(
    ("cell", "suggestion"), [("Таджикистн", "TJK"), ("Узбекистон", "UZB"), ("Tadjikistan", "TJK")]
)
def test_a_near_miss_is_refused_with_a_suggestion_never_taken(cell, suggestion):
    with pytest.raises(Suggested) as refused:
        parse_citizenship(cell)
    assert refused.value.suggestion == suggestion
    assert suggestion in str(refused.value)


def test_an_unknown_citizenship_names_the_codes_to_use():
    with pytest.raises(CellInvalid, match="ISO code"):
        parse_citizenship("Атлантида")


def test_a_region_by_code_or_name():
    assert parse_region("RU-MOW") == "RU-MOW"
    assert parse_region("ru-mow") == "RU-MOW"
    with pytest.raises(CellInvalid):
        parse_region("Нарния")


@pytest.mark.parametrize(
    ("cell", "expected"), [("да", True), ("Нет", False), ("x", True), (1, True), ("0", False)]
)
def test_yes_and_no(cell, expected):
    assert parse_bool(cell) is expected


def test_a_choice_by_code_or_by_its_label_in_russian_or_english():
    assert parse_field(GROUND, "stay_expired") == "stay_expired"
    assert parse_field(GROUND, "Period of stay or permit expired") == "stay_expired"
    assert parse_field(DECISION_KIND, "administrative_expulsion") == "administrative_expulsion"
    with pytest.raises(CellInvalid, match="not one of"):
        parse_field(GROUND, "потому что")


def test_a_reference_typed_into_a_number_cell_reads_as_typed():
    reference = EVENT_TYPES["decision_issued"].fields["decision_ref"]
    assert parse_field(reference, 4512.0) == "4512"
    assert parse_field(reference, " 5-123/2025 ") == "5-123/2025"
