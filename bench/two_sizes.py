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
