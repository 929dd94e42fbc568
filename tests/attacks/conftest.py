"""Attack fixtures: a copy of the example ledger in a real git repository, and a secret outside it.

Every attack runs the real CLI (`main`) or the installed `ledger` in a subprocess and checks
the exact outcome: the exit code, the first line of the error, that no byte of a record
changed (`snapshot`), and that the secret outside the repository reached no output.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from generator.cli import main
from tests.helpers import snapshot
from tests.history_repo import isolate

PROJECT = Path(__file__).resolve().parents[2]
SECRET = "SECRET-d41d8cd98f00b204"  # written outside the repository; must never be printed
AS_OF = ("--as-of", "2025-06-01")
LEDGER = [sys.executable, "-c", "from generator.cli import run; run()"]


@dataclass
class Outcome:
    code: int
    out: str
    err: str

    @property
    def error(self) -> str:
        """The `error: … — …` line, or "" when there is none."""
        lines = [line for line in self.err.splitlines() if line.startswith("error: ")]
        return lines[0] if lines else ""


@dataclass
class Ledger:
    root: Path
    outside: Path  # a folder next to the repository, holding the secret

    def run(self, *argv: str, cwd: Path | None = None) -> Outcome:
        """`ledger ARGV` in-process, from `cwd` (default: the root), output captured."""
        import contextlib
        import io

        out, err = io.StringIO(), io.StringIO()
        old = Path.cwd()
        os.chdir(cwd or self.root)
        try:
            with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
                code = main(list(argv))
        finally:
            os.chdir(old)
        return Outcome(code, out.getvalue(), err.getvalue())

    def spawn(self, *argv: str, cwd: Path | None = None, timeout: float = 120) -> Outcome:
        """`ledger ARGV` in its own process (for concurrency, signals and isolation)."""
        done = subprocess.run(
            [*LEDGER, *argv], cwd=cwd or self.root, capture_output=True, text=True, timeout=timeout
        )
        return Outcome(done.returncode, done.stdout, done.stderr)

    def git(self, *args: str, env: dict[str, str] | None = None, stdin: str | None = None) -> str:
        pinned = {
            "GIT_AUTHOR_NAME": "Ann",
            "GIT_AUTHOR_EMAIL": "ann@example.org",
            "GIT_AUTHOR_DATE": "2024-06-01T12:00:00Z",
            "GIT_COMMITTER_NAME": "Ann",
            "GIT_COMMITTER_EMAIL": "ann@example.org",
            "GIT_COMMITTER_DATE": "2024-06-01T12:00:00Z",
        }
        done = subprocess.run(
            ["git", *args],
            cwd=self.root,
            env={**os.environ, **pinned, **(env or {})},
            input=stdin,
            capture_output=True,
            text=True,
            check=True,
        )
        return done.stdout.strip()

    def commit(self, message: str = "change") -> str:
        self.git("add", "-A")
        self.git("commit", "-q", "--allow-empty", "-m", message)
        return self.git("rev-parse", "HEAD")

    def records(self) -> dict[str, str]:
        return snapshot(self.root)


@pytest.fixture
def ledger(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Ledger]:
    isolate(monkeypatch, tmp_path / "home")
    monkeypatch.delenv("LEDGER_AS_OF", raising=False)
    root = tmp_path / "repo"
    root.mkdir()
    for name in ("incidents", "ledger"):
        shutil.copytree(PROJECT / name, root / name)
    outside = tmp_path / "outside"
    (outside / "2024").mkdir(parents=True)
    (outside / "2024" / "leak.yaml").write_text(f"title: {SECRET}\n")
    (outside / "policy.yaml").write_text(f"# {SECRET}\nschema_version: 1\n")
    made = Ledger(root, outside)
    made.git("init", "-q", "-b", "main")
    made.commit("the example ledger")
    yield made


def assert_no_secret(*texts: str) -> None:
    for text in texts:
        assert SECRET not in text


def tree_text(folder: Path) -> str:
    """Every file under `folder` as one string (to look for the secret in a built site)."""
    if not folder.is_dir():
        return ""
    return "".join(
        p.read_text("utf-8", "replace") for p in sorted(folder.rglob("*")) if p.is_file()
    )
