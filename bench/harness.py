"""What every benchmark shares: the datasets, the environment of a benchmark process, timing, the report.

A benchmark is a module `bench/<name>.py` with a `main()` that Django-configures itself from the
environment run.py gives it (`environment(size)`), measures, and prints one JSON report (`report(...)`) on
its last line of standard output. Each figure carries its baseline from the same run and their ratio.
"""

from __future__ import annotations

import base64
import json
import os
import resource
import secrets
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
RESULTS = ROOT / "bench" / "results"
KEK_FILE = ROOT / "var" / "bench.kek"  # one master key for the benchmark datasets, so they stay readable
SMALL = 1_000
LARGE = int(os.environ.get("BENCH_LARGE_CLIENTS", "100000"))
SEED = 2026
REDIS_DB = int(os.environ.get("BENCH_REDIS_DB", "7"))  # apart from development (0) and the tests (9-15)
DATABASE_PREFIX = os.environ.get("BENCH_DB_PREFIX", "casework_bench")


def database_name(size: int) -> str:
    return f"{DATABASE_PREFIX}_{size}"


def database_url(size: int) -> str:
    return f"postgres://postgres@127.0.0.1:5432/{database_name(size)}"


def _kek() -> str:
    if not KEK_FILE.exists():
        KEK_FILE.parent.mkdir(parents=True, exist_ok=True)
        KEK_FILE.write_text(base64.urlsafe_b64encode(secrets.token_bytes(32)).decode())
    return KEK_FILE.read_text().strip()


def environment(size: int, **extra: str) -> dict[str, str]:
    """Production settings (DEBUG off, durable commits, the application's database role under row-level
    security), without the second-factor requirement: benchmarks sign in with force_login."""
    env = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(("DJANGO_", "CASEWORK_", "DATABASE_", "REDIS_", "PYTEST"))
    }
    env.update(
        DATABASE_URL=database_url(size),
        REDIS_URL=f"redis://127.0.0.1:6379/{REDIS_DB}",
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        DJANGO_ALLOWED_HOSTS="testserver,127.0.0.1,localhost",
        DJANGO_SECURE_SSL_REDIRECT="0",
        CASEWORK_KEK=_kek(),
        CASEWORK_REQUIRE_MFA="0",
        CASEWORK_DB_ROLE="casework_app",
        CASEWORK_EXPORT_THROTTLE_RATE="100000/hour",
        LOG_LEVEL="WARNING",
        PYTHONPATH=str(ROOT),
        DJANGO_SETTINGS_MODULE="config.settings",
    )
    env.update(extra)
    return env


def setup_django() -> None:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    django.setup()


def manage(size: int, *args: str, check: bool = True) -> subprocess.CompletedProcess:
    return subprocess.run(
        [PYTHON, "manage.py", *args], cwd=ROOT, env=environment(size), capture_output=True, text=True,
        check=check,
    )  # fmt: skip


# --- Measuring ----------------------------------------------------------------------------------------


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    index = min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))
    return ordered[index]


def timed(action: Callable[[], Any], *, repeat: int, warmup: int = 2) -> list[float]:
    """Seconds of each of `repeat` calls, after `warmup` unmeasured ones (caches, connections)."""
    for _ in range(warmup):
        action()
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        samples.append(time.perf_counter() - started)
    return samples


def summary_ms(samples: Iterable[float]) -> dict[str, float]:
    values = [sample * 1000 for sample in samples]
    return {
        "p50_ms": round(percentile(values, 0.5), 3),
        "p95_ms": round(percentile(values, 0.95), 3),
        "mean_ms": round(statistics.fmean(values), 3),
        "n": len(values),
    }


def peak_rss_mb() -> float:
    """This process's peak resident set size (Linux reports kilobytes)."""
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def process_peak_rss_mb(pid: int) -> float:
    """Another live process's peak resident set size (VmHWM), from /proc."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return round(int(line.split()[1]) / 1024, 1)
    return float("nan")


# --- Reporting -----------------------------------------------------------------------------------------


@dataclass
class Figure:
    name: str
    value: float
    unit: str
    baseline: float | None = None  # the same measure of the baseline, in the same run
    baseline_name: str = ""
    ratio: float | None = None  # how the figure compares to the baseline, as the target states it
    target: str = ""  # e.g. "ratio >= 0.5"
    holds: bool | None = None
    details: dict[str, Any] = field(default_factory=dict)


def ratio_figure(
    name: str, value: float, baseline: float, *, unit: str, baseline_name: str, at_least: float | None = None,
    at_most: float | None = None, **details: Any,
) -> Figure:  # fmt: skip
    """value / baseline, with the target as a bound on that ratio."""
    ratio = round(value / baseline, 3) if baseline else float("nan")
    if at_least is not None:
        target, holds = f"ratio >= {at_least}", ratio >= at_least
    elif at_most is not None:
        target, holds = f"ratio <= {at_most}", ratio <= at_most
    else:
        target, holds = "", None
    return Figure(
        name, round(value, 3), unit, round(baseline, 3), baseline_name, ratio, target, holds, details
    )


def report(benchmark: str, figures: list[Figure], **notes: Any) -> None:
    print(json.dumps({"benchmark": benchmark, "figures": [asdict(f) for f in figures], "notes": notes,
                      "peak_rss_mb": peak_rss_mb()}, ensure_ascii=False))  # fmt: skip
