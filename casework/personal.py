"""Personal data of a client: sealing into and opening from the encrypted columns of Client and Event."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from casework import crypto
from casework.models import Client, Event

PERSONAL_FIELDS = ("full_name", "date_of_birth", "document_number", "phone")


@dataclass(frozen=True)
class PersonalData:
    full_name: str
    date_of_birth: date
    document_number: str = ""
    phone: str = ""

    @classmethod
    def from_submitted(cls, data: Mapping[str, Any]) -> PersonalData:
        """From a validated form or serializer: surrounding spaces are typing noise, not data."""
        return cls(
            full_name=data["full_name"].strip(),
            date_of_birth=data["date_of_birth"],
            document_number=(data.get("document_number") or "").strip(),
            phone=(data.get("phone") or "").strip(),
        )


def data_key_of(client: Client) -> bytes | None:
    """The client's data key, or None once it has been destroyed by erasure."""
    if client.data_key_wrapped is None:
        return None
    return crypto.unwrap_data_key(client.data_key_wrapped, client_id=client.id)


def seal_personal(client: Client, data_key: bytes, personal: PersonalData) -> None:
    """Fill the encrypted columns and blind indexes of an unsaved or locked client."""
    values = {
        "full_name": personal.full_name,
        "date_of_birth": personal.date_of_birth.isoformat(),
        "document_number": personal.document_number,
        "phone": personal.phone,
    }
    for name, value in values.items():
        blob = crypto.encrypt_text(data_key, value, client_id=client.id, field=name) if value else None
        setattr(client, f"{name}_enc", blob)
    client.name_index, client.document_index = blind_indexes(
        client.organisation_id, full_name=personal.full_name, document_number=personal.document_number
    )
    client.name_word_indexes = name_word_indexes(client.organisation_id, personal.full_name)


def blind_indexes(organisation_id: int, *, full_name: str, document_number: str) -> tuple[str, str | None]:
    """(name index, document index or None) of a client of this organisation."""
    name = crypto.blind_index("name", crypto.normalise_name(full_name), organisation_id=organisation_id)
    document = crypto.normalise_document(document_number)
    if not document:
        return name, None
    return name, crypto.blind_index("document", document, organisation_id=organisation_id)


def name_word_indexes(organisation_id: int, full_name: str) -> list[str]:
    """One keyed hash per word of the name (crypto.name_words), for a search by any word in either script.
    Leaks, like every blind index, that two clients of one organisation share a word
    (docs/threat-model.md)."""
    return [
        crypto.blind_index("name_word", word, organisation_id=organisation_id)
        for word in crypto.name_words(full_name)
    ]


def open_personal(client: Client) -> PersonalData | None:
    data_key = data_key_of(client)
    if data_key is None:
        return None

    def field(name: str) -> str:
        blob = getattr(client, f"{name}_enc")
        return (
            crypto.decrypt_text(data_key, blob, client_id=client.id, field=name) if blob is not None else ""
        )

    return PersonalData(
        full_name=field("full_name"),
        date_of_birth=date.fromisoformat(field("date_of_birth")),
        document_number=field("document_number"),
        phone=field("phone"),
    )


def _event_field(event_id) -> str:
    return f"event:{event_id}"


def seal_event_secret(client: Client, data_key: bytes, event_id, secret: dict[str, Any]) -> bytes | None:
    if not secret:
        return None
    text = json.dumps(secret, ensure_ascii=False, sort_keys=True)
    return crypto.encrypt_text(data_key, text, client_id=client.id, field=_event_field(event_id))


def open_event_secret(client: Client, data_key: bytes | None, event: Event) -> dict[str, Any] | None:
    """The event's sensitive fields; None when the key was destroyed (the fields then read as null)."""
    if event.secret is None:
        return {}
    if data_key is None:
        return None
    text = crypto.decrypt_text(data_key, event.secret, client_id=client.id, field=_event_field(event.id))
    return json.loads(text)
