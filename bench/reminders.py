"""Benchmark 4 and 6 (worker side): beat's reminder scan at SMALL and LARGE clients, and a worker's memory.

The scan is the body of `casework.reminders.tasks.enqueue_due`, called in this process. Both sizes get the
same work: DUE clients of the first organisation are given to a benchmark caseworker with an e-mail address
and one open deadline each, two days ahead, so that exactly DUE reminders fall due (synthetic caseworkers
have no e-mail and the organisations no supervisors: nobody else is told anything). Before that, one committed
untimed scan leaves every deadline with the bookmark beat's earlier runs would have left. The rest happens in
a transaction that is rolled back; each measured scan runs in a savepoint of its own, so each one finds the
same DUE rows to insert and queue. A second figure is the scan that follows, with nothing new due.

Then a real Celery worker (solo pool, the benchmark's Redis database) sends DUE committed ledger rows to an
SMTP sink on the loopback interface, and its peak RSS is reported; those rows, and the user they were for,
are deleted afterwards.
"""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from datetime import timedelta

from bench import harness, two_sizes

DUE = 50
REPEAT = 7
WORKER_TIMEOUT_S = 180
BENCH_USER = "bench-reminders"
BENCH_EMAIL = "bench-reminders@bench.invalid"  # .invalid: were it ever to leave the sink, it goes nowhere
EVERYONE_DOMAIN = "@everyone.bench.invalid"


class Rollback(Exception):
    pass


def _flush_queue() -> None:
    import redis
    from django.conf import settings

    redis.Redis.from_url(settings.CELERY_BROKER_URL).flushdb()  # the benchmark's own database only


def _bench_user(organisation):
    from django.contrib.auth import get_user_model

    from casework.models import Membership, Role

    user = get_user_model().objects.create_user(username=BENCH_USER, email=BENCH_EMAIL)
    Membership.objects.create(user=user, organisation=organisation, role=Role.CASEWORKER, language="en")
    return user


def _make_due(organisation, user) -> None:
    """DUE clients with one open deadline each, due in two days, assigned to the benchmark's user."""
    from django.db import connection
    from django.utils import timezone

    from casework.models import ClientStatus, Deadline, DeadlineStatus

    chosen = list(
        Deadline.objects.filter(organisation=organisation)
        .order_by("client_id")
        .distinct("client_id")
        .values_list("id", "client_id")[:DUE]
    )
    client_ids = [client_id for _, client_id in chosen]
    ClientStatus.objects.filter(client_id__in=client_ids).update(assigned_to=user)
    Deadline.objects.filter(client_id__in=client_ids).update(status=DeadlineStatus.MET)
    due_at = (timezone.now() + timedelta(days=2)).replace(hour=21, minute=0, second=0, microsecond=0)
    Deadline.objects.filter(id__in=[deadline_id for deadline_id, _ in chosen]).update(
        status=DeadlineStatus.OPEN, due_on=due_at.date(), due_at=due_at, local_cutoff=due_at
    )
    with connection.cursor() as cursor:  # the planner's statistics, as after autovacuum (rolled back too)
        cursor.execute("ANALYZE casework_clientstatus")
        cursor.execute("ANALYZE casework_deadline")


def _as_beat_leaves_it() -> None:
    """One committed, untimed scan, then what autovacuum would do (here, not during the timed scans): every
    deadline carries the bookmark earlier beat runs would have left, and the indexes hold no entries of
    superseded row versions. (In one rolled-back transaction, the entries of its own earlier versions of
    every row would be rechecked by each scan.)"""
    from django.db import connection

    from casework import tenancy
    from casework.reminders import ledger

    with tenancy.system_scope():
        ledger.insert_due()
    with connection.cursor() as cursor:
        cursor.execute("VACUUM (ANALYZE) casework_deadline, casework_reminder")


def _scan_times() -> dict:
    from django.contrib.auth import get_user_model
    from django.db import transaction

    from casework.models import Organisation, Reminder
    from casework.reminders import tasks

    first, steady, queued = [], [], set()
    organisation = Organisation.objects.order_by("id").first()
    get_user_model().objects.filter(username=BENCH_USER).delete()  # a run that died before its clean-up
    # Committed, before the scan that bookmarks everything: a new member resets the organisation's bookmarks.
    user = _bench_user(organisation)
    try:
        _as_beat_leaves_it()
        with transaction.atomic():
            _make_due(organisation, user)
            for repetition in range(REPEAT + 1):  # the first warms imports, calendars and connections
                try:
                    with transaction.atomic():
                        started = time.perf_counter()
                        queued_now = tasks.enqueue_due()
                        first.append(time.perf_counter() - started)
                        if repetition:
                            queued.add(queued_now)
                        inserted = Reminder.objects.filter(recipient__username=BENCH_USER).count()
                        started = time.perf_counter()
                        tasks.enqueue_due()  # the next beat run: nothing new is due
                        steady.append(time.perf_counter() - started)
                        raise Rollback
                except Rollback:
                    pass
            raise Rollback
    except Rollback:
        pass
    finally:
        user.delete()
        _flush_queue()
    return {
        "scan": harness.summary_ms(first[1:]),
        "scan_nothing_new": harness.summary_ms(steady[1:]),
        "queued_per_scan": sorted(queued),
        "ledger_rows_per_scan": inserted,
    }


def _everyone_reachable_times() -> dict:
    """The production-like case: every caseworker has an e-mail address, so every deadline in the reminder
    window has somebody to tell. The first scan inserts and queues what is due (more at 100k: that is
    proportional to what is due); the ones after it find nothing new, and are what is timed.

    Committed, as beat's runs are (see _as_beat_leaves_it), and undone afterwards: the addresses are
    removed again and the ledger rows the first scan inserted deleted."""
    from django.contrib.auth import get_user_model
    from django.db.models import F, Max, Value
    from django.db.models.functions import Concat

    from casework.models import Reminder
    from casework.reminders import tasks

    users = get_user_model().objects
    users.filter(email__endswith=EVERYONE_DOMAIN).update(email="")  # a run that died before its clean-up
    last_row = Reminder.objects.aggregate(last=Max("id"))["last"] or 0
    steady, queued_first = [], 0
    try:
        users.filter(email="").update(email=Concat(F("username"), Value(EVERYONE_DOMAIN)))
        queued_first = tasks.enqueue_due()
        _as_beat_leaves_it()
        for _ in range(REPEAT):
            started = time.perf_counter()
            tasks.enqueue_due()
            steady.append(time.perf_counter() - started)
    finally:
        Reminder.objects.filter(id__gt=last_row).delete()
        users.filter(email__endswith=EVERYONE_DOMAIN).update(email="")
        _flush_queue()
    return {"scan_nothing_new": harness.summary_ms(steady), "queued_by_the_first_scan": queued_first}


# --- The worker ------------------------------------------------------------------------------------------


class Sink:
    """An SMTP server on the loopback interface that keeps nothing but a count."""

    def __init__(self) -> None:
        from aiosmtpd.controller import Controller

        self.received = 0
        with socket.socket() as probe:  # a free port (aiosmtpd cannot be given port 0)
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.controller = Controller(self, hostname="127.0.0.1", port=self.port)

    async def handle_DATA(self, server, session, envelope):  # aiosmtpd calls it by this name
        self.received += 1
        return "250 OK"

    def __enter__(self) -> Sink:
        self.controller.start()
        return self

    def __exit__(self, *exc) -> None:
        self.controller.stop()


def _committed_rows(organisation, user) -> list[int]:
    """DUE pending ledger rows for open deadlines, due now, for the benchmark's user."""
    from django.utils import timezone

    from casework.models import Deadline, DeadlineStatus, Reminder

    deadlines = Deadline.objects.filter(organisation=organisation, status=DeadlineStatus.OPEN).order_by(
        "due_at", "id"
    )[:DUE]
    now = timezone.now()
    rows = Reminder.objects.bulk_create(
        Reminder(organisation=organisation, client_id=deadline.client_id, deadline=deadline,
                 deadline_key=deadline.key, due_on=deadline.due_on, step="1", recipient=user, send_at=now)
        for deadline in deadlines
    )  # fmt: skip
    return [row.pk for row in rows]


def _worker_run(size: int) -> dict:
    from django.contrib.auth import get_user_model

    from casework.models import Organisation, Reminder, ReminderState
    from casework.reminders import tasks

    organisation = Organisation.objects.order_by("id").first()
    get_user_model().objects.filter(username=BENCH_USER).delete()  # a run that died before its clean-up
    user = _bench_user(organisation)
    worker = None
    try:
        ids = _committed_rows(organisation, user)
        with Sink() as sink:
            environment = harness.environment(
                size, EMAIL_HOST="127.0.0.1", EMAIL_PORT=str(sink.port), EMAIL_USE_TLS="0"
            )
            worker = subprocess.Popen(
                [str(harness.ROOT / ".venv" / "bin" / "celery"), "-A", "config", "worker", "--pool=solo",
                 "--loglevel=WARNING", "--without-gossip", "--without-mingle", "--without-heartbeat"],
                cwd=harness.ROOT, env=environment, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            )  # fmt: skip
            started = time.monotonic()
            tasks.enqueue(ids)
            sent = 0
            while time.monotonic() - started < WORKER_TIMEOUT_S:
                sent = Reminder.objects.filter(pk__in=ids, state=ReminderState.SENT).count()
                if sent == len(ids):
                    break
                time.sleep(0.5)
            seconds = round(time.monotonic() - started, 1)
            rss = harness.process_peak_rss_mb(worker.pid)
            received = sink.received
    finally:
        if worker is not None:
            worker.terminate()
            worker.wait(timeout=30)
        user.delete()  # its ledger rows and membership go with it
        _flush_queue()
    return {"sent": sent, "of": DUE, "received_by_sink": received, "seconds": seconds, "peak_rss_mb": rss}


def measure(size: int) -> dict:
    harness.setup_django()
    return {
        "size": size,
        **_scan_times(),
        "everyone_reachable": _everyone_reachable_times(),
        "worker": _worker_run(size),
    }


def main() -> None:
    compared = two_sizes.both("reminders", measure)
    if compared is None:
        return
    arguments, small, large = compared
    figures = [
        two_sizes.p50_ratio(name, large[name], small[name], arguments, what="scan", suffix=f", {DUE} due")
        for name in ("scan", "scan_nothing_new")
    ]
    figures.append(
        two_sizes.p50_ratio(
            "scan_nothing_new", large["everyone_reachable"]["scan_nothing_new"],
            small["everyone_reachable"]["scan_nothing_new"], arguments, what="scan",
            suffix=", every caseworker with an e-mail",
        )
    )  # fmt: skip
    for result in (small, large):
        worker = result["worker"]
        figures.append(
            harness.Figure(
                f"worker peak RSS at {result['size']} clients",
                worker["peak_rss_mb"],
                "MB",
                target="< 300 MB",
                holds=worker["peak_rss_mb"] < 300,
                details=worker,
            )
        )
    harness.report(
        "reminders",
        figures,
        due_reminders=DUE,
        queued_per_scan={
            str(arguments.small): small["queued_per_scan"],
            str(arguments.large): large["queued_per_scan"],
        },
        scan="casework.reminders.tasks.enqueue_due in process, as the database's owner in the system scope",
        worker="celery --pool=solo on the benchmark's Redis database, e-mail to an SMTP sink on 127.0.0.1",
        synchronous_commit="as configured (durable)",
    )


if __name__ == "__main__":
    sys.exit(main())
