"""What a real gunicorn writes down: the access-log format of the Dockerfile (and docs/operations.md) keeps
search text out of the log, and the scheme a client claims with X-Forwarded-Proto counts only when it comes
from the configured proxy (--forwarded-allow-ips).

These tests start gunicorn itself on 127.0.0.1, against the test database (committed rows: transactional_db),
with the suite's master key, and talk to it over HTTP.
"""

from __future__ import annotations

import json
import os
import secrets
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote, quote_plus

import pytest
import requests
from django.db import connection

from casework.models import Role
from casework.services.organisations import organisation_create, token_create, user_create
from tests.conftest import PASSWORD, make_client

ROOT = Path(__file__).resolve().parent.parent
GUNICORN = Path(sys.executable).with_name("gunicorn")
SENTINEL_NAME = "Zzsentinel Searchedfor"
SENTINEL_DOCUMENT = "ZZ7654321"
SENTINELS = (SENTINEL_NAME, SENTINEL_DOCUMENT)

pytestmark = pytest.mark.django_db(transaction=True)


def dockerfile_command() -> list[str]:
    line = next(line for line in (ROOT / "Dockerfile").read_text().splitlines() if line.startswith("CMD "))
    return json.loads(line.removeprefix("CMD "))


def option(command: list[str], name: str) -> str | None:
    return command[command.index(name) + 1] if name in command else None


def database_url() -> str:
    settings = connection.settings_dict
    password = f":{quote(settings['PASSWORD'])}" if settings["PASSWORD"] else ""
    return (
        f"postgres://{quote(settings['USER'])}{password}@{settings['HOST'] or '127.0.0.1'}:"
        f"{settings['PORT'] or 5432}/{settings['NAME']}"
    )


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def gunicorn(tmp_path: Path, *args: str, **environment: str):
    """A gunicorn of this project on 127.0.0.1; yields (base URL, access log path, app log path)."""
    port = free_port()
    access_log, app_log = tmp_path / "access.log", tmp_path / "app.log"
    env = {**os.environ, "DATABASE_URL": database_url(), **environment}
    command = [
        str(GUNICORN),
        "config.wsgi:application",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        "1",
        "--access-logfile",
        str(access_log),
        "--no-control-socket",  # gunicorn's default control socket path is shared by every instance
        *args,
    ]
    with app_log.open("w") as output:
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=output, stderr=subprocess.STDOUT)
        try:
            base = f"http://127.0.0.1:{port}"
            deadline = time.monotonic() + 30
            while True:
                try:
                    requests.get(f"{base}/healthz", timeout=2, allow_redirects=False)
                    break
                except requests.ConnectionError:
                    if process.poll() is not None or time.monotonic() > deadline:
                        raise AssertionError(app_log.read_text()) from None
                    time.sleep(0.2)
            yield base, access_log, app_log
        finally:
            process.terminate()
            process.wait(timeout=30)


def csrf_token(session: requests.Session) -> str:
    return session.cookies["csrftoken"]


def spellings(text: str) -> list[str]:
    """The text as a log could hold it: plain, percent-encoded, form-encoded; any case."""
    return [variant.lower() for variant in (text, quote(text), quote_plus(text), text.split()[0])]


def test_the_documented_access_log_format_is_the_dockerfiles():
    log_format = option(dockerfile_command(), "--access-logformat")

    assert log_format is not None, "the Dockerfile runs gunicorn with its default format (query and Referer)"
    assert "%(r)s" not in log_format and "%(q)s" not in log_format and "%(f)s" not in log_format
    assert log_format in (ROOT / "docs" / "operations.md").read_text()


def test_no_search_text_reaches_gunicorns_log(tmp_path):
    organisation = organisation_create(name="Logged NGO", timezone="Europe/Moscow")
    alice = user_create(
        organisation=organisation, username="alice", password=PASSWORD, role=Role.CASEWORKER, email=""
    )
    wanted = make_client(alice, full_name=SENTINEL_NAME, document_number=SENTINEL_DOCUMENT)
    token = token_create(user=alice)
    command = dockerfile_command()
    log_format = option(command, "--access-logformat")
    format_args = ["--access-logformat", log_format] if log_format else []

    with gunicorn(tmp_path, *format_args) as (base, access_log, app_log):
        web = requests.Session()
        web.get(f"{base}/accounts/login/")
        signed_in = web.post(
            f"{base}/accounts/login/",
            {"username": "alice", "password": PASSWORD, "csrfmiddlewaretoken": csrf_token(web)},
            headers={"Referer": f"{base}/accounts/login/"},
            allow_redirects=False,
        )
        assert signed_in.status_code == 302, signed_in.text
        web.get(f"{base}/clients/")
        for text in SENTINELS:
            found = web.post(f"{base}/clients/", {"q": text, "csrfmiddlewaretoken": csrf_token(web)})
            assert found.status_code == 200 and wanted.code in found.text
        # An old bookmark with the text in its URL, and a Referer that carries it: neither is logged.
        web.get(f"{base}/clients/?q={quote_plus(SENTINEL_NAME)}")
        web.get(
            f"{base}/clients/{wanted.id}/",
            headers={"Referer": f"{base}/clients/?q={quote_plus(SENTINEL_NAME)}"},
        )

        api = requests.Session()
        api.headers["Authorization"] = f"Token {token}"
        api_found = [api.post(f"{base}/api/clients/search/", json={"q": text}) for text in SENTINELS]
        refused = api.get(f"{base}/api/clients/", params={"search": SENTINEL_DOCUMENT})

    logged = access_log.read_text()
    written = (logged + app_log.read_text()).lower()
    leaked = [s for text in SENTINELS for s in spellings(text) if s in written]
    assert leaked == [], logged
    assert '"POST /clients/"' in logged and '"POST /api/clients/search/"' in logged, logged
    assert [found.status_code for found in api_found] == [200, 200]
    assert all(found.json()["results"][0]["id"] == str(wanted.id) for found in api_found)
    assert refused.status_code == 400


def production(**more: str) -> dict[str, str]:
    return {
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        **more,
    }


def test_a_claimed_https_counts_only_from_the_configured_proxy(tmp_path):
    claimed = {"X-Forwarded-Proto": "https"}

    with gunicorn(tmp_path, "--forwarded-allow-ips", "192.0.2.10", **production()) as (base, _, _):
        from_elsewhere = requests.get(f"{base}/healthz", headers=claimed, allow_redirects=False, timeout=10)
    with gunicorn(tmp_path, "--forwarded-allow-ips", "127.0.0.1", **production()) as (base, _, _):
        from_the_proxy = requests.get(f"{base}/healthz", headers=claimed, allow_redirects=False, timeout=10)

    # Not the proxy: the request is plain HTTP whatever it claims, so it is sent to HTTPS, without HSTS.
    assert from_elsewhere.status_code == 301 and from_elsewhere.headers["Location"].startswith("https://")
    assert "Strict-Transport-Security" not in from_elsewhere.headers
    assert from_the_proxy.status_code in (200, 503) and "Strict-Transport-Security" in from_the_proxy.headers
