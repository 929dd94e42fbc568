#!/usr/bin/env python3
"""Deadline engine benchmark (issue 3). Not a test: prints the ratio measured in one run.

    python bench/bench_check.py [--incidents 10000] [--repeat 3]
    python bench/bench_check.py --history [REPO] [--repeat 3]

`ledger check` against `ledger validate` on the same generated ledger, each as a whole
process with `--format json` to /dev/null, best of `--repeat` alternating runs. Target: check
costs less than 1.1x validate (the rules are nearly free; loading is the cost). Also prints
the in-process time of `engine.evaluate` alone and how many findings it produced.

With `--history`, on a generated git repository (default bench/out/history-repo: 10,000
incidents, 20,000 commits, as bench_history.py makes it): check reads the git history and
judges each deadline as things stood. Target: within 2x validate, the history cache cleared
before every check run (the first run on a new HEAD); the cached run is printed too.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.bench_validate import _ENV, ledger_dir  # noqa: E402
from generator.rules.engine import evaluate  # noqa: E402
from generator.validate import validate  # noqa: E402

AS_OF = "2026-01-01"


def process(args: list[str]) -> float:
    # as installed: bytecode cached (bench_validate's environment), so neither command pays
    # for compiling its modules on every run; the first, untimed runs below write the cache
    start = time.perf_counter()
    subprocess.run([str(Path(sys.executable).parent / "ledger"), *args], env=_ENV,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    return time.perf_counter() - start


def with_history(repo: Path, repeat: int) -> None:
    if not (repo / ".git").exists():
        print(f"generating {repo} ...", flush=True)
        subprocess.run([sys.executable, str(ROOT / "bench" / "gen_ledger.py"), str(repo),
                        "--incidents", "10000", "--git-commits", "20000"], check=True)
    cache = repo / ".git" / "compliance-ledger"
    common = ["--root", str(repo), "--format", "json"]
    process(["validate", *common])
    process(["check", *common, "--as-of", AS_OF])
    validate_t = first_t = cached_t = float("inf")
    for _ in range(repeat):
        validate_t = min(validate_t, process(["validate", *common]))
        shutil.rmtree(cache, ignore_errors=True)
        first_t = min(first_t, process(["check", *common, "--as-of", AS_OF]))
        cached_t = min(cached_t, process(["check", *common, "--as-of", AS_OF]))
    print(f"repository: {repo}")
    print(f"ledger validate               : {validate_t:7.2f} s")
    print(f"ledger check, history read    : {first_t:7.2f} s  ratio {first_t / validate_t:.3f}x "
          "(target <= 2x)")
    print(f"ledger check, history cached  : {cached_t:7.2f} s  ratio {cached_t / validate_t:.3f}x")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--incidents", type=int, default=10000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--history", nargs="?", type=Path, const=ROOT / "bench/out/history-repo",
                        default=None, metavar="REPO")
    args = parser.parse_args()
    if args.history is not None:
        with_history(args.history, args.repeat)
        return
    root = ledger_dir(args.incidents)
    start = time.perf_counter()
    result = validate(root)
    validate_in = time.perf_counter() - start
    as_of = datetime.fromisoformat(AS_OF + "T23:59:59+00:00")
    for keep in (False, True):
        start = time.perf_counter()
        evaluation = evaluate(result.ledger, as_of=as_of, now=datetime.now(UTC), keep_history=keep)
        engine_t = time.perf_counter() - start
        print(f"in process: validate {validate_in:.2f} s; evaluate (history {'kept' if keep else 'skipped'}) "
              f"{engine_t:.2f} s = {engine_t / validate_in:.3f}x; {len(evaluation.open)} open, "
              f"{len(evaluation.history)} history")
    common = ["--root", str(root), "--format", "json"]
    # bench/out lies inside this project's repository: --no-history keeps git out of it
    plain = ["check", *common, "--as-of", AS_OF, "--no-history"]
    process(["validate", *common])
    process(plain)
    validate_t = check_t = float("inf")
    for _ in range(args.repeat):
        validate_t = min(validate_t, process(["validate", *common]))
        check_t = min(check_t, process(plain))
    print(f"ledger validate : {validate_t:7.2f} s")
    print(f"ledger check    : {check_t:7.2f} s  ratio {check_t / validate_t:.3f}x (target < 1.1x)")


if __name__ == "__main__":
    main()
