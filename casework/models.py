"""Tables. Domain rows are written only by casework.services and read with an actor by casework.selectors."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


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


def default_reminder_steps() -> list[int]:
    return [5, 3, 1, 0]


class Organisation(models.Model):
    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=60, unique=True)
    timezone = models.CharField(max_length=64, default=settings.TIME_ZONE)
    # Reminder steps: working days before the due date, sent at `reminder_hour` in the organisation's zone.
    reminder_steps = models.JSONField(default=default_reminder_steps)
    reminder_hour = models.PositiveSmallIntegerField(default=9)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.slug


class Membership(models.Model):
    """A user's one organisation and role in it (a person working for two NGOs gets two accounts)."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="membership")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="memberships")
    role = models.CharField(max_length=20, choices=Role.choices)
    language = models.CharField(max_length=2, choices=Language.choices, default=Language.RUSSIAN)
    # One morning e-mail with the day's scheduled steps instead of one each (urgent ones still go alone).
    reminder_digest = models.BooleanField(default=False)

    def __str__(self) -> str:
        return f"{self.user_id}@{self.organisation_id}:{self.role}"


class TokenRevocation(models.TextChoices):
    PASSWORD_CHANGED = "password_changed", _("password changed")
    SECOND_FACTOR_CHANGED = "second_factor_changed", _("second factor changed")
    ROLE_CHANGED = "role_changed", _("role changed")
    DEACTIVATED = "deactivated", _("account deactivated")
    BY_USER = "revoked_by_user", _("revoked by its user")
    BY_ADMIN = "revoked_by_admin", _("revoked by an admin")


class ApiToken(models.Model):
    """API tokens are stored as SHA-256 hashes: a copied database hands out no working token.

    A token works until `expires_at`, while it is used at least every CASEWORK_TOKEN_IDLE_DAYS, and until it
    is revoked. Revoked and expired rows stay: they are the audit of who made a token, when and from where."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens")
    key_hash = models.CharField(max_length=64, unique=True)
    prefix = models.CharField(max_length=8)
    label = models.CharField(max_length=100, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_via = models.CharField(max_length=8, default="api")  # "api" (POST /api/auth/token/) or "command"
    created_from = models.CharField(
        max_length=50, blank=True
    )  # the caller's address (an IPv6 /64); "" for a command
    expires_at = models.DateTimeField(null=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_reason = models.CharField(max_length=30, choices=TokenRevocation.choices, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        indexes = [models.Index(fields=["user", "revoked_at"], name="apitoken_user_live_idx")]

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
    # One blind index per word of the name, in a Latin spelling both scripts reach
    # (personal.name_word_indexes): "Каримов" finds "Karimov Rustam". Empty once erased.
    name_word_indexes = ArrayField(models.CharField(max_length=64), default=list, blank=True)

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
            GinIndex(fields=["name_word_indexes"], name="client_name_words_gin"),
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


class RegionalDayOff(models.Model):
    """A non-working day declared by one region (Tatarstan, Bashkortostan, Chechnya…), added by an admin.

    Kept per organisation: one NGO's admin must not be able to move another NGO's deadlines."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="regional_days_off")
    region = models.CharField(max_length=10)  # ISO 3166-2:RU
    day = models.DateField()
    note = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organisation", "region", "day"], name="regional_day_off_unique")
        ]

    def __str__(self) -> str:
        return f"{self.region} {self.day}"


class DeadlineStatus(models.TextChoices):
    OPEN = "open", "open"
    MET = "met", "met"
    MISSED = "missed", "missed"
    CANCELLED = "cancelled", "cancelled"


class ClientStatus(models.Model):
    """Read model: the client's state derived as of `derived_as_of`, rewritten with every append."""

    client = models.OneToOneField(Client, on_delete=models.CASCADE, primary_key=True, related_name="status")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    version = models.PositiveIntegerField()
    derived_as_of = models.DateField()
    rules_version = models.CharField(max_length=40)
    calendar_version = models.CharField(max_length=40)

    listed = models.BooleanField(default=False)
    listed_since = models.DateField(null=True)
    register_ground = models.CharField(max_length=40, blank=True)
    posted_on = models.DateField(null=True)
    excluded_on = models.DateField(null=True)
    restriction_codes = models.JSONField(default=list)
    bank_account_frozen = models.BooleanField(default=False)
    detained = models.BooleanField(default=False)
    detained_since = models.DateField(null=True)
    closed = models.BooleanField(default=False)
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="assigned_statuses"
    )
    next_deadline_on = models.DateField(null=True)
    next_deadline_at = models.DateTimeField(null=True)
    open_deadlines = models.PositiveIntegerField(default=0)
    missed_deadlines = models.PositiveIntegerField(default=0)
    obligation_breaches = models.PositiveIntegerField(default=0)
    warning_codes = models.JSONField(default=list)

    # Non-identifying facts for aggregate exports.
    citizenship = models.CharField(max_length=3, blank=True)
    sex = models.CharField(max_length=1, blank=True)
    birth_year = models.PositiveSmallIntegerField(null=True)
    region = models.CharField(max_length=10, blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["organisation", "next_deadline_at"], name="status_org_next_deadline_idx"),
            models.Index(fields=["organisation", "listed", "listed_since"], name="status_org_listed_idx"),
            models.Index(fields=["organisation", "detained"], name="status_org_detained_idx"),
            models.Index(fields=["organisation", "assigned_to"], name="status_org_assigned_idx"),
        ]

    def __str__(self) -> str:
        return f"status of {self.client_id} v{self.version}"


class Deadline(models.Model):
    """Read model: one derived deadline of a client, with the rule and explanation it was derived with."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="deadlines")
    key = models.CharField(max_length=120)
    kind = models.CharField(max_length=30)
    rule = models.CharField(max_length=60)
    rule_version = models.PositiveIntegerField()
    decision_ref = models.CharField(max_length=60, blank=True)
    level = models.PositiveSmallIntegerField(default=1)
    due_on = models.DateField()
    due_at = models.DateTimeField()  # the earlier of 24:00 at the authority and 24:00 in Moscow
    local_cutoff = models.DateTimeField()
    authority_timezone = models.CharField(max_length=64)
    status = models.CharField(max_length=10, choices=DeadlineStatus.choices)
    estimated = models.BooleanField(default=False)
    confidence = models.CharField(max_length=20)
    legal_basis = models.CharField(max_length=300)
    action = models.CharField(max_length=300, blank=True)
    next_step = models.CharField(max_length=300, blank=True)
    trigger_event = models.UUIDField(null=True)
    trigger_on = models.DateField()
    explanation = models.JSONField(default=list)  # the counting steps: [{"key", "params", "text"}]
    derived_at = models.DateTimeField()
    # The reminder scan need not look at this deadline before this instant; NULL: at the next scan. Set by
    # the scan, reset to NULL by triggers whenever its schedule or recipients may change (migration 0011).
    reminder_check_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["client", "key"], name="deadline_client_key_unique")]
        indexes = [
            models.Index(fields=["organisation", "status", "due_at"], name="deadline_org_status_due_idx"),
            models.Index(fields=["status", "due_at"], name="deadline_status_due_idx"),
            # /api/deadlines/: the organisation's deadlines in its order, one page read off the index.
            models.Index(fields=["organisation", "due_at", "client", "key"], name="deadline_org_due_idx"),
            # The reminder scan: an organisation's deadlines whose bookmark is NULL or has come.
            models.Index(
                fields=["organisation", "reminder_check_at"],
                name="deadline_reminder_check_idx",
                condition=Q(status__in=["open", "missed"]),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.key} due {self.due_on} ({self.status})"


class CaseFact(models.Model):
    """Read model: one anonymous fact of a client's history for the aggregate statistics — a listing that
    began, a freeze, a placement, a decision and its appeal (casework.domain.history). Coarse codes only."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="facts")
    sequence = models.PositiveSmallIntegerField()  # the fact's place in the client's history
    kind = models.CharField(max_length=20)
    occurred_on = models.DateField()
    category = models.CharField(max_length=40, blank=True)
    outcome = models.CharField(max_length=40, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["client", "sequence"], name="case_fact_once")]
        indexes = [
            models.Index(fields=["organisation", "kind", "occurred_on"], name="fact_org_kind_on_idx"),
            models.Index(fields=["kind", "occurred_on"], name="fact_kind_on_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.occurred_on}"


# A deadline is re-opened when it was met or cancelled and is now open or missed again.
SETTLED_STATUSES = (DeadlineStatus.MET, DeadlineStatus.CANCELLED)
UNSETTLED_STATUSES = (DeadlineStatus.OPEN, DeadlineStatus.MISSED)


class DeadlineChange(models.Model):
    """The log that keeps a deadline from changing silently: old date → new date, old status → new status,
    and why. `rules_update` says the change came with a new version of the deadline rules (the rule book's
    version differs between the stored status and the new derivation), as a field, not as reason text.

    A re-opened deadline already missed waits in the dashboard's review list until a member of the
    organisation marks it reviewed (`reviewed_at`, `reviewed_by`)."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="deadline_changes")
    key = models.CharField(max_length=120)
    old_due_on = models.DateField(null=True)
    new_due_on = models.DateField(null=True)
    old_rule_version = models.PositiveIntegerField(null=True)
    new_rule_version = models.PositiveIntegerField(null=True)
    # NULL: not recorded (rows older than migration 0016), or no deadline (new_status of one that is gone).
    old_status = models.CharField(max_length=10, choices=DeadlineStatus.choices, null=True, blank=True)
    new_status = models.CharField(max_length=10, choices=DeadlineStatus.choices, null=True, blank=True)
    rules_update = models.BooleanField(default=False, db_default=False)
    # Written by an import (casework/services/imports.py): a deadline already missed when the import wrote it,
    # for the dashboard's review list instead of a "missed" escalation.
    imported = models.BooleanField(default=False, db_default=False)
    reason = models.CharField(max_length=300)
    changed_at = models.DateTimeField()
    reviewed_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        indexes = [
            models.Index(fields=["client", "changed_at"], name="deadline_change_client_idx"),
            # The client page, the dashboard's markers and review list, the reminder scan: rules updates only.
            models.Index(
                fields=["organisation", "client", "key"],
                name="deadline_change_rules_idx",
                condition=Q(rules_update=True),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.key}: {self.old_due_on} → {self.new_due_on} ({self.old_status} → {self.new_status})"

    @property
    def reopened(self) -> bool:
        return self.old_status in SETTLED_STATUSES and self.new_status in UNSETTLED_STATUSES

    @property
    def moved(self) -> bool:
        return (
            self.old_due_on is not None and self.new_due_on is not None and self.old_due_on != self.new_due_on
        )


class ReminderState(models.TextChoices):
    PENDING = "pending", "pending"
    SENDING = "sending", "sending"
    SENT = "sent", "sent"
    FAILED = "failed", "failed"
    CANCELLED = "cancelled", "cancelled"
    # A step already past when an import wrote its deadline: history, never sent (docs/import.md).
    SKIPPED = "skipped", "skipped"


class Reminder(models.Model):
    """The reminder ledger: one row per (deadline and its due date, step, recipient), sent at most once.

    Rows are inserted by beat when due (idempotently, by the unique constraint), claimed by a send task with a
    conditional UPDATE, and retried through the ledger with backoff, never with long Celery countdowns."""

    STEP_MISSED = "missed"
    # The one escalation of a deadline re-opened by a rules update and already missed (docs/reminders.md).
    STEP_REOPENED = "reopened"
    ESCALATION_STEPS = (STEP_MISSED, STEP_REOPENED)

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="reminders")
    deadline = models.ForeignKey("Deadline", on_delete=models.SET_NULL, null=True, related_name="reminders")
    deadline_key = models.CharField(max_length=120)
    due_on = models.DateField()  # the due date this reminder announces: a moved deadline gets new rows
    # Working days before the due date ("5", "0"), or "missed", or "reopened" (STEP_REOPENED).
    step = models.CharField(max_length=10)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reminders"
    )
    escalation = models.BooleanField(default=False)  # sent to a supervisor
    digest = models.BooleanField(default=False)  # goes out in the recipient's morning digest
    send_at = models.DateTimeField()
    state = models.CharField(max_length=10, choices=ReminderState.choices, default=ReminderState.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.CharField(max_length=200, blank=True)
    enqueued_at = models.DateTimeField(null=True)
    claimed_at = models.DateTimeField(null=True)
    sent_at = models.DateTimeField(null=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["client", "deadline_key", "due_on", "step", "recipient"], name="reminder_once"
            )
        ]
        indexes = [
            models.Index(fields=["state", "send_at"], name="reminder_due_idx"),
            # Beat's queue: pending rows not queued yet or not recently, without reading those just queued.
            models.Index(
                fields=["enqueued_at", "send_at"], name="reminder_queue_idx", condition=Q(state="pending")
            ),
            models.Index(fields=["organisation", "state"], name="reminder_org_state_idx"),
            models.Index(fields=["client", "deadline_key"], name="reminder_client_deadline_idx"),
        ]

    def __str__(self) -> str:
        return f"reminder {self.pk} {self.deadline_key} step {self.step} ({self.state})"


class ExportScope(models.TextChoices):
    ORGANISATION = "organisation", "organisation"
    NETWORK = "network", "network"  # pooled across organisations: the instance administrator only


class ExportGeneration(models.Model):
    """The audit of aggregate exports: who generated which table of which period, when and how.

    No count, cell or suppression detail is kept here: the record says that a table was produced, not what
    it showed."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, related_name="export_generations"
    )  # the organisation whose data was exported; NULL for a network table
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="export_generations"
    )  # NULL: an operator at the command line
    table = models.CharField(max_length=60)
    table_version = models.PositiveSmallIntegerField()
    period = models.CharField(max_length=10)
    scope = models.CharField(max_length=12, choices=ExportScope.choices)
    format = models.CharField(max_length=8)  # html, json or csv
    channel = models.CharField(max_length=8)  # web, api or command
    generated_at = models.DateTimeField()

    class Meta:
        indexes = [
            models.Index(fields=["organisation", "generated_at"], name="export_org_generated_idx"),
            models.Index(fields=["generated_at"], name="export_generated_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.table} v{self.table_version} {self.period} ({self.scope}) at {self.generated_at}"


class ReadAction(models.TextChoices):
    CLIENT_VIEWED = "client_viewed", "client viewed"  # the personal fields: name, birth date, document, phone
    EVENTS_VIEWED = "events_viewed", "events viewed"  # events with their decrypted free text
    STATUS_VIEWED = "status_viewed", "status viewed"  # the derived legal situation of one client
    CLIENTS_LISTED = "clients_listed", "clients listed"  # a page of the clients list, names included
    CLIENTS_SEARCHED = "clients_searched", "clients searched"  # a search by name or document number
    DOCUMENTS_LISTED = "documents_listed", "documents listed"  # a client's documents, names included
    DOCUMENT_VIEWED = "document_viewed", "document viewed"  # one document's content shown inline
    DOCUMENT_DOWNLOADED = "document_downloaded", "document downloaded"  # one document's content downloaded
    DRAFT_GENERATED = (
        "draft_generated",
        "draft generated",
    )  # a draft written from the personal data and case file


class ReadChannel(models.TextChoices):
    WEB = "web", "web"
    API = "api", "api"


class ReadAudit(models.Model):
    """The audit of reads: who saw which client's personal data, or searched for clients, when and how.

    Holds no personal value — never the text searched for. A search that found clients leaves one row per
    client shown, so that "who looked this person up" has an answer; one that found nobody leaves one row
    without a client. Aggregate exports are audited in ExportGeneration."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="read_audits")
    action = models.CharField(max_length=20, choices=ReadAction.choices)
    client = models.ForeignKey(Client, on_delete=models.PROTECT, null=True, related_name="+")
    channel = models.CharField(max_length=8, choices=ReadChannel.choices)
    clients_shown = models.PositiveIntegerField(null=True)  # lists and searches: clients in the response
    # The document whose name or content was read (document_viewed, document_downloaded).
    document = models.ForeignKey("Document", on_delete=models.PROTECT, null=True, related_name="+")
    at = models.DateTimeField()

    class Meta:
        indexes = [
            models.Index(fields=["organisation", "at"], name="read_audit_org_at_idx"),
            models.Index(fields=["organisation", "user", "at"], name="read_audit_org_user_at_idx"),
            models.Index(fields=["client", "at"], name="read_audit_client_at_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.action} by {self.user_id} at {self.at}"


class TotpFactor(models.Model):
    """A user's authenticator app (RFC 6238 TOTP). The secret is sealed under the master key, bound to the
    user: a copied database yields no working code generator. Unconfirmed until the first code is typed."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="totp_factor"
    )
    secret_wrapped = models.BinaryField()
    created_at = models.DateTimeField(auto_now_add=True)
    confirmed_at = models.DateTimeField(null=True)
    # The time step of the last code accepted: a code is good once, never again in that step or an older one.
    last_used_step = models.BigIntegerField(null=True)

    def __str__(self) -> str:
        return f"totp {self.pk} of {self.user_id}" + ("" if self.confirmed_at else " (unconfirmed)")


class RecoveryCode(models.Model):
    """A single-use code for a lost phone, stored as a hash only (the plaintext is shown once)."""

    factor = models.ForeignKey(TotpFactor, on_delete=models.CASCADE, related_name="recovery_codes")
    code_hash = models.CharField(max_length=64, unique=True)
    used_at = models.DateTimeField(null=True)

    def __str__(self) -> str:
        return f"recovery code {self.pk} of factor {self.factor_id}"


class SecondFactorReset(models.Model):
    """The audit of an admin removing a colleague's second factor (who, whose, when)."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reset_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )  # NULL: an operator at the command line
    reset_at = models.DateTimeField()

    class Meta:
        indexes = [models.Index(fields=["organisation", "reset_at"], name="factor_reset_org_idx")]

    def __str__(self) -> str:
        return f"factor of {self.user_id} reset by {self.reset_by_id} at {self.reset_at}"


class DocumentKind(models.TextChoices):
    DECISION_COPY = "decision_copy", _("copy of the decision")
    DELIVERY_PROOF = "delivery_proof", _("proof of delivery")
    APPEAL_COPY = "appeal_copy", _("copy of the appeal")
    COURT_DECISION = "court_decision", _("court decision")
    REGISTER_SCREENSHOT = "register_screenshot", _("screenshot of the register")
    IDENTITY_DOCUMENT = "identity_document", _("identity document")
    CORRESPONDENCE = "correspondence", _("correspondence")
    DRAFT = "draft", _("draft")
    OTHER = "other", _("other")


class Document(models.Model):
    """One version of a document of the client's case file. The content lives encrypted in the "documents"
    storage under `storage_key` (random, never derived from the name; casework/documents/streams.py); the
    name, description, SHA-256 and retraction reason are ciphertext under the client's data key. A new
    version is a new row that `replaces` the previous one; nothing is deleted except by erasure, which
    removes the blob and blanks the encrypted columns and keeps kind, size and dates for the statistics.

    The application's role may UPDATE only the retraction and erasure columns and never DELETE
    (migration 0017)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="documents")
    event = models.ForeignKey(Event, on_delete=models.PROTECT, null=True, related_name="documents")
    kind = models.CharField(max_length=30, choices=DocumentKind.choices)
    content_type = models.CharField(max_length=100)  # sniffed from the content, never taken from the name
    size = models.BigIntegerField()  # of the plaintext, in bytes
    storage_key = models.CharField(max_length=80, unique=True, null=True)  # NULL once erased
    name_enc = models.BinaryField(null=True)
    description_enc = models.BinaryField(null=True)
    sha256_enc = models.BinaryField(null=True)  # encrypted: a dump cannot confirm who holds a known file
    uploaded_at = models.DateTimeField()
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    replaces = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, related_name="replaced_by"
    )  # one newer version per version: the history is a chain
    retracted_at = models.DateTimeField(null=True)
    retracted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    retraction_reason_enc = models.BinaryField(null=True)
    pdf_has_javascript = models.BooleanField(default=False)
    pdf_encrypted = models.BooleanField(default=False)
    erased_at = models.DateTimeField(null=True)

    class Meta:
        indexes = [
            models.Index(fields=["organisation", "client", "uploaded_at"], name="document_org_client_idx"),
            models.Index(fields=["event"], name="document_event_idx"),
        ]

    def __str__(self) -> str:
        return f"document {self.id} ({self.kind})"

    @property
    def erased(self) -> bool:
        return self.erased_at is not None


class ImportState(models.TextChoices):
    PENDING = "pending", "pending"
    RUNNING = "running", "running"
    DONE = "done", "done"
    FAILED = "failed", "failed"


class ImportBatch(models.Model):
    """One confirmed import of a spreadsheet: who, when, which file (its SHA-256 only — neither its name nor
    its content is kept), and what came of it. The audit record of an import (docs/import.md)."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    # NULL: an operator's import_cases on the server, with no acting user.
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    file_sha256 = models.CharField(max_length=64)
    rows = models.PositiveIntegerField(default=0)
    clients_created = models.PositiveIntegerField(default=0)
    clients_matched = models.PositiveIntegerField(default=0)
    events = models.PositiveIntegerField(default=0)
    errors = models.PositiveIntegerField(default=0)
    state = models.CharField(max_length=10, choices=ImportState.choices, default=ImportState.PENDING)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True)

    class Meta:
        indexes = [models.Index(fields=["organisation", "created_at"], name="import_batch_org_created_idx")]

    def __str__(self) -> str:
        return f"import {self.pk} ({self.state})"


class ImportRowOutcome(models.TextChoices):
    CREATED = "created", "client created"
    MATCHED = "matched", "client matched"


class ImportRow(models.Model):
    """A row of a file written by an import, once: `row_key` is the SHA-256 of the file's hash and the row's
    number, unique per organisation, so re-running the file skips it. Written in the row's own transaction
    with the client and its events: a crash leaves rows either done (here) or not written at all."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    batch = models.ForeignKey(ImportBatch, on_delete=models.PROTECT, related_name="import_rows")
    row_number = models.PositiveIntegerField()
    row_key = models.CharField(max_length=64)
    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="+")
    outcome = models.CharField(max_length=10, choices=ImportRowOutcome.choices)
    events = models.PositiveIntegerField(default=0)  # events this row added (0: all were there already)
    # The events this row added: the catalogue has no field for "came from an import", so the link from an
    # event to its batch is kept here (and its idempotency key starts with "import:").
    event_ids = ArrayField(models.UUIDField(), default=list)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organisation", "row_key"], name="import_row_once"),
        ]
        indexes = [models.Index(fields=["batch", "row_number"], name="import_row_batch_idx")]

    def __str__(self) -> str:
        return f"import row {self.row_number} of batch {self.batch_id} ({self.outcome})"
