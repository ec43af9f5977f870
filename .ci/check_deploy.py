"""`make check-deploy`: Django's deployment checklist with production settings, failing on any warning.

The secret key and the master key are throwaway values made here for this one run and passed to the check in
its environment only: none is ever written down, in the Makefile or anywhere else."""

from __future__ import annotations

import base64
import os
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    environment = {
        **os.environ,
        "DJANGO_DEBUG": "0",
        "DJANGO_ALLOWED_HOSTS": "casework.example.org",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "CASEWORK_KEK": base64.urlsafe_b64encode(secrets.token_bytes(32)).decode(),
    }
    command = [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"]
    # A fixed command line: nothing from outside reaches it.
    return subprocess.run(command, cwd=ROOT, env=environment, check=False).returncode  # noqa: S603


if __name__ == "__main__":
    sys.exit(main())
