"""A draft's DOCX turned into a PDF by LibreOffice, headless, one process per job.

The plaintext leaves the process only for the converter: it is written into a private working directory
(mode 0700, on tmpfs — /dev/shm — when the host has it, so that it never reaches a persistent disk), the
converter gets a fresh profile there (`-env:UserInstallation`), no network when the kernel lets it be cut
off (`unshare --net`), and a hard time limit after which its whole process group is killed. The directory
is removed whatever happens. Nothing here logs a file's name or content: the caller logs ids.
"""

from __future__ import annotations

import contextlib
import logging
import os
import shutil
import signal
import subprocess
import tempfile
import time
from functools import cache
from pathlib import Path

from django.conf import settings

logger = logging.getLogger(__name__)

DEFAULT_TIMEOUT = 60.0
TMPFS = "/dev/shm"  # noqa: S108 - a private mkdtemp directory inside it, mode 0700
INPUT = "draft.docx"
OUTPUT = "draft.pdf"


class ConversionFailed(Exception):
    """LibreOffice did not produce a PDF (the message never holds the document's name or content)."""


class ConversionTimedOut(ConversionFailed):
    """LibreOffice ran past its time limit and was killed with its process group."""


def soffice_path() -> str | None:
    """The converter: the CASEWORK_SOFFICE setting when set, else `soffice` on PATH."""
    configured = getattr(settings, "CASEWORK_SOFFICE", "") or ""
    if configured:
        return configured if os.access(configured, os.X_OK) else None
    return shutil.which("soffice")


def converter_available() -> bool:
    return soffice_path() is not None


def working_parent() -> str | None:
    """Where the per-job directories go: CASEWORK_PDF_WORKDIR, else /dev/shm when it is a writable
    directory, else the system's temporary directory."""
    configured = getattr(settings, "CASEWORK_PDF_WORKDIR", "") or ""
    if configured:
        return configured
    if os.path.isdir(TMPFS) and os.access(TMPFS, os.W_OK | os.X_OK):
        return TMPFS
    return None


@cache
def _network_cut_prefix() -> tuple[str, ...]:
    """`unshare` in a new network namespace (only loopback, down) when this kernel and user may do it."""
    unshare = shutil.which("unshare")
    if unshare is None:
        return ()
    for prefix in ((unshare, "--net"), (unshare, "--map-root-user", "--net")):
        try:
            probe = subprocess.run([*prefix, "true"], capture_output=True, timeout=10, check=False)  # noqa: S603
        except (OSError, subprocess.SubprocessError):
            continue
        if probe.returncode == 0:
            return prefix
    logger.warning("the PDF converter runs with the network: unshare --net is not permitted here")
    return ()


def _environment(workdir: Path) -> dict[str, str]:
    """A minimal environment: no proxies, no credentials of the worker's, home and temp inside the job."""
    return {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(workdir),
        "TMPDIR": str(workdir),
        "LANG": "C.UTF-8",
        "LC_ALL": "C.UTF-8",
        "SAL_USE_VCLPLUGIN": "svp",
    }


def _kill_group(process: subprocess.Popen) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(process.pid, signal.SIGKILL)


def docx_to_pdf(docx: bytes, *, timeout: float = DEFAULT_TIMEOUT) -> bytes:
    """The PDF of a DOCX, fonts embedded (LibreOffice's writer_pdf_Export embeds by default). Raises
    ConversionTimedOut past `timeout` seconds and ConversionFailed when no PDF comes out."""
    soffice = soffice_path()
    if soffice is None:
        raise ConversionFailed("LibreOffice (soffice) is not installed")
    started = time.monotonic()
    workdir = Path(tempfile.mkdtemp(prefix="casework-pdf-", dir=working_parent()))  # mode 0700
    try:
        os.chmod(workdir, 0o700)
        profile, out = workdir / "profile", workdir / "out"
        profile.mkdir(mode=0o700)
        out.mkdir(mode=0o700)
        source = workdir / INPUT
        descriptor = os.open(source, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(docx)
        command = [
            *_network_cut_prefix(),
            soffice,
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--invisible",
            "--norestore",
            "--nolockcheck",
            "--nodefault",
            "--nologo",
            "--convert-to",
            "pdf:writer_pdf_Export",
            "--outdir",
            str(out),
            str(source),
        ]
        process = subprocess.Popen(  # noqa: S603 - our arguments; the paths are ours
            command,
            cwd=workdir,
            env=_environment(workdir),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,  # its own process group: the time limit kills every child too
        )
        try:
            returncode = process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            _kill_group(process)
            process.wait()
            logger.warning("PDF conversion killed at its time limit of %s s", timeout)
            raise ConversionTimedOut(f"LibreOffice ran past its time limit of {timeout} s") from None
        finally:
            _kill_group(process)  # a straggler of a finished run goes too
        result = out / OUTPUT
        if returncode != 0 or not result.is_file():
            raise ConversionFailed(f"LibreOffice produced no PDF (exit status {returncode})")
        pdf = result.read_bytes()
        if not pdf.startswith(b"%PDF-"):
            raise ConversionFailed("LibreOffice's output is not a PDF")
        logger.info("PDF conversion took %.1f s", time.monotonic() - started)
        return pdf
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
