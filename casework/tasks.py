"""Celery tasks: thin wrappers that take ids and call a service."""

from __future__ import annotations

from celery import shared_task

from casework.health import record_beat_heartbeat


@shared_task(name="casework.tasks.beat_heartbeat", ignore_result=True)
def beat_heartbeat() -> None:
    # Runs on beat's schedule: if this stops being written, /healthz says beat is stale.
    record_beat_heartbeat()


@shared_task(name="casework.tasks.refresh_stale_projections", ignore_result=True, acks_late=True)
def refresh_stale_projections() -> int:
    # Deadlines turn "missed" and detention days grow with the calendar, not only with new events.
    from casework import projections

    return projections.refresh_stale()
