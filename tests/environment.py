"""Loaded with `-p tests.environment` (pyproject), before pytest-django reads the settings: tests run with a
development configuration and a fresh random master key per run, never with var/development.kek."""

import base64
import os
import secrets

os.environ.setdefault("DJANGO_DEBUG", "1")
os.environ.setdefault("CASEWORK_KEK", base64.urlsafe_b64encode(secrets.token_bytes(32)).decode())
# Tests use their own Redis database, so queued test tasks never reach a development worker.
os.environ.setdefault("REDIS_URL", "redis://127.0.0.1:6379/9")
