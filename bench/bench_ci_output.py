#!/usr/bin/env python3
"""CI output size (issue 13). Not a test: prints what `ledger check` hands GitHub Actions.

    python bench/bench_ci_output.py [--incidents 1000] [--commits 1500] [--as-of 2026-01-01]

On a generated ledger with git history, runs `ledger check` as the pull-request workflow does
(GITHUB_ACTIONS=true, a GITHUB_STEP_SUMMARY file, `--report`) and prints the job summary's
size against GitHub's 1 MiB limit, the annotations emitted (GitHub shows 10 of a kind per
step), the findings in the report, and the SARIF size with and without info-level findings.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.gen_ledger import generate  # noqa: E402

LIMIT = 1024 * 1024


def ledger(root: Path, *args: str, env: dict[str, str] | None = None) -> str:
    exe = Path(sys.executable).parent / "ledger"
    done = subprocess.run(
        [str(exe), *args],
        cwd=root,
        env={**os.environ, **(env or {})},
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode not in (0, 1):
        raise SystemExit(done.stderr)
    return done.stdout


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--incidents", type=int, default=1000)
    parser.add_argument("--commits", type=int, default=1500)
    parser.add_argument("--as-of", default="2026-01-01")
    opts = parser.parse_args()
    root = ROOT / "bench" / "out" / f"ci-{opts.incidents}-{opts.commits}"
    if not root.exists():
        generate(root, opts.incidents, seed=1, git_commits=opts.commits)
    with tempfile.TemporaryDirectory() as tmp:
        summary, report = Path(tmp) / "summary.md", Path(tmp) / "findings.json"
        env = {"GITHUB_ACTIONS": "true", "GITHUB_STEP_SUMMARY": str(summary)}
        out = ledger(root, "check", "--as-of", opts.as_of, "--report", str(report), env=env)
        annotations = [line for line in out.splitlines() if line.startswith("::")]
        findings = json.loads(report.read_text("utf-8"))
        sarif = ledger(root, "check", "--as-of", opts.as_of, "--format", "sarif")
        every = ledger(
            root, "check", "--as-of", opts.as_of, "--format", "sarif", "--min-severity", "info"
        )
        size = summary.stat().st_size
    print(f"ledger: {opts.incidents} incidents, {opts.commits} commits, as of {opts.as_of}")
    print(f"job summary: {size:,} bytes ({size / LIMIT:.2f} of GitHub's 1 MiB)")
    kinds = {
        k: sum(a.startswith(f"::{k} ") for a in annotations) for k in ("error", "warning", "notice")
    }
    print(f"annotations: {len(annotations)} {kinds}")
    counts = {s: sum(f["severity"] == s for f in findings) for s in ("error", "warning", "info")}
    print(f"report (--report): {len(findings):,} findings {counts}")
    print(
        f"SARIF: {len(sarif.encode()):,} bytes; with info-level findings "
        f"(--min-severity info): {len(every.encode()):,} bytes"
    )


if __name__ == "__main__":
    main()
