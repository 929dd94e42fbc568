#!/usr/bin/env python3
"""Bulk Bugzilla import benchmark (issue 16). Not a test: prints times measured in one run.

    python bench/bench_import.py [--bugs 1700] [--repeat 3]

1. `ledger import bugzilla SEARCH.json` of N generated bugs (`gen_bugs.py`, shaped like the
   real sample) into an empty ledger, as a whole process. Target: under 10 s for 1,700.
   Baseline in the same run: `ledger validate` of the imported ledger (the import validates
   every draft once, so it cannot cost less than that plus writing the files).
2. The same import again (a sync that finds nothing changed): every file byte-identical.
3. `ledger validate` clean, `ledger check` and `ledger build` run on the result.
Best of `--repeat` runs.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.gen_bugs import search  # noqa: E402

OUT = ROOT / "bench" / "out" / "import"
LEDGER = Path(sys.executable).parent / "ledger"  # the ledger installed with this Python


def ledger(*args: str) -> tuple[float, subprocess.CompletedProcess[str]]:
    began = time.perf_counter()
    done = subprocess.run([str(LEDGER), *args], capture_output=True, text=True, check=False)
    return time.perf_counter() - began, done


def fresh(root: Path) -> None:
    if root.exists():
        shutil.rmtree(root)  # bench/out is the benchmark's own scratch folder
    (root / "incidents").mkdir(parents=True)
    (root / "ledger").mkdir()
    (root / "ledger" / "policy.yaml").write_text("schema_version: 1\ntimezone: UTC\n")


def digest(root: Path) -> str:
    h = hashlib.sha256()
    for path in sorted((root / "incidents").rglob("*.yaml")):
        h.update(path.read_bytes())
    return h.hexdigest()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--bugs", type=int, default=1700)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--no-build", action="store_true", help="skip `ledger build` (slow)")
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    reply = OUT / "search.json"
    reply.write_text(json.dumps(search(args.bugs)), "utf-8")
    root = OUT / "ledger"
    imports, validates = [], []
    for _ in range(args.repeat):
        fresh(root)
        took, done = ledger("import", "bugzilla", str(reply), "--root", str(root))
        assert done.returncode == 0, done.stderr[-2000:]
        imports.append(took)
        took, done = ledger("validate", "--root", str(root))
        assert done.returncode == 0, done.stdout[-2000:]
        validates.append(took)
    before = digest(root)
    again, done = ledger("import", "bugzilla", str(reply), "--root", str(root))
    assert done.returncode == 0 and digest(root) == before, "re-import changed files"
    files = len(list((root / "incidents").rglob("*.yaml")))
    print(f"bugs: {args.bugs}, incident files written: {files}")
    print(f"import into an empty ledger: {min(imports):.2f} s (target < 10 s)")
    print(f"ledger validate of the result: {min(validates):.2f} s "
          f"(import/validate {min(imports) / min(validates):.2f}x)")  # fmt: skip
    print(f"import again (sync, nothing changed, files byte-identical): {again:.2f} s")
    took, done = ledger("check", "--root", str(root))
    print(f"ledger check: exit {done.returncode} in {took:.2f} s ({done.stderr.strip()[-120:]})")
    if args.no_build:
        return
    took, done = ledger("build", "--root", str(root), "--site-dir", str(OUT / "site"))
    print(f"ledger build: exit {done.returncode} in {took:.2f} s")


if __name__ == "__main__":
    main()
