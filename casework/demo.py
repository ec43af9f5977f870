"""Synthetic demo data: an organisation, one user per role, and clients with realistic histories.

Every person here is invented: names are drawn from short lists of common given names and surnames and
marked "(demo)"; document numbers start with DEMO. Histories are built relative to today and recorded
through the same services the UI and API use, so read models are exactly what a caseworker would see.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.db import transaction

from casework.clock import organisation_today
from casework.models import Language, Organisation, Role
from casework.personal import PersonalData
from casework.services.clients import client_register
from casework.services.events import event_record
from casework.services.organisations import organisation_create, user_create
from casework.services.synthetic import synthetic_generate

DEMO_ORGANISATION = "Demo Legal Aid"
DEMO_USERS = (
    ("demo-caseworker", Role.CASEWORKER),
    ("demo-caseworker2", Role.CASEWORKER),
    ("demo-supervisor", Role.SUPERVISOR),
    ("demo-analyst", Role.ANALYST),
    ("demo-admin", Role.ADMIN),
)
# Thirty clients are too few to publish statistics about (the population floor is 50), so the demo also has
# a synthetic organisation with a couple of years of clients, whose analyst sees tables worth reading; and
# demo-admin administers the whole installation, so it sees the network tables pooled across both.
STATISTICS_ANALYST = "demo-statistics"
INSTANCE_ADMIN = "demo-admin"
STATISTICS_CLIENTS = 2000
# Most staff read Russian; one caseworker reads English, so both e-mail languages show in the demo.
ENGLISH_READERS = {"demo-caseworker2"}
GIVEN_NAMES = (
    "Rustam",
    "Farrukh",
    "Dilnoza",
    "Aziz",
    "Gulnora",
    "Bakhtiyor",
    "Zarina",
    "Timur",
    "Malika",
    "Jamshid",
)
SURNAMES = ("Karimov", "Rakhimov", "Yusupov", "Nazarov", "Sharipov", "Aliev", "Tursunov", "Mirzoev", "Saidov")
CITIZENSHIPS = (("UZB", 45), ("TJK", 30), ("KGZ", 15), ("AZE", 4), ("ARM", 3), ("XXX", 3))
REGIONS = (("RU-MOW", 40), ("RU-MOS", 20), ("RU-SPE", 15), ("RU-TA", 8), ("RU-SVE", 9), ("RU-PRI", 8))
FACILITIES = ("Special institution for temporary detention of foreign citizens No. 1", "Sakharovo centre")

Step = tuple[str, date, dict[str, Any]]


@dataclass(frozen=True)
class DemoResult:
    organisation: Organisation
    created: bool
    clients: int
    statistics_organisation: Organisation | None = None


def _weighted(rng: random.Random, table) -> str:
    values, weights = zip(*table, strict=True)
    return rng.choices(values, weights=weights)[0]


def _listed(today: date, rng: random.Random, *, days_ago: int, source: str = "bank") -> list[Step]:
    included = today - timedelta(days=days_ago)
    ground = rng.choice(("stay_expired", "stay_expired", "stay_expired", "permit_annulled", "illegal_entry"))
    return [
        (
            "register_inclusion",
            included,
            {"ground": ground, "posted_on": included.isoformat(), "source": source},
        )
    ]


def _decision(
    ref: str, kind: str, issued: date, *, received: date | None = None, learned: date | None = None
):
    data: dict[str, Any] = {"decision_ref": ref, "kind": kind}
    if received:
        data["copy_received_on"] = received.isoformat()
    if learned:
        data["learned_on"] = learned.isoformat()
    return ("decision_issued", issued, data)


def frozen_account(today, rng):
    steps = _listed(today, rng, days_ago=rng.randint(20, 60))
    return [*steps, ("bank_account_frozen", steps[0][1] + timedelta(days=rng.randint(3, 15)), {})]


def expulsion_open(today, rng):
    issued = today - timedelta(days=rng.randint(1, 6))
    return [
        *_listed(today, rng, days_ago=90),
        _decision("AE-1", "administrative_expulsion", issued, received=issued),
    ]


def expulsion_appealed(today, rng):
    issued = today - timedelta(days=rng.randint(25, 60))
    return [
        *_listed(today, rng, days_ago=120),
        _decision("AE-1", "administrative_expulsion", issued, received=issued + timedelta(days=1)),
        (
            "appeal_filed",
            issued + timedelta(days=rng.randint(3, 8)),
            {"decision_ref": "AE-1", "forum": "court"},
        ),
    ]


def expulsion_missed(today, rng):
    issued = today - timedelta(days=rng.randint(30, 50))
    return [
        *_listed(today, rng, days_ago=150),
        _decision("AE-1", "administrative_expulsion", issued, received=issued),
    ]


def appeal_upheld(today, rng):
    issued = today - timedelta(days=40)
    decided = today - timedelta(days=rng.randint(2, 6))
    return [
        *_listed(today, rng, days_ago=100),
        _decision("AE-1", "administrative_expulsion", issued, received=issued),
        ("appeal_filed", issued + timedelta(days=5), {"decision_ref": "AE-1", "forum": "court"}),
        (
            "appeal_decided",
            decided,
            {"decision_ref": "AE-1", "outcome": "upheld", "copy_received_on": decided.isoformat()},
        ),
    ]


def detained(today, rng):
    placed = today - timedelta(days=rng.randint(20, 120))
    return [
        *_listed(today, rng, days_ago=200, source="official_letter"),
        _decision(
            "AE-1",
            "administrative_expulsion",
            placed - timedelta(days=30),
            received=placed - timedelta(days=30),
        ),
        ("appeal_filed", placed - timedelta(days=25), {"decision_ref": "AE-1", "forum": "court"}),
        ("detained", placed, {"basis": "expulsion", "facility": rng.choice(FACILITIES)}),
    ]


def deportation(today, rng):
    learned = today - timedelta(days=rng.randint(10, 60))
    return [
        *_listed(today, rng, days_ago=180),
        _decision("DP-1", "deportation", learned - timedelta(days=2), learned=learned),
    ]


def order_to_appear(today, rng):
    appear = datetime.combine(
        today + timedelta(days=rng.randint(2, 9)), time(10, 0), tzinfo=ZoneInfo("Europe/Moscow")
    )
    return [
        *_listed(today, rng, days_ago=70),
        ("order_to_appear_served", today - timedelta(days=1), {"appear_by": appear.isoformat()}),
    ]


def frozen_but_legal(today, rng):
    acquired = today - timedelta(days=200)
    return [
        (
            "legal_grounds_acquired",
            acquired,
            {"kind": "patent", "valid_until": (acquired + timedelta(days=365)).isoformat()},
        ),
        ("bank_account_frozen", today - timedelta(days=rng.randint(3, 20)), {}),
    ]


def excluded(today, rng):
    steps = _listed(today, rng, days_ago=160)
    return [*steps, ("register_exclusion", today - timedelta(days=30), {"ground": "legal_grounds_acquired"})]


def listed_posting_unknown(today, rng):
    """Listed, the posting date unknown (a register check showed the entry): the register deadline is
    estimated, and the MVD information request is the draft that asks for the date (docs/drafts.md)."""
    included = today - timedelta(days=rng.randint(20, 40))
    return [("register_inclusion", included, {"ground": "stay_expired", "source": "register_check"})]


SCENARIOS: tuple[Callable[[date, random.Random], list[Step]], ...] = (
    frozen_account,
    expulsion_open,
    expulsion_appealed,
    expulsion_missed,
    appeal_upheld,
    detained,
    deportation,
    order_to_appear,
    frozen_but_legal,
    excluded,
    listed_posting_unknown,
)


def _person(rng: random.Random, number: int) -> PersonalData:
    return PersonalData(
        full_name=f"{rng.choice(SURNAMES)} {rng.choice(GIVEN_NAMES)} (demo {number:02d})",
        date_of_birth=date(rng.randint(1965, 2004), rng.randint(1, 12), rng.randint(1, 28)),
        document_number=f"DEMO{rng.randint(1000000, 9999999)}",
        phone=f"+7 900 000-{rng.randint(10, 99)}-{rng.randint(10, 99)}",
    )


def seed_demo(
    *, password: str, clients: int = 30, seed: int = 2025, statistics_clients: int = STATISTICS_CLIENTS
) -> DemoResult:
    """Create the demo organisation with its users and clients, and (unless ``statistics_clients`` is 0) the
    synthetic organisation for the exports; a second call changes nothing."""
    existing = Organisation.objects.filter(name=DEMO_ORGANISATION).first()
    if existing is not None:
        return DemoResult(existing, created=False, clients=existing.clients.count())
    rng = random.Random(seed)  # noqa: S311 - reproducible synthetic data, not secrets
    with transaction.atomic():
        organisation = organisation_create(name=DEMO_ORGANISATION, timezone="Europe/Moscow")
        users = {
            username: user_create(
                organisation=organisation,
                username=username,
                password=password,
                role=role,
                email=f"{username}@example.org",
                check_password=False,
                language=Language.ENGLISH if username in ENGLISH_READERS else Language.RUSSIAN,
                instance_admin=username == INSTANCE_ADMIN,
            )
            for username, role in DEMO_USERS
        }
        today = organisation_today(organisation)
        caseworkers = ["demo-caseworker", "demo-caseworker2"]
        for number in range(clients):
            actor = users[caseworkers[number % 2]]
            client = client_register(
                actor=actor,
                personal=_person(rng, number + 1),
                citizenship=_weighted(rng, CITIZENSHIPS),
                sex=rng.choice("MMMF"),
                region=_weighted(rng, REGIONS),
            )
            steps = SCENARIOS[number % len(SCENARIOS)](today, rng)
            steps.append(("caseworker_assigned", today, {"user": actor.username}))
            for type, occurred_on, data in sorted(steps, key=lambda step: step[1]):
                # Assigning is a supervisor's decision (a caseworker may not reassign).
                author = users["demo-supervisor"] if type == "caseworker_assigned" else actor
                event_record(actor=author, client=client, type=type, data=data, occurred_on=occurred_on)
    statistics = _statistics_organisation(password, statistics_clients, seed) if statistics_clients else None
    return DemoResult(organisation, created=True, clients=clients, statistics_organisation=statistics)


def _statistics_organisation(password: str, clients: int, seed: int) -> Organisation:
    # Committed batch by batch, like generate_synthetic: it is bulk data, not a case history to keep whole.
    generated = synthetic_generate(clients=clients, seed=seed, organisations=1)
    organisation = generated.organisations[0]
    user_create(
        organisation=organisation,
        username=STATISTICS_ANALYST,
        password=password,
        role=Role.ANALYST,
        email=f"{STATISTICS_ANALYST}@example.org",
        check_password=False,
    )
    return organisation
