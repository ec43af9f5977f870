from __future__ import annotations

from django.db.models import QuerySet

from casework import access
from casework.models import ExportGeneration, Role

EXPORT_LOG_SHOWN = 50


def export_log_for(*, actor: access.Actor) -> QuerySet[ExportGeneration] | None:
    """The organisation's latest export generations, for its admins; None for anyone else (analysts see
    the tables, not who else generated them)."""
    membership = access.membership_of(actor)
    if membership.role != Role.ADMIN:
        return None
    return (
        ExportGeneration.objects.filter(organisation_id=membership.organisation_id)
        .select_related("user")
        .order_by("-generated_at", "-id")[:EXPORT_LOG_SHOWN]
    )
