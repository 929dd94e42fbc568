#!/usr/bin/env python3
"""Benchmark (not a test): the one-pass history against a bare `git log --name-only`.

    python bench/bench_history.py [REPO] [--incidents 10000] [--git-commits 20000]

Without REPO (or when REPO does not exist) it generates one with bench/gen_ledger.py. In the
same run it times, over the same range and paths:

1. bare:    `git log --name-only` over the range, output read and thrown away;
2. commits: `read_history(fields=False)`, empty cache: every file's commits, created, last
            changed, authors, renames (one `git log -M --raw` pass, parsed as a stream);
3. fields:  `read_history()`, empty cache: the same plus the field history, which reads
            every distinct historical version of every record (libyaml events, the strict
            loader as fallback) in worker processes while the log streams;
4. cached:  `read_history()` again (the cache keyed by HEAD).

Targets: commits and fields <= 2x bare; cached <= 0.1x fields. Each figure is the best of
--repeat runs; the ratios compare figures of the same run.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from generator.history import cache, read_history
from generator.history.git import open_repo


def best(runs: int, step: Callable[[], object], before: Callable[[], None] = lambda: None) -> float:
    times = []
    for _ in range(runs):
        before()
        start = time.perf_counter()
        step()
        times.append(time.perf_counter() - start)
    return min(times)


def bare_log(repo: Path) -> None:
    with subprocess.Popen(["git", "log", "--name-only", "--format=%H", "HEAD", "--",
                           "incidents", "ledger"], cwd=repo, stdout=subprocess.PIPE) as proc:
        assert proc.stdout is not None
        while proc.stdout.read(1 << 20):
            pass


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("repo", nargs="?", type=Path, default=Path("bench/out/history-repo"))
    parser.add_argument("--incidents", type=int, default=10000)
    parser.add_argument("--git-commits", type=int, default=20000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    if not (args.repo / ".git").exists():
        print(f"generating {args.repo} ...", flush=True)
        subprocess.run([sys.executable, "bench/gen_ledger.py", str(args.repo), "--incidents",
                        str(args.incidents), "--git-commits", str(args.git_commits)], check=True)
    folder = cache.folder(open_repo(args.repo).git_dir)
    commits = subprocess.run(["git", "rev-list", "--count", "HEAD"], cwd=args.repo,
                             capture_output=True, text=True, check=True).stdout.strip()
    bare = best(args.repeat, lambda: bare_log(args.repo))
    def clear() -> None:
        shutil.rmtree(folder, ignore_errors=True)

    commits_only = best(args.repeat, lambda: read_history(args.repo, fields=False), clear)
    first = best(args.repeat, lambda: read_history(args.repo), clear)
    cached = best(args.repeat, lambda: read_history(args.repo))
    history = read_history(args.repo)
    changes = sum(len(f.changes) for f in history.files.values())
    print(f"repository: {args.repo} ({commits} commits, {len(history.files)} files, "
          f"{changes} field changes)")
    print(f"bare git log --name-only  {bare:8.2f} s")
    print(f"history of every file     {commits_only:8.2f} s  ({commits_only / bare:.2f}x bare; "
          "target <= 2x)")
    print(f"  + field history         {first:8.2f} s  ({first / bare:.2f}x bare; target <= 2x)")
    print(f"second run (cached)       {cached:8.2f} s  ({cached / first:.3f}x the first; "
          "target <= 0.1x)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
