"""Django's deployment checklist passes with production settings (DEBUG off, real-looking secrets, HTTPS).

The same check runs as `make check-deploy` in CI; here it runs in a subprocess so that `make test` covers it
with settings read afresh, not the development ones this test process was started with.
"""

from __future__ import annotations

import base64
import os
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Variables that would make the subprocess a development or test configuration, or read a secret from a file.
# DJANGO_ALLOW_ASYNC_UNSAFE: the browser tests set it for Playwright in this process (tests/browser/conftest).
NOT_IN_PRODUCTION = (
    "CASEWORK_FAST_PASSWORD_HASHING",
    "DJANGO_SECRET_KEY_FILE",
    "CASEWORK_KEK_FILE",
    "DJANGO_ALLOW_ASYNC_UNSAFE",
)


def production_environment(**overrides: str) -> dict[str, str]:
    environment = {name: value for name, value in os.environ.items() if name not in NOT_IN_PRODUCTION}
    environment.update(
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),  # throwaway values, made for this run only
        DJANGO_ALLOWED_HOSTS="casework.example.org",
        CASEWORK_KEK=base64.urlsafe_b64encode(secrets.token_bytes(32)).decode(),
    )
    environment.update(overrides)
    return environment


def manage(*args: str, environment: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_the_deployment_checklist_passes_with_production_settings():
    result = manage("check", "--deploy", "--fail-level", "WARNING", environment=production_environment())
    assert result.returncode == 0, result.stderr + result.stdout


def test_the_checklist_would_catch_a_weakened_setting():
    weakened = production_environment(DJANGO_HSTS_SECONDS="0")
    result = manage("check", "--deploy", "--fail-level", "WARNING", environment=weakened)
    assert result.returncode != 0
    assert "security.W004" in result.stderr


def test_production_refuses_to_start_without_a_secret_key():
    environment = production_environment()
    del environment["DJANGO_SECRET_KEY"]
    result = manage("check", environment=environment)
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY is required" in result.stderr
