"""The reminder harness: real components only. A real SMTP server (aiosmtpd on loopback), real Celery worker
processes on the test Redis database, the test PostgreSQL database shared with those workers (hence
`transaction=True`: the workers see committed rows only), and time-machine for the test process's clock.

The workers run on the real clock (2026); the scenarios live in 2025, so every send_at is in their past."""

from __future__ import annotations

import asyncio
import base64
import json
import os
import signal
import socket
import subprocess
import threading
import time
import uuid
from dataclasses import dataclass, field
from datetime import date
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path

import pytest
import redis
import time_machine
from aiosmtpd.controller import Controller
from django.conf import settings
from django.db import connection

from casework.models import Membership, Reminder
from tests.conftest import assigner, make_client, record

BASE_DIR = Path(settings.BASE_DIR)
CELERY = str(BASE_DIR / ".venv" / "bin" / "celery")
PYTHON = str(BASE_DIR / ".venv" / "bin" / "python")

# Short ledger timings, the same in the test process and in the workers.
TIMINGS = {
    "CASEWORK_REMINDER_RETRY_BASE_SECONDS": 1,
    "CASEWORK_REMINDER_MAX_ATTEMPTS": 3,
    "CASEWORK_REMINDER_CLAIM_TIMEOUT_SECONDS": 2,
    "CASEWORK_REMINDER_REQUEUE_SECONDS": 1,
}
REFUSAL = "451 4.3.0 Try again later"


def wait_for(predicate, timeout: float = 20, interval: float = 0.1, message: str = "condition"):
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            ledger = list(
                Reminder.objects.order_by("id").values_list("id", "step", "state", "attempts", "last_error")
            )
            raise AssertionError(f"timed out after {timeout} s waiting for {message}; ledger: {ledger}")
        time.sleep(interval)


def settle(seconds: float = 1.0) -> None:
    """Give a late duplicate the chance to show up before the final counts are asserted."""
    time.sleep(seconds)


# --- SMTP -----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Received:
    mail_from: str
    rcpt_tos: list[str]
    raw: bytes

    @property
    def message(self) -> EmailMessage:
        return message_from_bytes(self.raw, policy=policy.default)  # type: ignore[return-value]

    @property
    def subject(self) -> str:
        # Django folds a long encoded subject onto a continuation line; the parsed value keeps its space.
        return str(self.message["Subject"]).strip()

    @property
    def message_id(self) -> str:
        return str(self.message["Message-ID"])

    @property
    def text(self) -> str:
        return self.message.get_body(("plain",)).get_content()

    @property
    def html(self) -> str:
        return self.message.get_body(("html",)).get_content()

    @property
    def reminder_id(self) -> int:
        # <reminder-<id>@host>
        return int(self.message_id.strip("<>").split("@")[0].removeprefix("reminder-"))


@dataclass
class Mailbox:
    """The SMTP handler. Modes: accept (store and 250), refuse (451 at DATA), stall (hold DATA, like a send in
    flight, until the mode changes or 30 s pass, then 451: a stalled message is never delivered), and
    accept_then_stall (store the message, then hold the reply like stall: delivered, but the sender never
    hears so)."""

    mode: str = "accept"
    port: int = 0
    received: list[Received] = field(default_factory=list)
    stalled: int = 0
    refused: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    async def handle_DATA(self, server, session, envelope):  # aiosmtpd calls this hook by name
        if self.mode == "accept_then_stall":
            self._store(envelope)
        if self.mode in ("stall", "accept_then_stall"):
            stalled_in = self.mode
            with self.lock:
                self.stalled += 1
            for _ in range(300):
                if self.mode != stalled_in:
                    break
                await asyncio.sleep(0.1)
            return REFUSAL
        if self.mode == "refuse":
            with self.lock:
                self.refused += 1
            return REFUSAL
        self._store(envelope)
        return "250 OK"

    def _store(self, envelope) -> None:
        with self.lock:
            self.received.append(
                Received(envelope.mail_from, list(envelope.rcpt_tos), bytes(envelope.original_content))
            )

    def messages(self) -> list[Received]:
        with self.lock:
            return list(self.received)

    def to(self, address: str) -> list[Received]:
        return [message for message in self.messages() if address in message.rcpt_tos]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def smtp():
    mailbox = Mailbox()
    controller = Controller(mailbox, hostname="127.0.0.1", port=_free_port())
    controller.start()
    mailbox.port = controller.port
    yield mailbox
    mailbox.mode = "accept"  # releases a stalled session
    controller.stop()


# --- Broker ---------------------------------------------------------------------------------------------


@pytest.fixture
def broker():
    """The test Redis database (one per xdist worker, tests/environment.py), empty at the start of each test."""
    connection_ = redis.Redis.from_url(os.environ["REDIS_URL"])
    connection_.flushdb()
    yield connection_
    connection_.flushdb()
    connection_.close()


def queued_messages(broker_connection) -> list[dict]:
    """The Celery messages waiting in the default queue, decoded: {"headers", "args", "kwargs", "raw"}."""
    decoded = []
    for raw in broker_connection.lrange("celery", 0, -1):
        envelope = json.loads(raw)
        args, kwargs, _embed = json.loads(base64.b64decode(envelope["body"]))
        decoded.append({"headers": envelope["headers"], "args": args, "kwargs": kwargs, "raw": raw})
    return decoded


# --- Workers --------------------------------------------------------------------------------------------


def database_url() -> str:
    database = connection.settings_dict
    password = f":{database['PASSWORD']}" if database["PASSWORD"] else ""
    return f"postgres://{database['USER']}{password}@{database['HOST']}:{database['PORT']}/{database['NAME']}"


def process_environment(**overrides: str) -> dict[str, str]:
    environment = {
        **os.environ,
        "DJANGO_DEBUG": "1",
        "CASEWORK_KEK": os.environ["CASEWORK_KEK"],
        "DATABASE_URL": database_url(),
        "REDIS_URL": os.environ["REDIS_URL"],
        **{name: str(value) for name, value in TIMINGS.items()},
    }
    environment.update(overrides)
    return environment


@dataclass
class Worker:
    name: str
    process: subprocess.Popen
    log_path: Path

    def log(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    def kill(self) -> None:
        """kill -9: the worker dies wherever it is, as in a crash or an OOM kill."""
        if self.process.poll() is None:
            os.kill(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.process.poll() is None:
            os.kill(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.kill()


FAILED = pytest.StashKey[bool]()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if report.failed:
        item.stash[FAILED] = True
    return report


@pytest.fixture
def start_worker(request, transactional_db, smtp, broker, tmp_path):
    """start_worker() -> a running Worker (a real `celery worker` process), stopped at teardown; when the test
    failed, the end of each worker's log is printed with the report."""
    started: list[Worker] = []

    def start() -> Worker:
        name = f"reminders-{uuid.uuid4().hex[:8]}"
        log_path = tmp_path / f"{name}.log"
        environment = process_environment(
            EMAIL_HOST="127.0.0.1", EMAIL_PORT=str(smtp.port), EMAIL_USE_TLS="false", EMAIL_TIMEOUT="40"
        )
        with log_path.open("wb") as log:
            process = subprocess.Popen(
                [CELERY, "-A", "config", "worker", "--pool=solo", "--loglevel=INFO", "--without-heartbeat",
                 "--without-gossip", "--without-mingle", "-n", f"{name}@%h"],
                cwd=BASE_DIR, env=environment, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
            )  # fmt: skip
        worker = Worker(name, process, log_path)
        started.append(worker)

        def ready():
            if process.poll() is not None:
                raise AssertionError(f"worker {name} exited early:\n{worker.log()}")
            return " ready." in worker.log()

        wait_for(ready, timeout=40, message=f"worker {name} to be ready")
        return worker

    yield start
    for worker in started:
        worker.stop()
        if request.node.stash.get(FAILED, False):
            print(f"--- {worker.name} (last 40 lines)", *worker.log().splitlines()[-40:], sep="\n")


@pytest.fixture
def worker(start_worker) -> Worker:
    return start_worker()


# --- The scenario ---------------------------------------------------------------------------------------


@pytest.fixture(autouse=True)
def short_timings(settings):
    for name, value in TIMINGS.items():
        setattr(settings, name, value)


@pytest.fixture
def people(alice, sam):
    """alice reads English, sam (supervisor) Russian."""
    Membership.objects.filter(user=alice).update(language="en")
    Membership.objects.filter(user=sam).update(language="ru")
    return alice, sam


def at(moment: str):
    """The test process's clock, frozen at `moment` (ISO 8601 with its offset)."""
    return time_machine.travel(moment, tick=False)


def assigned_client(alice, **personal):
    """A client of org A assigned to alice, registered on 27.02.2025 (before any step of D1 is due)."""
    with at("2025-02-27 09:30:00+03:00"):
        client = make_client(alice, **personal)
        record(assigner(client), client, "caseworker_assigned", date(2025, 2, 27), user="alice")
    return client


def rows(client, **filters) -> list[Reminder]:
    return list(Reminder.objects.filter(client=client, **filters).order_by("send_at", "step", "recipient_id"))
