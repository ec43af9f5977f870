"""The allow-list of dimensions a published table may have: coarse categories only. Pure.

A quarter, never a date; a federal district, never a region or a city; an age band, never a year of birth; a
citizenship group, where nationalities with fewer people than the population floor fold into "other". Each
dimension says which raw column of the read model it is read from and how a raw value becomes a label.
"""

from __future__ import annotations

import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from importlib import resources
from types import MappingProxyType

from casework.domain import choices
from casework.domain.history import (
    APPEAL_STAGES,
    DECISION,
    DETENTION,
    FREEZE,
    INCLUSION,
    INTAKE,
    LISTED,
    NOT_LISTED,
)

DEADLINE = "deadline"  # a source that is not a history fact: the Deadline read model
SOURCES = (INTAKE, INCLUSION, FREEZE, DETENTION, DECISION, DEADLINE)
PERSON_SOURCES = frozenset({INTAKE, INCLUSION, FREEZE, DECISION, DEADLINE})  # detention: see definitions

UNKNOWN = "unknown"
OTHER = "other"
STATELESS_GROUP = "stateless"
QUARTERS = (1, 2, 3, 4)
MET, MISSED = "met", "missed"
AGE_BANDS = ("under_18", "18_29", "30_44", "45_59", "60_plus")
AGE_BAND_LOWER = (0, 18, 30, 45, 60)


def _load_districts() -> tuple[str, Mapping[str, str]]:
    text = resources.files("casework.exports").joinpath("data", "federal_districts.toml").read_text("utf-8")
    data = tomllib.loads(text)
    return data["version"], MappingProxyType(
        {region: district for district, regions in data["districts"].items() for region in regions}
    )


DISTRICTS_VERSION, DISTRICT_OF_REGION = _load_districts()
FEDERAL_DISTRICTS = tuple(dict.fromkeys(DISTRICT_OF_REGION.values()))


def quarter_label(year: int, quarter: int) -> str:
    return f"{year}-Q{quarter}"


def age_band(birth_year: int | None, year: int) -> str:
    """The age band of someone born in ``birth_year`` in the course of ``year`` (the age they reach)."""
    if birth_year is None or birth_year > year:
        return UNKNOWN
    age = year - birth_year
    return next(
        band for band, lower in zip(AGE_BANDS[::-1], AGE_BAND_LOWER[::-1], strict=True) if age >= lower
    )


@dataclass(frozen=True)
class Dimension:
    name: str
    raw: str  # the column of the extracted rows it reads: quarter, category, outcome or a person fact
    sources: frozenset[str]  # the sources it can describe
    # The labels in their published order, for the year of the period; None: decided from the data.
    labels: Callable[[int], tuple[str, ...]] | None
    label_of: Callable[[object, int], str] = field(default=lambda raw, year: str(raw) if raw else UNKNOWN)
    keep_empty: bool = False  # time keeps its empty quarters; an all-zero category line is left out


def _fixed(*labels: str) -> Callable[[int], tuple[str, ...]]:
    return lambda year: labels


ALLOWED: Mapping[str, Dimension] = MappingProxyType(
    {
        dimension.name: dimension
        for dimension in (
            Dimension(
                "quarter",
                raw="quarter",
                sources=frozenset(SOURCES),
                labels=lambda year: tuple(quarter_label(year, quarter) for quarter in QUARTERS),
                label_of=lambda raw, year: quarter_label(year, int(raw)),  # type: ignore[call-overload]
                keep_empty=True,
            ),
            Dimension(
                "ground",
                raw="category",
                sources=frozenset({INCLUSION}),
                labels=_fixed(*choices.REGISTER_GROUNDS, UNKNOWN),
            ),
            Dimension(
                "decision_kind",
                raw="category",
                sources=frozenset({DECISION}),
                labels=_fixed(*choices.DECISION_KINDS, UNKNOWN),
            ),
            Dimension(
                "appeal_outcome",
                raw="outcome",
                sources=frozenset({DECISION}),
                labels=_fixed(*APPEAL_STAGES, *choices.APPEAL_OUTCOMES, UNKNOWN),
            ),
            Dimension(
                "register_status",
                raw="outcome",
                sources=frozenset({FREEZE}),
                labels=_fixed(LISTED, NOT_LISTED),
            ),
            Dimension(
                "deadline_outcome",
                raw="outcome",
                sources=frozenset({DEADLINE}),
                labels=_fixed(MET, MISSED),
            ),
            Dimension(
                "federal_district",
                raw="region",
                sources=PERSON_SOURCES,
                labels=_fixed(*FEDERAL_DISTRICTS, UNKNOWN),
                label_of=lambda raw, year: DISTRICT_OF_REGION.get(str(raw), UNKNOWN),
            ),
            Dimension(
                "age_band",
                raw="birth_year",
                sources=PERSON_SOURCES,
                labels=_fixed(*AGE_BANDS, UNKNOWN),
                label_of=lambda raw, year: age_band(raw if isinstance(raw, int) else None, year),
            ),
            Dimension(
                "sex",
                raw="sex",
                sources=PERSON_SOURCES,
                labels=_fixed(*choices.SEXES, UNKNOWN),
            ),
            Dimension(
                "citizenship_group",
                raw="citizenship",
                sources=PERSON_SOURCES,
                labels=None,
            ),
        )
    }
)


def citizenship_groups(persons_by_citizenship: Mapping[str, int], floor: int) -> dict[str, str]:
    """Citizenship code -> its published group: itself with at least ``floor`` people, else "other".

    Stateless people (XXX) form the group "stateless" on the same terms."""
    return {
        code: (STATELESS_GROUP if code == "XXX" else code) if count >= floor and code else OTHER
        for code, count in persons_by_citizenship.items()
    }


def citizenship_labels(groups: Mapping[str, str]) -> tuple[str, ...]:
    """Groups in alphabetical order, "other" last: an order by size would tell the sizes of hidden groups."""
    named = sorted({group for group in groups.values() if group not in (OTHER, STATELESS_GROUP)})
    rest = [group for group in (STATELESS_GROUP, OTHER) if group in groups.values()]
    return (*named, *rest)
