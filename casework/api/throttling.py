"""Rate limits of the API, counted per user in the shared Redis cache (so every web process counts alike)."""

from __future__ import annotations

import logging

from django.conf import settings
from rest_framework import exceptions, status
from rest_framework.throttling import UserRateThrottle

logger = logging.getLogger(__name__)

UNAVAILABLE = "Exports are unavailable for a moment. Try again in a minute."


class ThrottleUnavailable(exceptions.APIException):
    status_code = status.HTTP_503_SERVICE_UNAVAILABLE
    default_detail = UNAVAILABLE
    default_code = "unavailable"


class ExportRateThrottle(UserRateThrottle):
    """Aggregate tables are safe one by one; a script asking for every table and period over and over is
    how differencing attacks start, and each table is real work for the database. One bucket per user for
    the list and the tables: settings.CASEWORK_EXPORT_THROTTLE_RATE (e.g. 60/hour)."""

    scope = "exports"

    def get_rate(self) -> str:
        return settings.CASEWORK_EXPORT_THROTTLE_RATE

    def allow_request(self, request, view) -> bool:
        try:
            return super().allow_request(request, view)
        except Exception as error:  # whatever the cache client raises when Redis is away
            # Without the counter there is no limit: refuse (503) rather than export unmetered.
            logger.warning("export throttle: cache unavailable (%s)", type(error).__name__)
            raise ThrottleUnavailable() from error
