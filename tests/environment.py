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
# Tests use their own Redis database, so queued test tasks never reach a development worker; under xdist one
# per worker (gw0 → 10, gw1 → 11, …), so a test's Celery worker never takes a task queued by a parallel test.
# The workers inherit the controller's environment, hence the marker: a REDIS_URL set from outside is kept.
if "REDIS_URL" not in os.environ or os.environ.get("CASEWORK_TEST_REDIS_CHOSEN"):
    _xdist_worker = os.environ.get("PYTEST_XDIST_WORKER", "")
    _redis_db = 10 + int(_xdist_worker.removeprefix("gw")) % 6 if _xdist_worker.startswith("gw") else 9
    os.environ["REDIS_URL"] = f"redis://127.0.0.1:6379/{_redis_db}"
    os.environ["CASEWORK_TEST_REDIS_CHOSEN"] = "1"

# The case file's blobs go to a temporary root of this run's (tests/documents give each test its own), never
# to var/media; removed by the process that made it, after its xdist workers (which inherit it) are done.
if "CASEWORK_MEDIA_ROOT" not in os.environ:
    os.environ["CASEWORK_MEDIA_ROOT"] = tempfile.mkdtemp(prefix="casework-test-media-")
    atexit.register(shutil.rmtree, os.environ["CASEWORK_MEDIA_ROOT"], ignore_errors=True)
