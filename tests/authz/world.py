"""One seeded world for the authorisation tests: two organisations, a user per role, and an object of every
kind that a URL names (client, event, member, regional day off), built once per module and rolled back after.

Organisation A's personal data is marked ZZSENTINEL, organisation B's ZZFOREIGN, so that a response can be
searched for data its reader must not receive."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from casework.exports.definitions import TABLES
from casework.models import ApiToken, DeadlineChange, Role
from casework.personal import PersonalData, open_personal
from casework.services.calendar import regional_day_off_add
from casework.services.clients import client_register
from casework.services.documents import document_upload
from casework.services.events import event_record
from casework.services.organisations import organisation_create, token_create, user_create
from tests.conftest import assigner

PASSWORD = "correct horse battery staple"
ROLES = ("anonymous", "caseworker", "supervisor", "analyst", "admin")
OWN_MARK = "ZZSENTINEL"
FOREIGN_MARK = "ZZFOREIGN"
MATRIX_PDF = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n"


def documents_storage_in(root) -> dict[str, Any]:
    """settings.STORAGES with the case file's blobs under `root`."""
    documents = settings.STORAGES["documents"]
    return {
        **settings.STORAGES,
        "documents": {**documents, "OPTIONS": {**documents["OPTIONS"], "location": root}},
    }


@dataclass
class Objects:
    """The values a URL's parameters take for one organisation's objects, by parameter name."""

    params: dict[str, Any]
    client_code: str
    client_version: int
    full_name: str = ""
    caseworker: str = ""  # the username of the caseworker the client is assigned to


@dataclass
class World:
    users: dict[str, Any]  # organisation A's user per role, and B's "outsider" and "outsider_admin"
    tokens: dict[str, str]
    own: Objects  # organisation A's
    foreign: Objects  # organisation B's
    personal_of_a: list[str] = field(default_factory=list)
    personal_of_b: list[str] = field(default_factory=list)


def _user(organisation, username: str, role: str):
    return user_create(
        organisation=organisation,
        username=username,
        password=PASSWORD,
        role=role,
        email=f"{username}@example.org",
        language="en",
    )


def _client_with_history(actor, mark: str, admin):
    client = client_register(
        actor=actor,
        personal=PersonalData(
            full_name=f"{mark} Aziz Karimov",
            date_of_birth=date(1988, 4, 3),
            document_number=f"{mark}77",
            phone=f"+7 900 {mark}",
        ),
        citizenship="TJK",
        sex="M",
        region="RU-TA",
    )
    event_record(
        actor=assigner(client),
        client=client,
        type="caseworker_assigned",
        data={"user": actor.username},
        occurred_on=date(2025, 2, 1),
    )
    event_record(
        actor=actor,
        client=client,
        type="decision_issued",
        data={"decision_ref": "D1", "kind": "administrative_expulsion", "copy_received_on": "2025-02-27"},
        occurred_on=date(2025, 2, 27),
    )
    note = event_record(
        actor=actor,
        client=client,
        type="note_added",
        data={"text": f"{mark} note"},
        occurred_on=date(2025, 3, 1),
    ).event
    day_off = regional_day_off_add(actor=admin, region="RU-TA", day=date(2025, 3, 10))
    document = document_upload(
        actor=actor,
        client=client,
        file=[MATRIX_PDF.replace(b"%%EOF", f"({mark} page)".encode() + b"%%EOF")],
        kind="decision_copy",
        name=f"{mark} decision.pdf",
        description=f"{mark} stamped copy",
    )
    client.refresh_from_db()
    return client, note, day_off, document


def _reopened(client) -> DeadlineChange:
    """A deadline re-opened by a rules update, already missed: a row of the dashboard's review list."""
    return DeadlineChange.objects.create(
        organisation_id=client.organisation_id, client=client, key="appeal:D1", old_due_on=date(2025, 3, 10),
        new_due_on=date(2025, 3, 3), old_status="met", new_status="missed", rules_update=True,
        reason="deadline rules changed", changed_at=timezone.now(),
    )  # fmt: skip


def _objects(client, note, day_off, document, member) -> Objects:
    personal = open_personal(client)
    assert personal is not None
    return Objects(
        params={
            "client_id": client.id,
            "event_id": note.id,
            "user_id": member.pk,
            "day_off_id": day_off.pk,
            "change_id": _reopened(client).pk,
            "document_id": document.id,
            # Not an organisation's object: the same for everyone.
            "table": next(iter(TABLES)),
            "table_id": next(iter(TABLES)),
            "template": "koap_expulsion_complaint",
        },
        client_code=client.code,
        client_version=client.version,
        full_name=personal.full_name,
        caseworker=client.created_by.username,
    )


def build_world() -> World:
    org_a = organisation_create(name="Org A", timezone="Europe/Moscow")
    org_b = organisation_create(name="Org B", timezone="Asia/Vladivostok")
    users = {
        "caseworker": _user(org_a, "alice", Role.CASEWORKER),
        "supervisor": _user(org_a, "sam", Role.SUPERVISOR),
        "analyst": _user(org_a, "bob", Role.ANALYST),
        "admin": _user(org_a, "dora", Role.ADMIN),
        "outsider": _user(org_b, "charlie", Role.CASEWORKER),
        "outsider_admin": _user(org_b, "erin", Role.ADMIN),
    }
    member_a = _user(org_a, "zoe", Role.CASEWORKER)  # whose role an admin changes
    member_b = _user(org_b, "yuri", Role.CASEWORKER)
    own = _objects(*_client_with_history(users["caseworker"], OWN_MARK, users["admin"]), member_a)
    foreign = _objects(
        *_client_with_history(users["outsider"], FOREIGN_MARK, users["outsider_admin"]), member_b
    )
    tokens = {who: token_create(user=user) for who, user in users.items()}
    # The token a URL names: the caseworker's own (B's caseworker's for the foreign side).
    own.params["token_id"] = ApiToken.objects.get(user=users["caseworker"]).pk
    foreign.params["token_id"] = ApiToken.objects.get(user=users["outsider"]).pk
    return World(
        users=users,
        tokens=tokens,
        own=own,
        foreign=foreign,
        personal_of_a=[OWN_MARK],
        personal_of_b=[FOREIGN_MARK, foreign.client_code],
    )


def world_in_a_transaction(django_db_blocker) -> Iterator[World]:
    """Build the world inside a transaction that is never committed. Each test's own changes (a POST that
    erases the client, say) run in a savepoint inside it and are rolled back by pytest-django."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield build_world()
        transaction.set_rollback(True)
