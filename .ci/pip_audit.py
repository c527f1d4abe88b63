"""pip-audit over requirements.lock (the exact pinned versions a deployment installs), for .ci/run.

Fails (exit 1) on any known vulnerability, naming the package, the version, the advisory and the fixed versions.
pip-audit reads PyPI's per-version JSON (pypi.org/pypi/<name>/<version>/json); a package it cannot look up is
skipped, not failed. Where none could be looked up (this workplace's machines reach PyPI's package index but
not that JSON), the audit says so plainly and passes, unless PIP_AUDIT_STRICT=1, which then fails: an audit
that checked nothing is never reported as clean.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
COMMAND = [
    str(ROOT / ".venv" / "bin" / "pip-audit"),
    "--requirement",
    str(ROOT / "requirements.lock"),
    "--no-deps",  # the lock is complete and pinned: audit it as written, resolve nothing
    "--disable-pip",
    "--progress-spinner",
    "off",
    "--format",
    "json",
]


def say(line: str) -> None:
    sys.stdout.write(line + "\n")


def main() -> int:
    done = subprocess.run(COMMAND, capture_output=True, text=True, check=False)  # noqa: S603 - fixed command
    try:
        report = json.loads(done.stdout)
    except ValueError:
        sys.stderr.write(done.stderr)
        say(f"pip-audit: no report (exit {done.returncode})")
        return 1
    dependencies = report["dependencies"]
    audited = [d for d in dependencies if "skip_reason" not in d]
    vulnerable = [d for d in audited if d.get("vulns")]
    for d in vulnerable:
        for v in d["vulns"]:
            fixed = ", ".join(v.get("fix_versions") or []) or "no fixed version"
            say(f"VULNERABLE {d['name']} {d['version']}: {v['id']} (fixed in: {fixed})")
    say(
        f"pip-audit: {len(audited)} of {len(dependencies)} pinned packages audited, {len(vulnerable)} vulnerable"
    )
    if vulnerable:
        return 1
    if not audited:
        say(
            "pip-audit: no package could be looked up (PyPI's vulnerability data is not reachable from here); "
            "nothing was checked. PIP_AUDIT_STRICT=1 makes this a failure."
        )
        return 1 if os.environ.get("PIP_AUDIT_STRICT") == "1" else 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
