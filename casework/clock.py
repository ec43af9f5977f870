from __future__ import annotations

from datetime import date
from zoneinfo import ZoneInfo

from django.utils import timezone

from casework.models import Organisation


def organisation_today(organisation: Organisation) -> date:
    """Today's date where the organisation works: "no dates in the future" is judged there, not in UTC."""
    return timezone.now().astimezone(ZoneInfo(organisation.timezone)).date()
