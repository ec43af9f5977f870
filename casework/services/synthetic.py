"""Bulk synthetic data for benchmarks (`generate_synthetic`): organisations, caseworkers, and clients with the
histories of casework.synthetic.generator, written a batch of clients to a transaction, not a service call
per event.

The rows are the ones the services would write: personal fields sealed under a fresh data key per client (as
client_register), payloads validated by the catalogue with sensitive text encrypted into `secret` (as
event_record), read models derived in-process and inserted as projections.write would. Clients and events
go in with COPY; `position` comes from the sequence default. No reminder rows: beat inserts those when due.
Operator-only, like keys_rewrap: there is no acting user, and each batch commits on its own.
"""

from __future__ import annotations

import secrets
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction

from casework import crypto, derivation, projections
from casework.clock import organisation_today
from casework.db import copy_models
from casework.models import Client, Event, Organisation, Role
from casework.personal import seal_event_secret, seal_personal
from casework.services.clients import CODE_ALPHABET, CODE_LENGTH
from casework.services.organisations import organisation_create, user_create
from casework.synthetic.generator import SyntheticClient, SyntheticEvent, synthetic_client

ORGANISATION_NAME = "Synthetic NGO {number}"
ORGANISATION_PREFIX = "Synthetic NGO "
CASEWORKER_USERNAME = "synthetic-caseworker-{suffix}"  # the suffix of the organisation's slug
BATCH_SIZE = 500


@dataclass(frozen=True)
class SyntheticResult:
    organisations: list[Organisation]
    clients: int
    events: int
    seconds: float


@dataclass(frozen=True)
class _Batch:
    organisations: Sequence[Organisation]
    caseworkers: Sequence[AbstractBaseUser]
    members: projections.Members
    context: derivation.Context


def synthetic_generate(
    *, clients: int, seed: int = 1, organisations: int = 3, batch_size: int = BATCH_SIZE,
    progress: Callable[[int], None] | None = None,
) -> SyntheticResult:  # fmt: skip
    """Add `organisations` new synthetic organisations and `clients` clients spread over them.

    A second run adds to the first: new organisations (organisation_create gives them distinct slugs) and
    people numbered after the synthetic clients already there."""
    if organisations < 1:
        raise ValueError("at least one organisation is needed")
    started = time.monotonic()
    first_number = Client.objects.filter(organisation__name__startswith=ORGANISATION_PREFIX).count() + 1
    created, caseworkers = _organisations_create(organisations)
    batch = _Batch(created, caseworkers, projections.members_of(o.id for o in created), derivation.Context())
    # One date for the whole run, so that a run is one consistent picture even if it crosses midnight.
    today, zone = organisation_today(created[0]), ZoneInfo(created[0].timezone)
    usernames = [user.get_username() for user in caseworkers]
    events = 0
    for offset in range(0, clients, batch_size):
        numbers = range(first_number + offset, first_number + min(clients, offset + batch_size))
        generated = [
            synthetic_client(seed=seed, number=number, caseworkers=usernames, today=today, zone=zone)
            for number in numbers
        ]
        with transaction.atomic():
            events += _write(generated, batch)
        if progress is not None:
            progress(offset + len(generated))
    return SyntheticResult(created, clients, events, time.monotonic() - started)


def _organisations_create(count: int) -> tuple[list[Organisation], list[AbstractBaseUser]]:
    organisations, caseworkers = [], []
    with transaction.atomic():
        for number in range(1, count + 1):
            organisation = organisation_create(name=ORGANISATION_NAME.format(number=number))
            suffix = organisation.slug.removeprefix("synthetic-ngo-")
            # No e-mail: beat plans no reminders for a synthetic caseworker; no password: no login.
            caseworker = user_create(
                organisation=organisation, username=CASEWORKER_USERNAME.format(suffix=suffix), password=None,
                role=Role.CASEWORKER, check_password=False,
            )  # fmt: skip
            organisations.append(organisation)
            caseworkers.append(caseworker)
    return organisations, caseworkers


def _write(generated: list[SyntheticClient], batch: _Batch) -> int:
    clients: list[Client] = []
    events: list[Event] = []
    derived = []
    for synthetic, code in zip(generated, _new_codes(len(generated)), strict=True):
        caseworker = batch.caseworkers[synthetic.organisation]
        client, stream = _sealed(synthetic, code, batch.organisations[synthetic.organisation], caseworker)
        clients.append(client)
        events.extend(stream)
        recorded = [event.recorded(str(caseworker.pk)) for event in synthetic.events]
        derived.append((client, derivation.derive_client(client, events=recorded, context=batch.context)))
    copy_models(clients)
    copy_models(events)
    projections.insert_new(derived, now=batch.context.now, members=batch.members)
    return len(events)


def _sealed(
    synthetic: SyntheticClient, code: str, organisation: Organisation, caseworker: AbstractBaseUser
) -> tuple[Client, list[Event]]:
    """The client and event rows, personal data and sensitive text encrypted under a new data key."""
    client = Client(
        organisation=organisation, code=code, version=len(synthetic.events), created_by_id=caseworker.pk,
        created_at=synthetic.events[0].recorded_at,  # registered when its first event was recorded
    )  # fmt: skip
    data_key = crypto.new_data_key()
    client.data_key_wrapped = crypto.wrap_data_key(data_key, client_id=client.id)
    seal_personal(client, data_key, synthetic.personal)
    events = [_event_row(event, client, data_key, caseworker) for event in synthetic.events]
    return client, events


def _event_row(event: SyntheticEvent, client: Client, data_key: bytes, caseworker: AbstractBaseUser) -> Event:
    return Event(
        id=event.id, organisation_id=client.organisation_id, client_id=client.id, version=event.version,
        type=event.type, schema_version=event.schema_version, data=event.data,
        secret=seal_event_secret(client, data_key, event.id, event.secret), occurred_on=event.occurred_on,
        recorded_at=event.recorded_at, recorded_by_id=caseworker.pk, corrects_id=event.corrects,
    )  # fmt: skip


def _new_codes(count: int) -> list[str]:
    """Distinct case codes not yet in use, made as client_register makes them."""
    codes: set[str] = set()
    while len(codes) < count:
        wanted = {_code() for _ in range(count - len(codes))} - codes
        codes |= wanted - set(Client.objects.filter(code__in=wanted).values_list("code", flat=True))
    return list(codes)


def _code() -> str:
    return "C-" + "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
