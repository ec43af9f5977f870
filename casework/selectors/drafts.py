"""The drafts a client's case offers now: each template that fits one of its current deadlines, with the
required free fields the case cannot fill (what the lawyer must still write). Derived from the plain stream:
nothing personal is opened, nothing is recorded."""

from __future__ import annotations

from dataclasses import dataclass

from casework import access
from casework.domain import Deadline
from casework.drafts.templates import DraftTemplate, fitting
from casework.models import Client
from casework.selectors.status import client_status_for


@dataclass(frozen=True)
class DraftOffer:
    template: DraftTemplate
    deadline: Deadline
    missing: tuple[str, ...]  # the required free fields, by name


def drafts_for(*, actor: access.Actor, client: Client) -> list[DraftOffer]:
    access.require_case_access(actor, client.organisation_id)
    state = client_status_for(actor=actor, client=client)
    return [
        DraftOffer(template=template, deadline=deadline, missing=template.required_fields)
        for deadline in state.deadlines
        for template in fitting(deadline)
    ]
