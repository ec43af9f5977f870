"""The audit as an admin reads it: who saw which client's data, searched, exported or erased, and when."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from casework.models import Client, ExportGeneration, ReadAudit
from casework.services import access


def _own_organisation(actor) -> int:
    membership = access.membership_of(actor)
    access.require_admin(actor, membership.organisation_id)
    return membership.organisation_id


def audited_client_for(*, actor, code: str) -> Client | None:
    """The organisation's client with this case code; None for an unknown code or another organisation's."""
    organisation_id = _own_organisation(actor)
    return Client.objects.filter(organisation_id=organisation_id, code=code.strip().upper()).first()


def reads_for(*, actor, user_id: int | None = None, client: Client | None = None) -> QuerySet[ReadAudit]:
    """The organisation's recorded reads, newest first, optionally of one user and one client."""
    reads = ReadAudit.objects.filter(organisation_id=_own_organisation(actor))
    if user_id is not None:
        reads = reads.filter(user_id=user_id)
    if client is not None:
        reads = reads.filter(client_id=client.id)
    return reads.select_related("user", "client").order_by("-at", "-id")


def export_generations_for(*, actor, user_id: int | None = None) -> QuerySet[ExportGeneration]:
    """The organisation's export generations, newest first, and the network tables its own members
    generated (those belong to no organisation)."""
    organisation_id = _own_organisation(actor)
    generations = ExportGeneration.objects.filter(
        Q(organisation_id=organisation_id)
        | Q(organisation__isnull=True, user__membership__organisation_id=organisation_id)
    )
    if user_id is not None:
        generations = generations.filter(user_id=user_id)
    return generations.select_related("user").order_by("-generated_at", "-id")


def erasures_for(*, actor, user_id: int | None = None) -> QuerySet[Client]:
    """The organisation's erased clients, most recent erasure first (who erased which case code, when)."""
    erased = Client.objects.filter(organisation_id=_own_organisation(actor), erased_at__isnull=False)
    if user_id is not None:
        erased = erased.filter(erased_by_id=user_id)
    return erased.select_related("erased_by").order_by("-erased_at", "-code")
