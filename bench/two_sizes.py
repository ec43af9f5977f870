"""For a benchmark that compares the large dataset with the small one: run with the large size, it
measures the small one in a child process (`--raw`, its own environment) and then the large one itself."""

from __future__ import annotations

import argparse
import json
import subprocess
from collections.abc import Callable

from bench import harness


def both(module: str, measure: Callable[[int], dict]) -> tuple[argparse.Namespace, dict, dict] | None:
    """(arguments, small, large); None when this process only had to print one size's measurements."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--size", type=int, required=True)
    parser.add_argument("--small", type=int, default=harness.SMALL)
    parser.add_argument("--large", type=int, default=harness.LARGE)
    parser.add_argument("--raw", action="store_true", help="print this size's measurements only")
    arguments = parser.parse_args()
    if arguments.raw or arguments.size != arguments.large:
        print(json.dumps(measure(arguments.size)))
        return None
    result = subprocess.run(
        [harness.PYTHON, "-m", f"bench.{module}", "--size", str(arguments.small), "--raw"],
        cwd=harness.ROOT, env=harness.environment(arguments.small), capture_output=True, text=True,
        check=True,
    )  # fmt: skip
    small = json.loads(result.stdout.strip().splitlines()[-1])
    return arguments, small, measure(arguments.large)


def p50_ratio(
    label: str, large: dict, small: dict, arguments: argparse.Namespace, *, what: str, suffix: str = ""
) -> harness.Figure:
    """The large size's p50 against the small size's, target <= 2 (`large`/`small`: summary_ms results)."""
    return harness.ratio_figure(
        f"{label} p50 at {arguments.large} vs {arguments.small} clients{suffix}",
        large["p50_ms"],
        small["p50_ms"],
        unit="ms",
        baseline_name=f"the same {what} at {arguments.small} clients",
        at_most=2.0,
        large=large,
        small=small,
    )
