"""The facts of every record version, parsed while the log still streams.

`git log` keeps one core busy for as long as it runs, and parsing the versions it names
costs about as much again. So `Parser.offer` hears of each blob as the log names it and,
once there are START_AT of them (below that, starting processes costs more than it saves),
hands them CHUNK at a time to worker processes (`python -I`, see COMMAND),
each with its own `git cat-file --batch`, which parse them on the other cores meanwhile.
`Parser.read` collects their answers and parses what is left (the last partial chunk, the
versions of files whose final path is a record but whose path at the time was not, and
everything if a worker failed) in this process. A blob is parsed once however often it
appears: same sha, same content, same facts.
"""

from __future__ import annotations

import json
import os
import queue
import subprocess
import sys
import threading
from pathlib import Path
from typing import IO

import generator
from generator.history import git, quick
from generator.history.fields import Facts, facts_of, kind_of
from generator.history.logparse import NULL_SHA, Change

START_AT = 1000
# -I: isolated, so neither the cwd (where a `generator.py` could wait) nor PYTHON* variables nor
# the user's site-packages reach the worker; the package's own folder goes first on its path
BOOT = (
    "import sys; sys.path.insert(0, sys.argv.pop(1)); "
    "import generator.history.worker as w; w.main()"
)
COMMAND = [sys.executable, "-I", "-c", BOOT]  # + the package's parent folder, the ledger root
CHUNK = 100  # names per request: about 4 KB, which fits a pipe whole
MAX_WORKERS = 4


class Parser:
    """`offer` each change as the log streams; `read` the facts of the versions wanted."""

    def __init__(
        self, repo: git.Repo, *, start_at: int | None = None, workers: int | None = None
    ) -> None:
        self.repo = repo
        self.start_at = START_AT if start_at is None else start_at
        # git log keeps one core busy: the workers get the others (none on one core, where
        # they would only take turns with git log, so this process parses everything)
        self.count = min(MAX_WORKERS, _cores() - 1) if workers is None else workers
        self.offered: set[str] = set()
        self.pending: list[str] = []
        self.workers: list[_Worker] = []

    def offer_tree(self, listing: dict[str, str]) -> None:
        """The versions in HEAD (path → sha): known before git log writes its first line.

        With --topo-order git walks the whole history before it writes anything; the workers
        spend that time on HEAD's versions, which are every file's last version.
        """
        for path, sha in listing.items():
            self._add(path, (sha,))

    def offer(self, change: Change) -> None:
        self._add(change.path, (*change.olds, change.new))

    def _add(self, path: str, shas: tuple[str, ...]) -> None:
        if kind_of(path) is None:
            return
        for sha in shas:
            if sha != NULL_SHA and sha not in self.offered:
                self.offered.add(sha)
                self.pending.append(sha)
                if self.count and len(self.pending) >= CHUNK and len(self.offered) >= self.start_at:
                    self._send()

    def _send(self) -> None:
        if not self.workers:
            self.workers = [_Worker(self.repo.root) for _ in range(self.count)]
        min(self.workers, key=lambda w: w.outstanding).put(self.pending)
        self.pending = []

    def __enter__(self) -> Parser:
        return self

    def __exit__(self, *exc: object) -> None:
        for worker in self.workers:
            worker.stop()
        self.workers = []

    def read(self, wanted: dict[str, str]) -> dict[str, Facts | None]:
        """Facts of each wanted blob (sha → its file's final path); None if it does not load."""
        slims: dict[str, quick.Slim | None] = {}
        for worker in self.workers:
            slims.update(worker.finish())
        self.workers = []
        missing = sorted(sha for sha in wanted if sha not in slims)
        slims.update((sha, quick.read(raw)) for sha, raw in git.blobs(self.repo, missing))
        return {sha: _facts(path, slims[sha]) for sha, path in wanted.items()}


def _cores() -> int:
    """The cores this process may run on (a CPU affinity or container limit narrows them)."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def _facts(path: str, slim: quick.Slim | None) -> Facts | None:
    kind = kind_of(path)
    return None if slim is None or kind is None else facts_of(kind, slim)


class _Worker:
    """One worker process, with a thread that feeds it and one that collects its answers.

    Neither side waits on the other: the log reader only queues names, the worker answers
    each request as soon as it is parsed, and `outstanding` lets `Parser` give the next
    request to the worker with the least left to do.
    """

    def __init__(self, root: Path) -> None:
        package_dir = str(Path(generator.__file__).resolve().parent.parent)
        self.proc = subprocess.Popen(
            [*COMMAND, package_dir, str(root.resolve())],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
        )
        self.queue: queue.SimpleQueue[list[str] | None] = queue.SimpleQueue()
        self.answers: dict[str, quick.Slim | None] = {}
        self.sent = self.done = 0
        self.threads = [
            threading.Thread(target=self._feed, daemon=True),
            threading.Thread(target=self._collect, daemon=True),
        ]
        for thread in self.threads:
            thread.start()

    @property
    def outstanding(self) -> int:
        return self.sent - self.done

    def put(self, names: list[str]) -> None:
        self.sent += 1
        self.queue.put(names)

    def _feed(self) -> None:
        stdin: IO[bytes] = self.proc.stdin  # type: ignore[assignment]
        try:
            while (names := self.queue.get()) is not None:
                stdin.write("".join(name + "\n" for name in names).encode() + b"\n")
                stdin.flush()
            stdin.close()
        except OSError:  # the worker died: `read` parses what it did not answer
            return

    def _collect(self) -> None:
        stdout: IO[bytes] = self.proc.stdout  # type: ignore[assignment]
        try:
            for line in stdout:
                self.answers.update((sha, slim) for sha, slim in json.loads(line))
                self.done += 1
        except (ValueError, TypeError):  # a worker cut off mid-answer: the rest is re-parsed
            return

    def finish(self) -> dict[str, quick.Slim | None]:
        """Its answers (a failed worker's are missing: `read` parses those itself)."""
        self.queue.put(None)
        for thread in self.threads:
            thread.join()
        with self.proc:  # closes the pipes and waits
            pass
        return self.answers

    def stop(self) -> None:
        """End a worker whose answers are no longer wanted (the log failed half-way)."""
        if self.proc.poll() is None:
            self.proc.kill()
        self.finish()
