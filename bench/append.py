"""Benchmark 1, Append: events recorded through the service layer against raw psycopg INSERT; COMMIT.

Ours: `services.events.event_record` as a caseworker's request calls it — one transaction each, under the
application's database role and the organisation's row-level security, validation, the stream lock,
idempotency (half the requests carry an Idempotency-Key, as API clients do), the append, the read models
and the reminder ledger, then the on-commit reminder check. Raw: the same rows (same columns and sizes)
written by `INSERT INTO casework_event …; COMMIT`, one transaction each, over the same kind of connection.

Each run works in a fresh copy of the dataset (CREATE DATABASE … TEMPLATE), dropped afterwards, so the
datasets are never changed. Phases: 1 writer, then WRITERS concurrent writer processes on disjoint sets of
clients, for ours and for raw; each process gets ready first, then all start together.

`--profile FILE` writes a pyinstrument profile of the single-writer ours phase (text) to FILE.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import secrets
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import date, timedelta
from pathlib import Path

import psycopg
from psycopg.types.json import Jsonb

from bench.harness import PYTHON, ROOT, database_name, ratio_figure, report

WRITERS = 4
SINGLE_COUNT = int(os.environ.get("BENCH_APPEND_EVENTS", "600"))  # events of the single-writer phase
PER_WRITER = SINGLE_COUNT // 2  # events of each concurrent writer
VERSION_OFFSET = 1_000_000  # raw rows reuse ours' rows as new versions far above any real one
ADMIN_DSN = "host=127.0.0.1 user=postgres dbname=postgres"
EVENT_COLUMNS = (
    "id", "organisation_id", "client_id", "version", "type", "schema_version", "data", "secret",
    "occurred_on", "recorded_at", "recorded_by_id", "idempotency_key", "request_fingerprint", "corrects_id",
)  # fmt: skip
# What a caseworker records on an existing case, weighted roughly as in the synthetic histories.
MIX = (
    ("note_added", 40), ("register_check", 15), ("decision_issued", 10), ("appeal_filed", 10),
    ("caseworker_assigned", 10), ("register_inclusion", 5), ("obligation_breach", 5),
    ("bank_account_frozen", 5),
)  # fmt: skip


def dsn(database: str) -> str:
    return f"host=127.0.0.1 user=postgres dbname={database}"


def copy_database(source: str, target: str) -> None:
    with psycopg.connect(ADMIN_DSN, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{target}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{target}" TEMPLATE "{source}"')


def add_supervisors(database: str) -> None:
    """Reassignment is for supervisors and admins (API.md): one supervisor per organisation of the copy makes
    the mix's assignments (the synthetic organisations have a caseworker only)."""
    env = {**os.environ, "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{database}"}
    with psycopg.connect(dsn(database)) as connection:
        slugs = [row[0] for row in connection.execute("SELECT slug FROM casework_organisation ORDER BY id")]
    for slug in slugs:
        command = [PYTHON, "manage.py", "user_create", "--org", slug,
                   "--username", f"bench-supervisor-{slug}", "--password", secrets.token_urlsafe(16),
                   "--role", "supervisor"]  # fmt: skip
        subprocess.run(command, cwd=ROOT, env=env, check=True, capture_output=True)


def drop_database(name: str) -> None:
    with psycopg.connect(ADMIN_DSN, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


# --- A writer process -------------------------------------------------------------------------------


def _requests(rng: random.Random, clients: list, usernames: dict[int, str], count: int, tag: str) -> list:
    """`count` (client, type, data, occurred_on, idempotency key) on random clients of this writer."""
    today = date.today()
    decisions: dict = {}
    issued: dict = {}  # decisions per client: refs are short codes (BN1, BN2…), as the payload rules require
    requests = []
    for number in range(count):
        client = rng.choice(clients)
        occurred_on = today - timedelta(days=rng.randrange(1, 20))
        type = rng.choices([name for name, _ in MIX], weights=[weight for _, weight in MIX])[0]
        if type == "appeal_filed" and client.id not in decisions:
            type = "decision_issued"
        match type:
            case "note_added":
                data = {"text": f"Synthetic note {tag}-{number}: called the client, documents to follow."}
            case "register_check":
                data = {"listed": rng.random() < 0.7}
            case "decision_issued":
                issued[client.id] = issued.get(client.id, 0) + 1
                decisions[client.id] = f"BN{issued[client.id]}"
                data = {"decision_ref": decisions[client.id], "kind": "administrative_expulsion",
                        "copy_received_on": occurred_on.isoformat()}  # fmt: skip
            case "appeal_filed":
                data = {"decision_ref": decisions[client.id], "forum": "court"}
            case "caseworker_assigned":
                data = {"user": usernames[client.organisation_id]}
            case "register_inclusion":
                data = {"ground": "stay_expired"}
            case "obligation_breach":
                data = {"kind": "failed_to_appear"}
            case _:
                data = {}
        key = f"bench-{tag}-{number}" if number % 2 == 0 else None
        requests.append((client, type, data, occurred_on, key))
    return requests


def _wait_for_start() -> None:
    print("ready", flush=True)
    sys.stdin.readline()


def writer_ours(part: int, parts: int, count: int, profile: str | None) -> dict:
    from bench.harness import setup_django

    setup_django()
    from django.contrib.auth import get_user_model
    from django.db import connection, transaction

    from casework import tenancy
    from casework.models import Client, Membership, Role
    from casework.services.events import event_record

    with tenancy.system_scope():
        clients = list(Client.objects.select_related("organisation").order_by("id"))[part::parts]
        memberships = list(Membership.objects.select_related("user").order_by("id"))
    caseworkers = [m for m in memberships if m.role == Role.CASEWORKER]
    usernames = {m.organisation_id: m.user.username for m in caseworkers}
    actors = {
        m.organisation_id: get_user_model()
        .objects.select_related("membership__organisation")
        .get(pk=m.user_id)
        for m in caseworkers
    }
    # Reassignment is for supervisors and admins (API.md): those requests are made by one.
    assigners = {
        m.organisation_id: get_user_model()
        .objects.select_related("membership__organisation")
        .get(pk=m.user_id)
        for m in memberships
        if m.role in (Role.SUPERVISOR, Role.ADMIN)
    }
    requests = _requests(random.Random(f"append:{part}:{parts}"), clients, usernames, count, f"{parts}{part}")
    connection.ensure_connection()
    profiler = None
    if profile:
        from pyinstrument import Profiler

        profiler = Profiler(interval=0.0005)
    _wait_for_start()
    if profiler is not None:
        profiler.start()
    ids, refused = [], 0
    started = time.perf_counter()
    for client, type, data, occurred_on, key in requests:
        actor = actors[client.organisation_id]
        if type == "caseworker_assigned":
            actor = assigners.get(client.organisation_id, actor)
        try:
            with transaction.atomic():  # the request's transaction, as the tenancy middleware opens it
                tenancy.assume_role(local=True)
                tenancy.enter_organisation(client.organisation_id)
                result = event_record(actor=actor, client=client, type=type, data=data,
                                      occurred_on=occurred_on, idempotency_key=key)  # fmt: skip
                tenancy.leave()
            ids.append(str(result.event.id))
        except Exception:  # noqa: BLE001 - a refusal is counted, not fatal
            refused += 1
    seconds = time.perf_counter() - started
    if profiler is not None:
        profiler.stop()
        Path(profile).write_text(profiler.output_text(unicode=True, show_all=False))
    return {"seconds": seconds, "events": len(ids), "refused": refused, "ids": ids}


def writer_raw(database: str, ids_file: str, part: int, parts: int) -> dict:
    ids = json.loads(Path(ids_file).read_text())[part::parts]
    with psycopg.connect(dsn(database)) as connection:
        rows = connection.execute(
            f"SELECT {', '.join(EVENT_COLUMNS)} FROM casework_event WHERE id = ANY(%s)", [ids]
        ).fetchall()
    version, key = EVENT_COLUMNS.index("version"), EVENT_COLUMNS.index("idempotency_key")
    copies = []
    for row in rows:
        values = list(row)
        values[0] = uuid.uuid4()
        values[version] += VERSION_OFFSET
        if values[key] is not None:
            values[key] = values[key].replace("bench-", "raw-b-")  # same length, a key of its own
        values[EVENT_COLUMNS.index("data")] = Jsonb(values[EVENT_COLUMNS.index("data")])
        copies.append(values)
    statement = (
        f"INSERT INTO casework_event ({', '.join(EVENT_COLUMNS)}) "
        f"VALUES ({', '.join(['%s'] * len(EVENT_COLUMNS))})"
    )
    with psycopg.connect(dsn(database)) as connection:
        connection.execute("SELECT 1")
        connection.commit()
        _wait_for_start()
        started = time.perf_counter()
        for values in copies:
            connection.execute(statement, values)
            connection.commit()
        seconds = time.perf_counter() - started
    return {"seconds": seconds, "events": len(copies), "refused": 0, "ids": []}


# --- The run ----------------------------------------------------------------------------------------


def phase(database: str, mode: str, parts: int, count: int, ids_file: str = "", profile: str = "") -> dict:
    """Start `parts` writers, let them get ready, start them together; aggregate events/s."""
    env = {**os.environ, "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{database}"}
    processes = []
    for part in range(parts):
        command = [PYTHON, "-m", "bench.append", "--writer", mode, "--database", database,
                   "--part", str(part), "--parts", str(parts), "--count", str(count),
                   "--ids-file", ids_file]  # fmt: skip
        if profile and part == 0:
            command += ["--profile", profile]
        processes.append(
            subprocess.Popen(
                command, cwd=ROOT, env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
            )
        )
    for process in processes:
        assert process.stdout is not None and process.stdout.readline().strip() == "ready"
    started = time.perf_counter()
    for process in processes:
        assert process.stdin is not None
        process.stdin.write("go\n")
        process.stdin.flush()
    results = []
    for process in processes:
        output, _ = process.communicate()
        if process.returncode != 0:
            raise RuntimeError(f"{mode} writer failed")
        results.append(json.loads(output.strip().splitlines()[-1]))
    wall = time.perf_counter() - started
    events = sum(result["events"] for result in results)
    return {
        "events": events,
        "refused": sum(result["refused"] for result in results),
        "wall_s": round(wall, 3),
        "events_per_s": events / max(result["seconds"] for result in results),
        "peak_rss_mb": max(result["peak_rss_mb"] for result in results),
        "ids": [event_id for result in results for event_id in result["ids"]],
    }


def statements_per_append(database: str) -> int:
    """The SQL statements of one event_record (a note on an existing client), counted in a writer."""
    env = {**os.environ, "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{database}"}
    output = subprocess.run(
        [PYTHON, "-m", "bench.append", "--count-statements", "--database", database],
        cwd=ROOT, env=env, capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    return int(output.strip().splitlines()[-1])


def count_statements() -> int:
    from bench.harness import setup_django

    setup_django()
    from django.contrib.auth import get_user_model
    from django.db import connection, transaction
    from django.test.utils import CaptureQueriesContext

    from casework import tenancy
    from casework.models import Client, Membership, Role
    from casework.services.events import event_record

    with tenancy.system_scope():
        client = Client.objects.select_related("organisation").order_by("id").first()
        membership = Membership.objects.get(organisation_id=client.organisation_id, role=Role.CASEWORKER)
    actor = get_user_model().objects.select_related("membership__organisation").get(pk=membership.user_id)
    with CaptureQueriesContext(connection) as queries, transaction.atomic():
        tenancy.assume_role(local=True)
        tenancy.enter_organisation(client.organisation_id)
        event_record(actor=actor, client=client, type="note_added", data={"text": "Synthetic note"},
                     occurred_on=date.today() - timedelta(days=1))  # fmt: skip
        tenancy.leave()
    return len(queries)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--size", type=int, default=1000)
    parser.add_argument("--small", type=int)
    parser.add_argument("--large", type=int)
    parser.add_argument("--writer", choices=("ours", "raw"))
    parser.add_argument("--count-statements", action="store_true")
    parser.add_argument("--database", default="")
    parser.add_argument("--part", type=int, default=0)
    parser.add_argument("--parts", type=int, default=1)
    parser.add_argument("--count", type=int, default=SINGLE_COUNT)
    parser.add_argument("--ids-file", default="")
    parser.add_argument("--profile", default="")
    arguments = parser.parse_args()
    if arguments.count_statements:
        print(count_statements())
        return
    if arguments.writer:
        if arguments.writer == "ours":
            result = writer_ours(arguments.part, arguments.parts, arguments.count, arguments.profile or None)
        else:
            result = writer_raw(arguments.database, arguments.ids_file, arguments.part, arguments.parts)
        from bench.harness import peak_rss_mb

        print(json.dumps({**result, "peak_rss_mb": peak_rss_mb()}))
        return

    source = database_name(arguments.size)
    work = f"{source}_append"
    copy_database(source, work)
    try:
        add_supervisors(work)
        with psycopg.connect(dsn(work)) as connection:
            commit = connection.execute("SHOW synchronous_commit").fetchone()[0]
        ours_1 = phase(work, "ours", 1, SINGLE_COUNT, profile=arguments.profile)
        ours_n = phase(work, "ours", WRITERS, PER_WRITER)
        with tempfile.TemporaryDirectory() as folder:
            single_ids, parallel_ids = Path(folder, "single.json"), Path(folder, "parallel.json")
            single_ids.write_text(json.dumps(ours_1["ids"]))
            parallel_ids.write_text(json.dumps(ours_n["ids"]))
            raw_1 = phase(work, "raw", 1, 0, ids_file=str(single_ids))
            raw_n = phase(work, "raw", WRITERS, 0, ids_file=str(parallel_ids))
        statements = statements_per_append(work)
    finally:
        drop_database(work)
    figures = [
        ratio_figure("append, 1 writer", ours_1["events_per_s"], raw_1["events_per_s"], unit="events/s",
                     baseline_name="raw psycopg INSERT; COMMIT", at_least=0.5, events=ours_1["events"],
                     refused=ours_1["refused"], statements_per_append=statements),
        ratio_figure(f"append, {WRITERS} writers", ours_n["events_per_s"], raw_n["events_per_s"],
                     unit="events/s", baseline_name=f"raw psycopg INSERT; COMMIT, {WRITERS} writers",
                     at_least=0.5, events=ours_n["events"], refused=ours_n["refused"]),
        ratio_figure(f"append scaling, {WRITERS} writers vs 1 (ours)", ours_n["events_per_s"],
                     ours_1["events_per_s"], unit="events/s", baseline_name="ours, 1 writer",
                     raw_scaling=round(raw_n["events_per_s"] / raw_1["events_per_s"], 3)),
    ]  # fmt: skip
    report(
        "append",
        figures,
        synchronous_commit=commit,
        durable=commit != "off",
        clients=arguments.size,
        cpus=os.cpu_count(),
        writer_peak_rss_mb=max(ours_1["peak_rss_mb"], ours_n["peak_rss_mb"]),
        note="fresh copy of the dataset per run; ours includes RLS role/organisation setup, "
        "validation, stream lock, idempotency check, append, read models, reminders and the on-commit check",
    )


if __name__ == "__main__":
    main()
