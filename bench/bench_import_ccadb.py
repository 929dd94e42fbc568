#!/usr/bin/env python3
"""`ledger import ccadb` benchmark (issue 15). Not a test: prints the times of one run.

    python bench/bench_import_ccadb.py [--owners 300] [--rows 24] [--repeat 3]

Generates a CCADB "All Certificate Records" report of about 9 MB (the size of the public
report): the real header, and rows modelled on the real sample (../shared/data/ccadb/) for
`--owners` CA owners with on average `--rows` CA certificates each (roots, intermediates
with "Audits Same as Parent", several audit kinds, CP/CPS). Then, as a whole process (as
installed, bytecode cached): the first import of one owner into an empty ledger, and a
re-import of the same report (nothing to change). Baseline in the same run: a bare
`csv.reader` pass over the whole file in this process. Target: each import under 2 s.
"""

from __future__ import annotations

import argparse
import csv
import io
import random
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.bench_validate import _ENV  # noqa: E402

SAMPLE = ROOT.parent / "shared" / "data" / "ccadb" / "AllCertificateRecords-sample.csv"
OUT = ROOT / "bench" / "out"
OWNER = "Example Owner 0042"


def generate(path: Path, owners: int, rows: int, seed: int = 0) -> int:
    """Write the report; return its size in bytes."""
    rng = random.Random(seed)
    with SAMPLE.open(encoding="utf-8-sig", newline="") as handle:
        header, *samples = list(csv.reader(handle))
    col = {name: i for i, name in enumerate(header)}
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    for n in range(owners):
        owner = f"Example Owner {n:04d}"
        # the owner imported is a large one: three times the average
        count = 3 * rows if owner == OWNER else max(1, int(rng.expovariate(1 / rows)))
        roots: list[list[str]] = []
        for i in range(count):
            row = list(rng.choice(samples))
            sha = f"{rng.getrandbits(256):064X}"
            row[col["CA Owner"]] = owner
            row[col["Salesforce Record ID"]] = f"A{n:04d}{i:04d}"
            row[col["Certificate Name"]] = f"{owner} CA {i}"
            row[col["SHA-256 Fingerprint"]] = sha
            if i % 5 == 0 or not roots:
                row[col["Certificate Record Type"]] = "Root Certificate"
                roots.append(row)
            else:
                parent = rng.choice(roots)
                row[col["Certificate Record Type"]] = "Intermediate Certificate"
                row[col["Parent Salesforce Record ID"]] = parent[col["Salesforce Record ID"]]
                row[col["Parent SHA-256 Fingerprint"]] = parent[col["SHA-256 Fingerprint"]]
                row[col["Parent Certificate Name"]] = parent[col["Certificate Name"]]
                if rng.random() < 0.7:
                    row[col["Audits Same as Parent"]] = "True"
                    row[col["CP/CPS Same as Parent"]] = "True"
                    for name in header:
                        if " Audit " in name and name != "Audits Same as Parent":
                            row[col[name]] = ""
            crl = f"http://crl.example-{n}.test/ca{i}.crl"
            row[col["JSON Array of All Full CRL URLs"]] = f'["{crl}"]'
            writer.writerow(row)
    path.write_text(out.getvalue(), encoding="utf-8")
    return path.stat().st_size


def bare(path: Path) -> float:
    start = time.perf_counter()
    with path.open(encoding="utf-8-sig", newline="") as handle:
        for _row in csv.reader(handle):
            pass
    return time.perf_counter() - start


def run(args: list[str]) -> float:
    start = time.perf_counter()
    done = subprocess.run([str(Path(sys.executable).parent / "ledger"), *args], env=_ENV,
                          capture_output=True, text=True, check=False)  # fmt: skip
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"ledger {' '.join(args)} failed: {done.stderr}")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--owners", type=int, default=300)
    parser.add_argument("--rows", type=int, default=24)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    report = OUT / "ccadb-report.csv"
    size = generate(report, args.owners, args.rows)
    ledger = OUT / "ccadb-ledger"
    first = again = base = float("inf")
    for _ in range(args.repeat):
        shutil.rmtree(ledger, ignore_errors=True)
        (ledger / "ledger").mkdir(parents=True)
        command = ["import", "ccadb", str(report), "--owner", OWNER, "--root", str(ledger)]
        first = min(first, run(command))
        again = min(again, run(command))
        base = min(base, bare(report))
    records = len(list(ledger.rglob("*.yaml")))
    print(f"report: {size / 1e6:.1f} MB, {args.owners} owners; {OWNER}: {records} records")
    print(f"bare csv.reader pass over the report: {base:.3f} s")
    print(f"first import of one owner (process): {first:.3f} s ({first / base:.1f}x the pass)")
    print(f"re-import, nothing to change (process): {again:.3f} s ({again / base:.1f}x)")
    print(f"target: each under 2 s: {'met' if max(first, again) < 2 else 'NOT met'}")


if __name__ == "__main__":
    main()
