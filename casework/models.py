"""Tables. Domain rows are written only by casework.services and read with an actor by casework.selectors."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q


class Role(models.TextChoices):
    CASEWORKER = "caseworker", "Caseworker"
    SUPERVISOR = "supervisor", "Supervisor"
    ANALYST = "analyst", "Analyst"
    ADMIN = "admin", "Administrator"


# Roles that work with individual clients; analysts see aggregates only.
CASE_ROLES = frozenset({Role.CASEWORKER, Role.SUPERVISOR, Role.ADMIN})


class Language(models.TextChoices):
    RUSSIAN = "ru", "Русский"
    ENGLISH = "en", "English"


class Organisation(models.Model):
    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=60, unique=True)
    timezone = models.CharField(max_length=64, default=settings.TIME_ZONE)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.slug


class Membership(models.Model):
    """A user's one organisation and role in it (a person working for two NGOs gets two accounts)."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="membership")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="memberships")
    role = models.CharField(max_length=20, choices=Role.choices)
    language = models.CharField(max_length=2, choices=Language.choices, default=Language.RUSSIAN)

    def __str__(self) -> str:
        return f"{self.user_id}@{self.organisation_id}:{self.role}"


class ApiToken(models.Model):
    """API tokens are stored as SHA-256 hashes: a copied database hands out no working token."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens")
    key_hash = models.CharField(max_length=64, unique=True)
    prefix = models.CharField(max_length=8)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.user_id})"


class Client(models.Model):
    """A person the NGO assists: the head of one event stream. Personal fields exist only as ciphertext."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="clients")
    code = models.CharField(max_length=16, unique=True)
    version = models.PositiveIntegerField(default=0)  # the stream's current version

    # The client's data key, wrapped by the master key; NULL once erased (crypto-shredding).
    data_key_wrapped = models.BinaryField(null=True)
    full_name_enc = models.BinaryField(null=True)
    date_of_birth_enc = models.BinaryField(null=True)
    document_number_enc = models.BinaryField(null=True)
    phone_enc = models.BinaryField(null=True)
    name_index = models.CharField(max_length=64, null=True)
    document_index = models.CharField(max_length=64, null=True)

    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    erased_at = models.DateTimeField(null=True)
    erased_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )

    class Meta:
        indexes = [
            models.Index(fields=["organisation", "name_index"], name="client_org_name_idx"),
            models.Index(fields=["organisation", "document_index"], name="client_org_document_idx"),
            models.Index(fields=["organisation", "created_at"], name="client_org_created_idx"),
        ]

    def __str__(self) -> str:
        return self.code

    @property
    def erased(self) -> bool:
        return self.erased_at is not None


class NextValue(models.Func):
    """nextval() of a sequence: the event position is handed out by PostgreSQL, never by Python."""

    function = "nextval"
    output_field = models.BigIntegerField()


EVENT_POSITION_SEQUENCE = "casework_event_position_seq"


class Event(models.Model):
    """One fact of a client's history. Append-only: a trigger refuses UPDATE and DELETE (migration 0002)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    position = models.BigIntegerField(
        unique=True, editable=False, db_default=NextValue(models.Value(EVENT_POSITION_SEQUENCE))
    )
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="events")
    version = models.PositiveIntegerField()
    type = models.CharField(max_length=40)
    schema_version = models.PositiveSmallIntegerField(default=1)
    data = models.JSONField(default=dict)
    # Free text that may identify a person, encrypted with the client's data key (JSON inside).
    secret = models.BinaryField(null=True)
    occurred_on = models.DateField()
    recorded_at = models.DateTimeField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    idempotency_key = models.CharField(max_length=200, null=True)
    request_fingerprint = models.CharField(max_length=64, null=True)
    corrects = models.ForeignKey("self", on_delete=models.PROTECT, null=True, related_name="corrections")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["client", "version"], name="event_stream_version_unique"),
            models.UniqueConstraint(
                fields=["client", "idempotency_key"],
                condition=Q(idempotency_key__isnull=False),
                name="event_stream_idempotency_unique",
            ),
            models.CheckConstraint(condition=Q(version__gte=1), name="event_version_positive"),
        ]
        indexes = [models.Index(fields=["organisation", "recorded_at"], name="event_org_recorded_idx")]

    def __str__(self) -> str:
        return f"{self.client_id}#{self.version} {self.type}"
