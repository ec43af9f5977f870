"""One cell of an imported spreadsheet read as the field it is mapped to, or a plain-words error.

A date is a date cell, `dd.mm.yyyy`, `dd.mm.yy` is refused (the century is a guess), `yyyy-mm-dd`; a number
is never read as a date (an Excel serial in a CSV or a number cell is a number, and says so). A choice is
its code, its English label or its Russian label, in any case. A citizenship is an ISO code or a country's
name or adjective in Russian or English ("Таджикистан", "таджик", "Tajik" → TJK); a word that is close but
not equal is refused with a suggestion, never taken. A region is its ISO code or its name.
"""

from __future__ import annotations

import re
from datetime import date
from difflib import get_close_matches
from typing import Any

from django.utils import translation

from casework.domain.catalogue import FieldSpec
from casework.domain.reference_data import CITIZENSHIP_CODES, COUNTRY_NAMES, REGION_NAMES, STATELESS
from casework.imports.sheets import Cell
from casework.wording.labels import CHOICE_LABELS

RUSSIAN_DATE = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4})")
ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
TRUE_WORDS = frozenset({"да", "yes", "true", "1", "+", "x", "х", "истина"})
FALSE_WORDS = frozenset({"нет", "no", "false", "0", "-", "ложь"})

# The citizenships an NGO in Russia meets most, by the words a Russian office writes (country, adjective,
# the people's name in the singular and plural); COUNTRY_NAMES gives the English names of every code.
RUSSIAN_COUNTRY_WORDS: dict[str, tuple[str, ...]] = {
    "TJK": ("таджикистан", "таджикский", "таджик", "таджичка", "таджики", "республика таджикистан"),
    "UZB": ("узбекистан", "узбекский", "узбек", "узбечка", "узбеки", "республика узбекистан"),
    "KGZ": ("киргизия", "кыргызстан", "киргизский", "кыргызский", "киргиз", "кыргыз", "киргизка", "киргизы"),
    "KAZ": ("казахстан", "казахский", "казах", "казашка", "казахи", "республика казахстан"),
    "AZE": ("азербайджан", "азербайджанский", "азербайджанец", "азербайджанка", "азербайджанцы"),
    "ARM": ("армения", "армянский", "армянин", "армянка", "армяне"),
    "TKM": ("туркмения", "туркменистан", "туркменский", "туркмен", "туркменка", "туркмены"),
    "MDA": ("молдавия", "молдова", "молдавский", "молдаванин", "молдаванка", "молдаване"),
    "UKR": ("украина", "украинский", "украинец", "украинка", "украинцы"),
    "BLR": ("белоруссия", "беларусь", "белорусский", "белорус", "белоруска", "белорусы"),
    "GEO": ("грузия", "грузинский", "грузин", "грузинка", "грузины"),
    "AFG": ("афганистан", "афганский", "афганец", "афганка", "афганцы"),
    "CHN": ("китай", "кнр", "китайский", "китаец", "китаянка", "китайцы"),
    "VNM": ("вьетнам", "вьетнамский", "вьетнамец", "вьетнамка", "вьетнамцы"),
    "IND": ("индия", "индийский", "индиец", "индианка", "индийцы"),
    "SYR": ("сирия", "сирийский", "сириец", "сирийка", "сирийцы"),
    "TUR": ("турция", "турецкий", "турок", "турчанка", "турки"),
    "IRN": ("иран", "иранский", "иранец", "иранка", "иранцы"),
    "IRQ": ("ирак", "иракский", "иракец", "иракцы"),
    "CUB": ("куба", "кубинский", "кубинец", "кубинка", "кубинцы"),
    "NGA": ("нигерия", "нигерийский", "нигериец", "нигерийцы"),
    "CMR": ("камерун", "камерунский", "камерунец", "камерунцы"),
    "PRK": ("кндр", "северная корея", "северокорейский"),
    "MNG": ("монголия", "монгольский", "монгол", "монголы"),
    "LVA": ("латвия", "латвийский"),
    "LTU": ("литва", "литовский"),
    "EST": ("эстония", "эстонский"),
    STATELESS: ("лбг", "без гражданства", "лицо без гражданства", "апатрид", "stateless"),
}
ENGLISH_COUNTRY_WORDS: dict[str, tuple[str, ...]] = {
    "TJK": ("tajik", "tajikistani"),
    "UZB": ("uzbek", "uzbekistani"),
    "KGZ": ("kyrgyz", "kirghiz", "kyrgyzstani"),
    "KAZ": ("kazakh", "kazakhstani"),
    "AZE": ("azerbaijani", "azeri"),
    "ARM": ("armenian",),
    "TKM": ("turkmen",),
    "MDA": ("moldovan",),
    "UKR": ("ukrainian",),
    "BLR": ("belarusian",),
    "GEO": ("georgian",),
    "AFG": ("afghan",),
    "CHN": ("chinese",),
    "VNM": ("vietnamese",),
}


class CellInvalid(ValueError):
    """A cell that cannot be the field: the message says what is wrong, and what to write instead."""


class Suggested(CellInvalid):
    """Close to a known value, not equal to it: refused, with the value it may have meant."""

    def __init__(self, message: str, suggestion: str) -> None:
        super().__init__(message)
        self.suggestion = suggestion


def _words(value: str) -> str:
    return " ".join(value.replace("ё", "е").replace("Ё", "Е").lower().replace("-", " ").split())


def _country_index() -> dict[str, str]:
    index: dict[str, str] = {}
    for code, name in COUNTRY_NAMES.items():
        index[_words(name)] = code
        index[code.lower()] = code
    for table in (RUSSIAN_COUNTRY_WORDS, ENGLISH_COUNTRY_WORDS):
        for code, words in table.items():
            for word in words:
                index[_words(word)] = code
    index[STATELESS.lower()] = STATELESS
    return index


COUNTRY_INDEX = _country_index()
REGION_INDEX = {
    **{_words(name): code for code, name in REGION_NAMES.items()},
    **{c.lower(): c for c in REGION_NAMES},
}


def parse_date(value: Cell) -> date:
    if isinstance(value, date):
        return value
    if isinstance(value, int | float):
        raise CellInvalid(
            "A number, not a date: write the date as 27.02.2025, or format the cell as a date in the "
            "spreadsheet."
        )
    text = str(value).strip()
    for pattern, order in ((RUSSIAN_DATE, (3, 2, 1)), (ISO_DATE, (1, 2, 3))):
        found = pattern.fullmatch(text)
        if found:
            year, month, day = (int(found.group(index)) for index in order)
            try:
                return date(year, month, day)
            except ValueError as error:
                raise CellInvalid(f"No such day: {text}.") from error
    raise CellInvalid(f"Not a date: {text}. Write it as 27.02.2025 (day.month.year, four-digit year).")


def parse_citizenship(value: Cell) -> str:
    text = _words(str(value))
    code = COUNTRY_INDEX.get(text) or COUNTRY_INDEX.get(text.upper().lower())
    if code is not None:
        return code
    if text.upper() in CITIZENSHIP_CODES:
        return text.upper()
    close = get_close_matches(text, COUNTRY_INDEX.keys(), n=1, cutoff=0.75)
    if close:
        suggestion = COUNTRY_INDEX[close[0]]
        raise Suggested(f"Unknown citizenship «{value}»: did you mean {suggestion}?", suggestion)
    raise CellInvalid(f"Unknown citizenship «{value}»: write the country's ISO code (TJK, UZB, KGZ…).")


def parse_region(value: Cell) -> str:
    text = _words(str(value))
    code = REGION_INDEX.get(str(value).strip().lower()) or REGION_INDEX.get(text)
    if code is not None:
        return code
    close = get_close_matches(text, REGION_INDEX.keys(), n=1, cutoff=0.8)
    if close:
        suggestion = REGION_INDEX[close[0]]
        raise Suggested(f"Unknown region «{value}»: did you mean {suggestion}?", suggestion)
    raise CellInvalid(f"Unknown region «{value}»: write its code, e.g. RU-MOW for Moscow.")


def _choice_words(spec: FieldSpec) -> dict[str, str]:
    words = {_words(code): code for code in spec.choices}
    labels = CHOICE_LABELS.get(spec.choices, {})
    for language in ("en", "ru"):
        with translation.override(language):
            words.update({_words(str(label)): code for code, label in labels.items()})
    return words


def parse_choice(spec: FieldSpec, value: Cell) -> str:
    words = _choice_words(spec)
    code = words.get(_words(str(value)))
    if code is not None:
        return code
    raise CellInvalid(f"«{value}» is not one of: {', '.join(spec.choices)}.")


def parse_bool(value: Cell) -> bool:
    text = _words(str(value))
    if text in TRUE_WORDS:
        return True
    if text in FALSE_WORDS:
        return False
    raise CellInvalid(f"«{value}» is neither yes nor no (да / нет).")


def parse_field(spec: FieldSpec, value: Cell) -> Any:
    """The cell as the catalogue's field `spec` wants it (JSON-ready: dates stay dates for the caller)."""
    if spec.kind == "date":
        return parse_date(value)
    if spec.kind == "choice":
        return parse_choice(spec, value)
    if spec.kind == "bool":
        return parse_bool(value)
    if spec.kind == "citizenship":
        return parse_citizenship(value)
    if spec.kind == "region":
        return parse_region(value)
    if spec.kind == "int":
        if isinstance(value, int) or (isinstance(value, float) and value.is_integer()):
            return int(value)
        if isinstance(value, str) and value.strip().isdigit():
            return int(value.strip())
        raise CellInvalid(f"«{value}» is not a whole number.")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # a reference typed into a number cell: 1234, not 1234.0
    return str(value).strip() if isinstance(value, str) else str(value)
