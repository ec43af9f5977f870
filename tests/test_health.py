from __future__ import annotations

from datetime import timedelta

import time_machine
from django.core.cache import cache

from casework.health import BEAT_HEARTBEAT_KEY, record_beat_heartbeat
from casework.tasks import beat_heartbeat


def test_it_reports_db_redis_and_an_unknown_beat(client, db):
    cache.delete(BEAT_HEARTBEAT_KEY)
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"db": "ok", "redis": "ok", "beat": "unknown"}


def test_it_reports_a_stale_beat(client, db):
    with time_machine.travel("2026-01-01 10:00:00Z", tick=False):
        beat_heartbeat()
        assert client.get("/healthz").json()["beat"] == "ok"
    with time_machine.travel("2026-01-01 10:00:00Z", tick=False) as traveller:
        traveller.shift(timedelta(minutes=6))
        assert client.get("/healthz").json()["beat"] == "stale"
    record_beat_heartbeat()
    assert client.get("/healthz").json()["beat"] == "ok"
