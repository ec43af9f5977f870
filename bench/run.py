"""`make bench`: make the datasets, run every benchmark against them, write and print the results.

Each benchmark runs in a process of its own (`python -m bench.<name> --size N`), with production settings
(bench.harness.environment), and prints a JSON report; this collects them into bench/results/latest.json
and prints one line per figure: value, baseline, ratio, target, whether it holds. Nothing fails on time:
the exit status says only whether every benchmark ran.
"""

from __future__ import annotations

import json
import os
import platform
import subprocess
import sys
import time
from datetime import UTC, datetime

import psycopg

from bench import datasets
from bench.harness import LARGE, PYTHON, RESULTS, ROOT, SMALL, database_name, environment

# (module, sizes it runs at). A module may compare sizes itself: it gets the larger one and is told the other.
BENCHMARKS: list[tuple[str, tuple[int, ...]]] = [
    ("append", (SMALL,)),  # in a copy of the small dataset, dropped afterwards
    ("replay", (LARGE,)),  # in a copy of the large dataset; then --verify of every client
    ("reads", (LARGE,)),  # and the small size, in a child process
    ("reminders", (LARGE,)),  # likewise
    ("exports", (LARGE,)),
]


def synchronous_commit(size: int) -> str:
    with psycopg.connect(f"host=127.0.0.1 user=postgres dbname={database_name(size)}") as connection:
        return connection.execute("SHOW synchronous_commit").fetchone()[0]


def run(module: str, size: int) -> dict:
    started = time.monotonic()
    result = subprocess.run(
        [PYTHON, "-m", f"bench.{module}", "--size", str(size), "--small", str(SMALL), "--large", str(LARGE)],
        cwd=ROOT, env=environment(size), capture_output=True, text=True, check=False,
    )  # fmt: skip
    seconds = round(time.monotonic() - started, 1)
    if result.returncode != 0:
        return {"benchmark": module, "size": size, "error": result.stderr[-4000:], "seconds": seconds}
    body = json.loads(result.stdout.strip().splitlines()[-1])
    return {**body, "size": size, "seconds": seconds}


def line(figure: dict) -> str:
    holds = {True: "holds", False: "MISSES", None: ""}[figure.get("holds")]
    baseline = (
        f"  vs {figure['baseline']} ({figure['baseline_name']})" if figure.get("baseline") is not None else ""
    )
    ratio = f"  ratio {figure['ratio']}" if figure.get("ratio") is not None else ""
    return (
        f"  {figure['name']}: {figure['value']} {figure['unit']}{baseline}{ratio}  {figure['target']} {holds}"
    )


def main() -> int:
    started = time.monotonic()
    made = {str(size): datasets.ensure(size) for size in sorted({SMALL, LARGE})}
    commit = synchronous_commit(LARGE)
    print(f"Datasets: {json.dumps(made)}")
    print(f"PostgreSQL synchronous_commit = {commit} (as configured: durable commits unless it says off)")
    results = []
    for module, sizes in BENCHMARKS:
        for size in sizes:
            result = run(module, size)
            results.append(result)
            print(f"{module} @ {size} clients ({result['seconds']} s)")
            if "error" in result:
                print("  FAILED TO RUN:\n" + result["error"])
            for figure in result.get("figures", []):
                print(line(figure))
    total = round(time.monotonic() - started, 1)
    RESULTS.mkdir(parents=True, exist_ok=True)
    document = {
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": {"python": platform.python_version(), "cpus": os.cpu_count()},
        "synchronous_commit": commit,
        "datasets": made,
        "results": results,
        "total_seconds": total,
    }
    (RESULTS / "latest.json").write_text(json.dumps(document, indent=2, ensure_ascii=False) + "\n")
    print(f"Written bench/results/latest.json; the whole run took {total} s.")
    return 1 if any("error" in result for result in results) else 0


if __name__ == "__main__":
    sys.exit(main())
