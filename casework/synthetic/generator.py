"""Synthetic client histories for benchmarks: invented, marked people with realistic, valid histories.

Every person is invented and says so: "Synthetic Person 000123", document numbers starting SYN, phones
+7 900 …, free text starting "Synthetic". Histories cover the two years before `today`, so at least one
whole calendar year; every event passes the domain catalogue (casework.synthetic.plan).

Deterministic: client number n of seed s is drawn from its own Random, so the same (seed, number, today)
gives the same person and history whatever else is generated, in any order or process. Only ids are random.
Writing them to the database is casework.services.synthetic's job.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from zoneinfo import ZoneInfo

from casework.personal import PersonalData
from casework.synthetic import paths, tables
from casework.synthetic.plan import MAX_EVENTS, Plan, SyntheticEvent

HISTORY_DAYS = 730
MIN_EVENTS = 5
MEAN_EXTRA_EVENTS = 5.5  # beyond the minimum: about ten events a client on average
PERSON_NAME = "Synthetic Person {number:06d}"
DOCUMENT_NUMBER = "SYN{number:07d}"
# Organisation k gets a share 0.6^k of the clients: 51 %, 31 %, 18 % for three.
ORGANISATION_DECAY = 0.6

__all__ = ["SyntheticClient", "SyntheticEvent", "synthetic_client"]


@dataclass(frozen=True)
class SyntheticClient:
    number: int
    organisation: int  # index among the run's organisations
    personal: PersonalData
    events: tuple[SyntheticEvent, ...]  # in version order; the first is client_registered


def synthetic_client(
    *, seed: int, number: int, caseworkers: Sequence[str], today: date, zone: ZoneInfo
) -> SyntheticClient:
    """Client `number` of `seed`, in one of len(caseworkers) organisations, each with that caseworker."""
    rng = random.Random(f"casework-synthetic:{seed}:{number}")  # noqa: S311 - reproducible, not secret
    organisation = rng.choices(
        range(len(caseworkers)), weights=[ORGANISATION_DECAY**index for index in range(len(caseworkers))]
    )[0]
    birth_year = int(rng.triangular(1960, 2006.999, 1993))
    personal = PersonalData(
        full_name=PERSON_NAME.format(number=number),
        date_of_birth=date(birth_year, 1, 1) + timedelta(days=rng.randrange(365)),
        document_number=DOCUMENT_NUMBER.format(number=number),
        phone=f"+7 900 {rng.randrange(1000):03d}-{rng.randrange(100):02d}-{rng.randrange(100):02d}",
    )
    start, end = today - timedelta(days=HISTORY_DAYS), today - timedelta(days=1)  # nothing recorded today
    intake = start + timedelta(days=rng.randrange((end - start).days - 2))
    region = tables.REGIONS.pick(rng)
    plan = Plan(rng, intake=intake, end=end)
    registered = {
        "citizenship": tables.CITIZENSHIPS.pick(rng),
        "sex": tables.SEXES.pick(rng),
        "birth_year": birth_year,
        "region": region,
    }
    plan.add("client_registered", intake, registered, own=True)
    plan.add("caseworker_assigned", intake, {"user": caseworkers[organisation]}, own=True)
    case = paths.Case(plan, rng, start=start, region=region)
    for step in (paths.listing, paths.bank, paths.decisions, paths.detention, paths.obligations):
        step(case)
    paths.listing_end(case)
    paths.travel(case)
    closed_on = paths.closing(case)
    target = min(MAX_EVENTS, MIN_EVENTS + int(rng.expovariate(1 / MEAN_EXTRA_EVENTS)))
    paths.fillers(case, target=target, until=closed_on or end)
    paths.mistakes(case)
    return SyntheticClient(number, organisation, personal, plan.finish(zone))
