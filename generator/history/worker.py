"""A worker process of `workers.Parser`, started isolated (`python -I`, see `workers.COMMAND`).

It reads blank-line-terminated lists of blob names on stdin, reads those blobs through its
own `git cat-file --batch` and reduces each to the keys field history reads (`quick.read`).
It answers each request with one line: a JSON list of [sha, slim] pairs.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import IO

from generator.history import git, quick


def work(repo: git.Repo, requests: IO[bytes], answers: IO[str]) -> None:
    batch = git.Batch(repo)
    names: list[str] = []
    for line in requests:
        if name := line.strip().decode():
            names.append(name)
            continue
        done = [(sha, quick.read(raw)) for sha, raw in batch.read(names)]
        answers.write(json.dumps(done, separators=(",", ":")) + "\n")
        answers.flush()
        names = []
    batch.close()


def main() -> None:
    work(git.open_repo(Path(sys.argv[1])), sys.stdin.buffer, sys.stdout)


if __name__ == "__main__":
    main()
