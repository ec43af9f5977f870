"""Recording reads of personal data: who saw which client, or searched, when and through which channel.

Views call these in the request that shows the data, after the selectors have checked access and before the
response is built: the row is in the request's transaction, so a read that fails leaves no row and a read
that cannot be recorded does not happen. The rows hold no personal value; the text of a search is never kept.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.http import Http404
from django.utils import timezone

from casework import access
from casework.models import Client, Document, ReadAction, ReadAudit, ReadChannel

SINGLE_CLIENT_ACTIONS = frozenset(
    {
        ReadAction.CLIENT_VIEWED,
        ReadAction.EVENTS_VIEWED,
        ReadAction.STATUS_VIEWED,
        ReadAction.DOCUMENTS_LISTED,
        ReadAction.DOCUMENT_VIEWED,
        ReadAction.DOCUMENT_DOWNLOADED,
        ReadAction.DRAFT_GENERATED,
    }
)
# A document's content: the row names the document (a list of documents may, for one of them).
DOCUMENT_ACTIONS = frozenset({ReadAction.DOCUMENT_VIEWED, ReadAction.DOCUMENT_DOWNLOADED})


def read_record(
    *, actor: access.Actor, client: Client, action: str, channel: str, document: Document | None = None
) -> ReadAudit:
    """One client's personal data, events, status or documents were shown to the actor."""
    if action not in SINGLE_CLIENT_ACTIONS or channel not in ReadChannel.values:
        raise ValueError(f"not a read of one client: {action} / {channel}")
    if (action in DOCUMENT_ACTIONS and document is None) or (
        document is not None and document.client_id != client.id
    ):
        raise ValueError(f"{action} names the client's document it read")
    membership = access.membership_of(actor)
    if client.organisation_id != membership.organisation_id:
        raise Http404(access.NOT_FOUND)  # the selectors have refused this already; never record across
    return ReadAudit.objects.create(
        organisation_id=membership.organisation_id,
        user=actor,
        action=action,
        client=client,
        document=document,
        channel=channel,
        at=timezone.now(),
    )


def list_read_record(
    *, actor: access.Actor, shown: Sequence[Client], searched: bool, channel: str
) -> list[ReadAudit]:
    """A page of clients was shown. A plain list leaves one row with the number of clients on the page. A
    search leaves one row per client it showed (nobody found: one row without a client) — but not the text
    searched for."""
    if channel not in ReadChannel.values:
        raise ValueError(f"unknown channel {channel}")
    membership = access.membership_of(actor)
    if any(client.organisation_id != membership.organisation_id for client in shown):
        raise Http404(access.NOT_FOUND)
    now = timezone.now()

    def row(client: Client | None, action: str) -> ReadAudit:
        return ReadAudit(
            organisation_id=membership.organisation_id,
            user=actor,
            action=action,
            client=client,
            channel=channel,
            clients_shown=len(shown),
            at=now,
        )

    if not searched:
        rows = [row(None, ReadAction.CLIENTS_LISTED)]
    else:
        rows = [row(client, ReadAction.CLIENTS_SEARCHED) for client in shown] or [
            row(None, ReadAction.CLIENTS_SEARCHED)
        ]
    return ReadAudit.objects.bulk_create(rows)
