"""Liveness of what the product depends on: the database, Redis, and Celery beat's heartbeat."""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

BEAT_HEARTBEAT_KEY = "casework:beat-heartbeat"


def record_beat_heartbeat() -> None:
    cache.set(BEAT_HEARTBEAT_KEY, timezone.now().isoformat(), timeout=None)


def _db() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        return "ok"
    except Exception:  # noqa: BLE001 - any failure means "down" to a health check
        return "down"


def _redis_and_beat() -> tuple[str, str]:
    try:
        beat = cache.get(BEAT_HEARTBEAT_KEY)
    except Exception:  # noqa: BLE001 - any failure means "down" to a health check
        return "down", "unknown"
    if beat is None:
        return "ok", "unknown"
    age = timezone.now() - datetime.fromisoformat(beat)
    return "ok", "ok" if age <= settings.CASEWORK_BEAT_STALE_AFTER else "stale"


@never_cache
@require_GET
def healthz(request):
    db = _db()
    redis, beat = _redis_and_beat()
    healthy = db == "ok" and redis == "ok"
    return JsonResponse({"db": db, "redis": redis, "beat": beat}, status=200 if healthy else 503)
