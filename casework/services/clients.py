from __future__ import annotations

import secrets
from datetime import datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from casework import access, crypto, eventstore, projections
from casework.clock import organisation_today
from casework.domain.events import PayloadInvalid, clean_payload
from casework.eventstore import NewEvent
from casework.models import Client, Membership, Organisation
from casework.personal import PersonalData, seal_personal
from casework.services.documents import documents_erase

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O or 1/I: codes are read aloud on the phone
CODE_LENGTH = 6
DATE_OF_BIRTH_IN_FUTURE = "The date of birth cannot be in the future."
ERASURES_TOO_MANY = "Too many erasures in the last hour; wait, or ask another administrator."
ERASURE_WINDOW = timedelta(hours=1)


class ErasuresTooMany(Exception):
    """The admin reached settings.CASEWORK_ERASURES_PER_HOUR: one stolen session or token cannot shred a
    whole organisation in seconds."""

    def __init__(self, retry_after: int) -> None:
        super().__init__(ERASURES_TOO_MANY)
        self.retry_after = retry_after


def _new_code() -> str:
    return "C-" + "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def client_register(
    *, actor: access.Actor, personal: PersonalData, citizenship: str, sex: str, region: str
) -> Client:
    """Create a client: personal fields encrypted under a fresh data key, and the stream's first event."""
    membership = access.membership_of(actor)
    access.require_case_access(actor, membership.organisation_id)
    return client_register_imported(
        organisation=membership.organisation, created_by=actor, personal=personal, citizenship=citizenship,
        sex=sex, region=region,
    )  # fmt: skip


def client_register_imported(
    *, organisation: Organisation, created_by: access.Actor | None, personal: PersonalData, citizenship: str,
    sex: str, region: str,
) -> Client:  # fmt: skip
    """client_register without the role check, for casework/services/imports.py, which checked who may
    import (or is the operator's command: `created_by` None)."""
    today = organisation_today(organisation)
    if personal.date_of_birth > today:
        raise PayloadInvalid({"date_of_birth": [DATE_OF_BIRTH_IN_FUTURE]})
    facts = clean_payload(
        "client_registered",
        {"citizenship": citizenship, "sex": sex, "birth_year": personal.date_of_birth.year, "region": region},
        occurred_on=today,
        today=today,
    )

    with transaction.atomic():
        client = Client(organisation_id=organisation.id, created_by=created_by)
        data_key = crypto.new_data_key()
        client.data_key_wrapped = crypto.wrap_data_key(data_key, client_id=client.id)
        seal_personal(client, data_key, personal)
        for _attempt in range(5):
            client.code = _new_code()
            try:
                with transaction.atomic():
                    client.save(force_insert=True)
                break
            except IntegrityError:
                continue  # a code collision: one in hundreds of millions, try another
        else:
            raise RuntimeError("could not allocate a unique client code")

        eventstore.append(
            client=client,
            prepare=lambda _stream: NewEvent(type="client_registered", data=facts, occurred_on=today),
            recorded_by_id=created_by.pk if created_by is not None else None,
            expected_version=0,
            then=lambda _event, stream: projections.apply(client, events=stream),
        )
    return client


def client_erase(*, actor: access.Actor, client: Client) -> Client:
    """Crypto-shredding: destroy the data key and the ciphertexts; the anonymous event stream stays."""
    access.require_admin(actor, client.organisation_id)
    if client.erased:
        return client
    with transaction.atomic():
        _within_erasure_limit(actor)
        eventstore.lock_stream(client.id)
        Client.objects.filter(id=client.id).update(
            data_key_wrapped=None,
            full_name_enc=None,
            date_of_birth_enc=None,
            document_number_enc=None,
            phone_enc=None,
            name_index=None,
            document_index=None,
            name_word_indexes=[],
            erased_at=timezone.now(),
            erased_by=actor,
        )
        documents_erase(client=client)  # the case file: blobs and encrypted names go with the key
        client.refresh_from_db()
    return client


def _within_erasure_limit(actor: access.Actor) -> None:
    # The actor's membership row serialises their erasures, so two at once cannot both slip under the limit.
    Membership.objects.select_for_update().filter(user=actor).first()
    now = timezone.now()
    limit = max(1, settings.CASEWORK_ERASURES_PER_HOUR)
    recent: list[datetime] = [
        erased_at
        for erased_at in Client.objects.filter(erased_by=actor, erased_at__gt=now - ERASURE_WINDOW)
        .order_by("erased_at")
        .values_list("erased_at", flat=True)
        if erased_at is not None
    ]
    if len(recent) >= limit:
        # Room again once enough of the window's erasures have fallen out of it.
        frees_at = recent[len(recent) - limit] + ERASURE_WINDOW
        raise ErasuresTooMany(retry_after=max(1, int((frees_at - now).total_seconds()) + 1))
