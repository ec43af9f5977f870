"""Celery tasks: thin wrappers that take ids and call a service."""

from __future__ import annotations

from celery import shared_task
from celery.signals import task_postrun, task_prerun

from casework.health import record_beat_heartbeat


@shared_task(name="casework.tasks.beat_heartbeat", ignore_result=True)
def beat_heartbeat() -> None:
    # Runs on beat's schedule: if this stops being written, /healthz says beat is stale.
    record_beat_heartbeat()


@shared_task(name="casework.tasks.refresh_stale_projections", ignore_result=True, acks_late=True)
def refresh_stale_projections() -> int:
    # Deadlines turn "missed" and detention days grow with the calendar, not only with new events.
    from casework import projections, tenancy

    with tenancy.system_scope():  # every organisation's stale read models
        return projections.refresh_stale()


@task_prerun.connect
def _take_the_application_role(**_kwargs) -> None:
    # Each task runs under row-level security (casework.tenancy): as CASEWORK_DB_ROLE where the worker
    # connects as the owner, in no organisation until the task enters one.
    from casework import tenancy

    tenancy.assume_role(local=False)


@task_postrun.connect
def _give_the_role_back(**_kwargs) -> None:
    from casework import tenancy

    tenancy.reset_role()
