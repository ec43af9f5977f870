"""E-mails to an organisation's admins when its administrators change: an admin created, a member promoted
to admin, an admin demoted, deactivated or reactivated. One stolen admin session must not be able to make
itself a second admin, or lock the real ones out, without the others hearing of it.

The message says what happened, when, and links to the users page; it names nobody (no username, no
address), so a mailbox the state reads learns nothing about who works where. Sent after the commit, so a
refused or rolled-back change tells nobody anything."""

from __future__ import annotations

import logging
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from casework.access import Actor
from casework.emails import make_message
from casework.models import Language, Membership, Organisation, Role

logger = logging.getLogger(__name__)

ADMIN_CREATED = "admin_created"
ADMIN_PROMOTED = "admin_promoted"
ADMIN_DEMOTED = "admin_demoted"
ADMIN_DEACTIVATED = "admin_deactivated"
ADMIN_REACTIVATED = "admin_reactivated"
KINDS = (ADMIN_CREATED, ADMIN_PROMOTED, ADMIN_DEMOTED, ADMIN_DEACTIVATED, ADMIN_REACTIVATED)
# The account that lost the admin role or its access hears of it too: it may be the real admin.
TOLD_THE_AFFECTED = (ADMIN_DEMOTED, ADMIN_DEACTIVATED)


def admins_notify(*, organisation_id: int, kind: str, actor: Actor, affected_user_id: int) -> None:
    """Tell the organisation's other admins (and, for a demotion or deactivation, the affected account)."""
    assert kind in KINDS
    at = timezone.now()
    transaction.on_commit(
        lambda: _send(
            organisation_id=organisation_id, kind=kind, actor_id=actor.pk, affected=affected_user_id, at=at
        )
    )


def _recipients(organisation_id: int, kind: str, actor_id: int, affected: int):
    admins = Membership.objects.filter(organisation_id=organisation_id, role=Role.ADMIN, user__is_active=True)
    told = Membership.objects.filter(organisation_id=organisation_id, user_id=affected)
    # The affected account hears of a demotion or deactivation; of its own creation or promotion it knows.
    people = admins | told if kind in TOLD_THE_AFFECTED else admins.exclude(user_id=affected)
    return people.exclude(user_id=actor_id).exclude(user__email="").select_related("user").distinct()


def _send(*, organisation_id: int, kind: str, actor_id: int, affected: int, at) -> None:
    organisation = Organisation.objects.get(pk=organisation_id)
    local = at.astimezone(ZoneInfo(organisation.timezone))
    values = {
        "kind": kind,
        "when": local.strftime("%d.%m.%Y %H:%M"),
        "zone": organisation.timezone,
        "link": f"{settings.CASEWORK_BASE_URL}/admin/users/",
        "audit_link": f"{settings.CASEWORK_BASE_URL}/admin/audit/",
    }
    for membership in _recipients(organisation_id, kind, actor_id, affected):
        language = membership.language if membership.language in Language.values else Language.RUSSIAN
        message = make_message("admin-change", to=membership.user.email, language=language, context=values)
        try:
            message.send()
        except (
            OSError
        ) as error:  # smtplib's errors too: the change is made, a mail server down must not hide it
            logger.warning(
                "admin notice %s not sent to user %s: %s", kind, membership.user_id, type(error).__name__
            )
