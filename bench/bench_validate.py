#!/usr/bin/env python3
"""Loader and start-up benchmark (issue 2). Not a test: prints ratios measured in one run.

    python bench/bench_validate.py [--incidents 10000] [--repeat 3]

1. Throughput: `generator.validate.validate` on a generated ledger of N incidents, against
   the baseline of libyaml's bare parse of the same files (`yaml.load(..., CSafeLoader)`,
   reading included in both). Target: at most 1.5x, with positions kept.
2. Start-up: `ledger validate` on the example ledger as a whole process, against
   `check-jsonschema` on the same files (one process per record kind, as pre-commit runs it).
   Target: at most 0.5x.
Best of `--repeat` runs for each, alternating, so both see the same machine state.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.gen_ledger import generate  # noqa: E402
from generator.validate import validate  # noqa: E402

KIND_DIRS = {"incident": "incidents", "contact": "ledger/contacts", "problem-report": "ledger/problem-reports"}


def best(func: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return min(times)


def bare_parse(files: list[Path]) -> None:
    for path in files:
        yaml.load(path.read_bytes().decode("utf-8"), Loader=yaml.CSafeLoader)


def ledger_dir(incidents: int) -> Path:
    out = ROOT / "bench" / "out" / f"ledger-{incidents}"
    if not (out / "incidents").is_dir():
        shutil.rmtree(out, ignore_errors=True)
        generate(out, incidents, seed=1)
    return out


def throughput(incidents: int, repeat: int) -> None:
    root = ledger_dir(incidents)
    files = sorted(p for d in KIND_DIRS.values() for p in (root / d).rglob("*.yaml"))
    result = validate(root)
    errors = [d for d in result.diagnostics if d.severity == "error"]
    print(f"ledger: {len(files)} record files, {len(result.ledger.incidents)} valid incidents, {len(errors)} errors")
    parse = validate_t = float("inf")
    for _ in range(repeat):
        parse = min(parse, best(lambda: bare_parse(files), 1))
        validate_t = min(validate_t, best(lambda: validate(root), 1))
    print(f"libyaml bare parse : {parse:7.2f} s  ({parse / len(files) * 1000:.3f} ms/file)")
    print(f"ledger validate    : {validate_t:7.2f} s  ratio {validate_t / parse:.2f}x (target <= 1.5x)")


# As on an installed machine, where pip wrote the bytecode of both tools at install time:
# allow bytecode caching (some shells set PYTHONDONTWRITEBYTECODE) and warm up once.
_ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def process(cmd: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, cwd=ROOT, env=_ENV, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    return time.perf_counter() - start


def startup(repeat: int) -> None:
    bindir = Path(sys.executable).parent
    ledger_cmd = [str(bindir / "ledger"), "validate"]
    cj = str(bindir / "check-jsonschema")
    cj_cmds = []
    for kind, folder in KIND_DIRS.items():
        files = sorted(str(p.relative_to(ROOT)) for p in (ROOT / folder).rglob("*.yaml"))
        if files:
            cj_cmds.append([cj, "--schemafile", f"generator/schemas/{kind}.schema.json", *files])
    process(ledger_cmd)
    for c in cj_cmds:
        process(c)
    ours = theirs = float("inf")
    for _ in range(max(repeat, 5)):
        ours = min(ours, process(ledger_cmd))
        theirs = min(theirs, sum(process(c) for c in cj_cmds))
    print(f"check-jsonschema ({len(cj_cmds)} processes): {theirs:6.3f} s")
    print(f"ledger validate (1 process) : {ours:6.3f} s  ratio {ours / theirs:.2f}x (target <= 0.5x)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--incidents", type=int, default=10000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    throughput(args.incidents, args.repeat)
    startup(args.repeat)


if __name__ == "__main__":
    main()
