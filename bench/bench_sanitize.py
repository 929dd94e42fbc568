"""What the HTML allowlist costs a site build: `ledger build` with it, against the same build
with the allowlist switched off, on one generated ledger, in the same run (CPU time of the
build processes, best of `--runs`).

    python bench/bench_sanitize.py [--incidents 1000] [--runs 2]
"""

from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
BUILD = """
import sys
from generator.site import sanitize
if sys.argv[1] == "off":
    sanitize.clean = lambda html: html
from generator.cli import main
sys.exit(main(["build", "--root", sys.argv[2], "--site-dir", sys.argv[3], "--no-history"]))
"""


def cpu(mode: str, root: Path, site: Path) -> float:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run([sys.executable, "-c", BUILD, mode, str(root), str(site)], check=True,
                   stderr=subprocess.DEVNULL)  # fmt: skip
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--incidents", type=int, default=1000)
    ap.add_argument("--runs", type=int, default=2)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "ledger"
        subprocess.run([sys.executable, str(HERE / "gen_ledger.py"), str(root),
                        "--incidents", str(args.incidents)], check=True, capture_output=True)  # fmt: skip
        times = {mode: [] for mode in ("off", "on")}
        for n in range(args.runs):
            for mode in times:
                times[mode].append(cpu(mode, root, Path(tmp) / f"site-{mode}-{n}"))
        off, on = min(times["off"]), min(times["on"])
        pages = sum(1 for _ in (Path(tmp) / "site-on-0").rglob("*.html"))
    print(f"{args.incidents} incidents, {pages} pages: build CPU without the allowlist {off:.1f} s, "
          f"with it {on:.1f} s: {on / off:.3f}x ({(on - off) / pages * 1000:.2f} ms per page)")  # fmt: skip


if __name__ == "__main__":
    main()
