"""Benchmark 2, Replay: `rebuild_projections` events/s against the `eventsourcing` library on the same events.

Ours: casework.projections.rebuild over the first CLIENTS streams (by id) of a copy of the large dataset:
batches of streams locked, their events and read models read with one query per table, derive() in
process, only differences written. The copy is made with CREATE DATABASE … TEMPLATE and dropped after.

Theirs: the same streams' events written (untimed) into the library's PostgreSQL recorder in a database
of its own on the same server, one aggregate per client; then timed: every aggregate read back and
reconstructed (`repository.get`). Both replay the same number of events.

Also the command an operator runs, `rebuild_projections --processes N` (one process per core), on the same
streams; then `rebuild_projections --verify --processes N` over the whole copy: its time, and that it passes.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import time
from datetime import date
from typing import Any
from uuid import UUID

import psycopg

from bench.harness import PYTHON, ROOT, database_name, ratio_figure, report, setup_django

CLIENTS = int(os.environ.get("BENCH_REPLAY_CLIENTS", "20000"))  # ~215k events: a full 1M replay of both
VERIFY_ALL = os.environ.get("BENCH_REPLAY_VERIFY_ALL", "1") == "1"  # would not fit in a 30-minute run
ADMIN_DSN = "host=127.0.0.1 user=postgres dbname=postgres"
SAVE_BATCH = 500  # aggregates per library transaction while loading (untimed)
PROCESSES = os.cpu_count() or 1  # rebuild_projections --processes: one per core


def _admin(statement: str) -> None:
    with psycopg.connect(ADMIN_DSN, autocommit=True) as connection:
        connection.execute(statement)


def _copy(source: str, target: str) -> None:
    _admin(f'DROP DATABASE IF EXISTS "{target}" WITH (FORCE)')
    _admin(f'CREATE DATABASE "{target}" TEMPLATE "{source}"')


def _drop(name: str) -> None:
    _admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _library_app(database: str):
    from eventsourcing.application import Application

    class Cases(Application):
        env = {
            "PERSISTENCE_MODULE": "eventsourcing.postgres",
            "POSTGRES_DBNAME": database,
            "POSTGRES_HOST": "127.0.0.1",
            "POSTGRES_PORT": "5432",
            "POSTGRES_USER": "postgres",
            "POSTGRES_PASSWORD": "",
            "CREATE_TABLE": "y",
        }

    return Cases()


def _aggregate_class():
    from eventsourcing.domain import Aggregate, event

    class CaseStream(Aggregate):
        """A client's stream as the library sees it: each event applied to the aggregate's state."""

        @event("Registered")
        def __init__(self, data: dict, occurred_on: str) -> None:
            self.facts: dict[str, Any] = dict(data)
            self.events = 1
            self.types: dict[str, int] = {"client_registered": 1}
            self.last_on = occurred_on

        @event("Recorded")
        def record(self, type: str, data: dict, occurred_on: str) -> None:
            self.events += 1
            self.types[type] = self.types.get(type, 0) + 1
            self.facts.update(data)
            self.last_on = max(self.last_on, occurred_on)

    return CaseStream


def _streams(client_ids: list[UUID]) -> dict[UUID, list[tuple[str, dict, date]]]:
    from casework.models import Event

    streams: dict[UUID, list[tuple[str, dict, date]]] = {client_id: [] for client_id in client_ids}
    rows = (
        Event.objects.filter(client_id__in=client_ids)
        .order_by("client_id", "version")
        .values_list("client_id", "type", "data", "occurred_on")
    )
    for client_id, type, data, occurred_on in rows.iterator(chunk_size=5000):
        streams[client_id].append((type, data, occurred_on))
    return streams


def library_replay(database: str, client_ids: list[UUID]) -> dict[str, float]:
    """Load the streams into the library (untimed), then time reading back and reconstructing them."""
    _drop(database)
    _admin(f'CREATE DATABASE "{database}"')
    application = _library_app(database)
    case_stream = _aggregate_class()
    ids, events = [], 0
    started = time.perf_counter()
    for offset in range(0, len(client_ids), SAVE_BATCH):
        streams = _streams(client_ids[offset : offset + SAVE_BATCH])
        aggregates = []
        for stream in streams.values():
            (_, first_data, first_on), *rest = stream
            aggregate = case_stream(data=first_data, occurred_on=first_on.isoformat())
            for type, data, occurred_on in rest:
                aggregate.record(type=type, data=data, occurred_on=occurred_on.isoformat())
            aggregates.append(aggregate)
            events += len(stream)
        application.save(*aggregates)
        ids.extend(aggregate.id for aggregate in aggregates)
    loaded_in = time.perf_counter() - started
    started = time.perf_counter()
    replayed = sum(application.repository.get(aggregate_id).events for aggregate_id in ids)
    seconds = time.perf_counter() - started
    application.close()
    assert replayed == events, (replayed, events)
    return {"events": events, "seconds": seconds, "loaded_in_s": round(loaded_in, 1)}


def ours_replay(limit: int) -> dict[str, float]:
    from django.db import connection

    from casework import projections
    from casework.models import Event

    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_stat_get_db_tuples_updated(oid) + pg_stat_get_db_tuples_inserted(oid)"
                       " FROM pg_database WHERE datname = current_database()")  # fmt: skip
        before = cursor.fetchone()[0]
    started = time.perf_counter()
    projections.rebuild(limit=limit)
    seconds = time.perf_counter() - started
    ids = _first_client_ids(limit)
    events = Event.objects.filter(client_id__in=ids).count()
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_stat_get_db_tuples_updated(oid) + pg_stat_get_db_tuples_inserted(oid)"
                       " FROM pg_database WHERE datname = current_database()")  # fmt: skip
        written = cursor.fetchone()[0] - before
    return {"events": events, "seconds": seconds, "rows_written_approx": written}


def ours_in_processes(limit: int, processes: int) -> float:
    """Seconds of `rebuild_projections --limit L --processes N` (the command an operator runs), whole."""
    command = [
        PYTHON,
        "manage.py",
        "rebuild_projections",
        "--limit",
        str(limit),
        "--processes",
        str(processes),
    ]
    started = time.perf_counter()
    subprocess.run(command, cwd=ROOT, env=os.environ, check=True, capture_output=True)
    return time.perf_counter() - started


def _first_client_ids(limit: int) -> list[UUID]:
    from casework.models import Client

    return list(Client.objects.order_by("id").values_list("id", flat=True)[:limit])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--small", type=int)
    parser.add_argument("--large", type=int)
    arguments = parser.parse_args()
    source = database_name(arguments.size)
    work, library = f"{source}_replay", f"{source}_replay_es"
    _copy(source, work)
    os.environ["DATABASE_URL"] = f"postgres://postgres@127.0.0.1:5432/{work}"
    setup_django()
    from django.db import connection

    from casework import tenancy

    try:
        with tenancy.system_scope():  # an operator's command: every organisation
            with connection.cursor() as cursor:
                cursor.execute("SHOW synchronous_commit")
                commit = cursor.fetchone()[0]
            limit = min(CLIENTS, arguments.size)
            ours = ours_replay(limit)
            parallel_s = ours_in_processes(limit, PROCESSES)
            theirs = library_replay(library, _first_client_ids(limit))
            verify: dict[str, Any] = {}
            if VERIFY_ALL:
                # As an operator checks after an upgrade: the command, one process per core.
                command = [
                    PYTHON,
                    "manage.py",
                    "rebuild_projections",
                    "--verify",
                    "--processes",
                    str(PROCESSES),
                ]
                started = time.perf_counter()
                checked = subprocess.run(command, cwd=ROOT, env=os.environ, capture_output=True, text=True)
                verify = {
                    "verify_all_s": round(time.perf_counter() - started, 1),
                    "verify_passes": checked.returncode == 0,
                    "verify_processes": PROCESSES,
                    "verify_output": checked.stdout[-500:],  # client ids and field names only
                }
    finally:
        connection.close()
        _drop(work)
        _drop(library)
    figures = [
        ratio_figure(
            "replay (rebuild_projections)", ours["events"] / ours["seconds"],
            theirs["events"] / theirs["seconds"],
            unit="events/s", baseline_name="eventsourcing 9 (PostgreSQL) repository.get per aggregate",
            at_least=1.0, events=ours["events"], clients=limit, seconds=round(ours["seconds"], 2),
            baseline_seconds=round(theirs["seconds"], 2), baseline_loaded_in_s=theirs["loaded_in_s"],
            rows_written_approx=ours["rows_written_approx"],
        ),
        ratio_figure(
            f"replay (rebuild_projections --processes {PROCESSES})", ours["events"] / parallel_s,
            theirs["events"] / theirs["seconds"],
            unit="events/s", baseline_name="eventsourcing 9 (PostgreSQL) repository.get per aggregate",
            at_least=1.0, events=ours["events"], clients=limit, seconds=round(parallel_s, 2),
            note="the whole command, process start-up included; the library replays in one process",
        ),
    ]  # fmt: skip
    report("replay", figures, synchronous_commit=commit, durable=commit != "off", subset_clients=limit,
           dataset_clients=arguments.size, **verify,
           note=f"both replay the same first {limit} streams by id (a full 1M-event replay of both does not "
           "fit a 30-minute make bench); verify covers every client")  # fmt: skip


if __name__ == "__main__":
    main()
