#!/usr/bin/env python3
"""`make audit`: pip-audit on the pinned requirements, reported in full, failing only on a known
vulnerability that has a fixed release to move to. A vulnerability without a fix is reported (there is
nothing to upgrade to; docs/operations.md says what to do), and so is a package that could not be checked.

When pip-audit cannot reach its vulnerability data (no network, or a package index that does not serve
PyPI's per-release JSON) nothing has been audited: this says so plainly and does not fail the build, since
a CI run cannot tell that apart from an outage on somebody else's server.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PIP_AUDIT = ROOT / ".venv" / "bin" / "pip-audit"
# requirements-dev.txt includes requirements.txt: the runtime set and the tools that run the tests.
REQUIREMENTS = [ROOT / "requirements-dev.txt"]


def main() -> int:
    with tempfile.TemporaryDirectory() as folder:
        report_path = Path(folder) / "audit.json"
        command = [str(PIP_AUDIT), "--progress-spinner", "off", "--format", "json", "-o", str(report_path)]
        for requirements in REQUIREMENTS:
            command += ["-r", str(requirements)]
        run = subprocess.run(command, capture_output=True, text=True, check=False)  # noqa: S603
        if not report_path.exists():
            last_line = (run.stderr.strip().splitlines() or ["(no output)"])[-1]
            print("pip-audit: NOT AUDITED — pip-audit could not run or reach its vulnerability data:")
            print(f"  {last_line}")
            print("  Not failing the build; run `make audit` where PyPI (or OSV) is reachable.")
            return 0
        report = json.loads(report_path.read_text(encoding="utf-8"))
    return summarise(report["dependencies"])


def summarise(dependencies: list[dict]) -> int:
    skipped = [d for d in dependencies if "skip_reason" in d]
    audited = [d for d in dependencies if "skip_reason" not in d]
    fixable, unfixable = [], []
    for dependency in audited:
        for vulnerability in dependency.get("vulns", []):
            entry = (dependency, vulnerability)
            (fixable if vulnerability.get("fix_versions") else unfixable).append(entry)

    print(f"pip-audit: {len(audited)} of {len(dependencies)} packages audited, {len(skipped)} could not be.")
    for dependency, vulnerability in fixable:
        fixes = ", ".join(vulnerability["fix_versions"])
        print(f"  VULNERABLE {name_version(dependency)}: {vulnerability['id']} (fixed in {fixes})")
    for dependency, vulnerability in unfixable:
        print(f"  vulnerable, no fix yet: {name_version(dependency)}: {vulnerability['id']}")
    if skipped:
        reasons = sorted({d["skip_reason"].split(":")[0] for d in skipped})
        print(f"  not audited ({len(skipped)}): {', '.join(d['name'] for d in skipped)}")
        print(f"  why: {'; '.join(reasons)}")
    if not audited:
        print("pip-audit: NOT AUDITED — its vulnerability service had data for none of the packages")
        print("  (e.g. a package index that answers no per-release queries). Not failing the build.")
    elif not fixable and not unfixable:
        print("pip-audit: no known vulnerabilities in the audited packages.")
    if fixable:
        print(f"pip-audit: {len(fixable)} known vulnerabilities have a fix: upgrade the pins above.")
        return 1
    return 0


def name_version(dependency: dict) -> str:
    return f"{dependency['name']} {dependency['version']}"


if __name__ == "__main__":
    sys.exit(main())
