"""Loaded with `-p tests.environment` (pyproject), before pytest-django reads the settings: tests run with a
development configuration and a fresh random master key per run, never with var/development.kek."""

import atexit
import base64
import os
import secrets
import shutil
import tempfile

os.environ.setdefault("DJANGO_DEBUG", "1")
os.environ.setdefault("CASEWORK_FAST_PASSWORD_HASHING", "1")
# Every request and task of the tests runs as the application's role, under row-level security.
os.environ.setdefault("CASEWORK_DB_ROLE", "casework_app")
os.environ.setdefault("CASEWORK_KEK", base64.urlsafe_b64encode(secrets.token_bytes(32)).decode())
# Tests use their own Redis databases, so queued test tasks never reach a development worker; under xdist one
# per worker, so a test's Celery worker never takes a task queued by a parallel test. Two test runs at once
# (two checkouts on one machine) must not share them either — a broker fixture empties its database — so the
# run's first process takes a free slot of three databases (1–3, 4–6, … 13–15) under a lock it holds until it
# exits; its xdist workers inherit the slot. A REDIS_URL set from outside is kept.
_SLOTS = 5
_PER_SLOT = 3  # the controller, gw0 and gw1; more workers share their slot's last database


def _free_slot() -> int:
    import fcntl

    for slot in range(_SLOTS):
        lock = open(os.path.join(tempfile.gettempdir(), f"casework-test-redis-slot-{slot}.lock"), "w")  # noqa: SIM115
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            lock.close()
            continue
        globals()["_slot_lock"] = lock  # held, open, for the life of this process
        return slot
    return _SLOTS - 1  # every slot taken: share the last one, as one machine rarely runs six suites


if "REDIS_URL" not in os.environ or os.environ.get("CASEWORK_TEST_REDIS_CHOSEN"):
    if "CASEWORK_TEST_REDIS_SLOT" not in os.environ:
        os.environ["CASEWORK_TEST_REDIS_SLOT"] = str(_free_slot())
    _xdist_worker = os.environ.get("PYTEST_XDIST_WORKER", "")
    _index = (
        1 + min(int(_xdist_worker.removeprefix("gw")), _PER_SLOT - 2) if _xdist_worker.startswith("gw") else 0
    )
    _redis_db = 1 + int(os.environ["CASEWORK_TEST_REDIS_SLOT"]) * _PER_SLOT + _index
    os.environ["REDIS_URL"] = f"redis://127.0.0.1:6379/{_redis_db}"
    os.environ["CASEWORK_TEST_REDIS_CHOSEN"] = "1"

# The case file's blobs go to a temporary root of this run's (tests/documents give each test its own), never
# to var/media; removed by the process that made it, after its xdist workers (which inherit it) are done.
if "CASEWORK_MEDIA_ROOT" not in os.environ:
    os.environ["CASEWORK_MEDIA_ROOT"] = tempfile.mkdtemp(prefix="casework-test-media-")
    atexit.register(shutil.rmtree, os.environ["CASEWORK_MEDIA_ROOT"], ignore_errors=True)
