"""Legal citations the Russian way: «ч. 1 ст. 30.3 КоАП РФ»."""

from __future__ import annotations

import re

from casework.wording.language import is_russian

# Citations the pattern below cannot read, as rules.toml writes them.
LEGAL_BASES = {
    "Practice rule: no statutory maximum term in a special institution (115-FZ art. 31, 32.2; "
    "KoAP RF art. 27.19)": (
        "правило практики: предельный срок содержания в СУВСИГ законом не установлен "
        "(ст. 31, 32.2 Федерального закона № 115-ФЗ; ст. 27.19 КоАП РФ)"
    ),
    "KoAP RF art. 30.3 part 1 (before 364-FZ of 29.10.2024: ten days counted as 24-hour days, no "
    "roll-forward), 4.8 part 2": (
        "ч. 1 ст. 30.3 КоАП РФ (до Федерального закона № 364-ФЗ от 29.10.2024: «десять суток», без переноса "
        "на рабочий день), ч. 2 ст. 4.8 КоАП РФ"
    ),
    "KoAP RF art. 30.9, 30.3 part 1 (before 364-FZ of 29.10.2024: ten days counted as 24-hour days, no "
    "roll-forward)": (
        "ст. 30.9, ч. 1 ст. 30.3 КоАП РФ (до Федерального закона № 364-ФЗ от 29.10.2024: «десять суток», "
        "без переноса на рабочий день)"
    ),
    "KAS RF art. 298, chapter 28 (art. 266-269)": "ст. 298, гл. 28 (ст. 266–269) КАС РФ",
    "KAS RF chapter 28 (art. 266-269)": "гл. 28 (ст. 266–269) КАС РФ",
    "Constitution of the RF art. 22 part 2": "ч. 2 ст. 22 Конституции РФ",
}
# Citations by pattern (rules.toml, restrictions.toml, deadline_building.py): "<code> art. <articles>
# (<note>)", '<n>-FZ "<title>"'; several joined by "; ".
CODES = {"KoAP RF": "КоАП РФ", "KoAP": "КоАП РФ", "KAS RF": "КАС РФ", "KAS": "КАС РФ"}
LAW_TITLES = {"On road safety": "О безопасности дорожного движения"}
CITATION_NOTES = {
    "a shorter special period is unverified": "более короткий специальный срок не проверен",
    "one month, unless a special period applies": "один месяц, если не установлен иной срок",
    "obligations of a person in the register": "обязанности лица, включённого в реестр",
}
_ARTICLE = r"\d+(?:\.\d+)*(?: part \d+)?"
_ARTICLES = re.compile(
    rf"(?P<source>KoAP RF|KoAP|KAS RF|KAS|(?P<law>\d+)-FZ) art\. (?P<articles>{_ARTICLE}(?:, {_ARTICLE})*)"
    r"(?: \((?P<note>[^()]+)\))?"
)
_NAMED_LAW = re.compile(r'(?P<law>\d+)-FZ "(?P<title>[^"]+)"')
_AMENDED = re.compile(r"as amended by (?P<law>\d+)-FZ of (?P<date>\d{2}\.\d{2}\.\d{4})")
# For a citation the pattern cannot read either (a deadline step): word by word, in the English order.
_CITATION_WORDS = (
    (re.compile(r"\bKoAP RF\b|\bKoAP\b"), "КоАП РФ"),
    (re.compile(r"\bKAS RF\b|\bKAS\b"), "КАС РФ"),
    (re.compile(r"\b(\d+)-FZ\b"), r"\1-ФЗ"),
    (re.compile(r"\bart\.\s*"), "ст. "),
    (re.compile(r"\bparts?\s+"), "ч. "),
    (re.compile(r"\bchapter\s+"), "гл. "),
)


def _articles(articles: str) -> str:
    """ "30.1, 30.3 part 1, 4.8" → "ст. 30.1, ч. 1 ст. 30.3, ст. 4.8": a part is cited before its article."""
    pieces: list[str] = []
    plain: list[str] = []
    for item in articles.split(", "):
        article, _, part = item.partition(" part ")
        if not part:
            plain.append(article)
            continue
        if plain:
            pieces.append("ст. " + ", ".join(plain))
            plain = []
        pieces.append(f"ч. {part} ст. {article}")
    if plain:
        pieces.append("ст. " + ", ".join(plain))
    return ", ".join(pieces)


def _citation(text: str) -> str | None:
    if text in LEGAL_BASES:
        return LEGAL_BASES[text]
    named = _NAMED_LAW.fullmatch(text)
    if named:
        title = LAW_TITLES.get(named["title"])
        return f"Федеральный закон № {named['law']}-ФЗ «{title}»" if title else None
    found = _ARTICLES.fullmatch(text)
    if found is None:
        return None
    source = f"Федерального закона № {found['law']}-ФЗ" if found["law"] else CODES[found["source"]]
    cited = f"{_articles(found['articles'])} {source}"
    note = found["note"]
    if note is None:
        return cited
    amended = _AMENDED.fullmatch(note)
    if amended:
        return f"{cited} (в ред. Федерального закона № {amended['law']}-ФЗ от {amended['date']})"
    return f"{cited} ({CITATION_NOTES[note]})" if note in CITATION_NOTES else None


def _top_level_parts(text: str) -> list[str]:
    """Split "A; B" on the semicolons outside parentheses."""
    parts, depth, start = [], 0, 0
    for index, char in enumerate(text):
        depth += {"(": 1, ")": -1}.get(char, 0)
        if char == ";" and depth == 0:
            parts.append(text[start:index].strip())
            start = index + 1
    parts.append(text[start:].strip())
    return parts


def russian_legal_basis(text: str) -> str | None:
    """The citation the Russian way, or None when some part of it cannot be read."""
    if text in LEGAL_BASES:
        return LEGAL_BASES[text]
    cited = [_citation(part) for part in _top_level_parts(text)]
    if not cited or any(part is None for part in cited):
        return None
    return "; ".join(part for part in cited if part)


def legal_basis(text: str) -> str:
    """Russian for a deadline step: by pattern, else word by word."""
    russian = russian_legal_basis(text)
    if russian is not None:
        return russian
    for pattern, replacement in _CITATION_WORDS:
        text = pattern.sub(replacement, text)
    return text


def legal_basis_text(text: str, language: str | None = None) -> str:
    """A citation in ``language``; unchanged when it is English or a citation the pattern cannot read."""
    if not text or not is_russian(language):
        return text
    return russian_legal_basis(text) or text
