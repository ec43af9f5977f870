"""E-mails to staff about their own account. They say what happened and when, never a name of a client, a
code or a secret: a mailbox may be read by someone else."""

from __future__ import annotations

import logging
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.auth.models import User
from django.utils import timezone

from casework.emails import make_message
from casework.models import Language

logger = logging.getLogger(__name__)


def recovery_codes_renewed_notify(*, user: User) -> None:
    """Tell the owner that new recovery codes were made: if not by them, someone holds their session."""
    if not user.email:
        return
    membership = getattr(user, "membership", None)
    language = membership.language if membership is not None else Language.RUSSIAN
    zone = membership.organisation.timezone if membership is not None else settings.TIME_ZONE
    at = timezone.localtime(timezone.now(), timezone=ZoneInfo(zone))
    context = {"at": at.strftime("%H:%M, %d.%m.%Y"), "zone": zone, "link": settings.CASEWORK_BASE_URL}
    try:
        make_message("recovery-codes", to=user.email, language=language, context=context).send()
    except Exception as error:  # noqa: BLE001 - the codes are made; a mail server down must not undo that
        logger.warning("recovery-codes notice for user %s not sent: %s", user.pk, type(error).__name__)
