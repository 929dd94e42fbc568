"""A real temporary git repository with pinned names, e-mails and dates, for the history tests."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from generator import history
from generator.cli import main
from generator.history import git
from generator.history.build import Strict, build
from generator.history.logparse import LOG_ARGS, parse

ALICE = ("Alice Auditor", "alice@example.org")
BOB = ("Bob Builder", "bob@example.org")


def isolate(monkeypatch: pytest.MonkeyPatch, home: Path) -> None:
    """No user or system git config: GitPython's git processes inherit this environment too."""
    home.mkdir(exist_ok=True)
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(home / "gitconfig"))
    for name in ("GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GITHUB_ACTIONS"):
        monkeypatch.delenv(name, raising=False)


class Repo:
    def __init__(self, path: Path) -> None:
        self.path = path
        path.mkdir(parents=True, exist_ok=True)
        self.git("init", "-q", "-b", "main")

    def git(
        self, *args: str, date: str = "2024-01-01T00:00:00Z", who: tuple[str, str] = ALICE
    ) -> str:
        env = {
            "GIT_AUTHOR_NAME": who[0],
            "GIT_AUTHOR_EMAIL": who[1],
            "GIT_AUTHOR_DATE": date,
            "GIT_COMMITTER_NAME": who[0],
            "GIT_COMMITTER_EMAIL": who[1],
            "GIT_COMMITTER_DATE": date,
        }
        import os

        done = subprocess.run(
            ["git", *args],
            cwd=self.path,
            env={**os.environ, **env},
            capture_output=True,
            text=True,
            check=True,
        )
        return done.stdout

    def write(self, rel: str, text: str) -> None:
        target = self.path / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")

    def commit(self, message: str, date: str, who: tuple[str, str] = ALICE) -> str:
        self.git("add", "-A")
        self.git("commit", "-q", "-m", message, date=date, who=who)
        return self.git("rev-parse", "HEAD").strip()


def incident(*, status: str = "open", items: str = "", updates: str = "", extra: str = "") -> str:
    """A valid incident record; `items` and `updates` are YAML list lines (2-space indented)."""
    text = (
        "title: Example incident\n"
        f"status: {status}\n"
        "opened: 2024-05-01T09:00Z\n"
        "owner: PKI team\n"
        "summary: An example.\n"
        "next_update: 2024-12-31\n"
        "timeline:\n"
        "  - {at: 2024-05-01T09:00Z, event: Reported.}\n"
    )
    if status == "closed":
        text += (
            "resolution: fixed\nclosed: 2024-09-01\nclosure:\n  description: d\n"
            "  root_causes: r\n  remediation: m\n  commitments: c\n  attested: true\n"
            "  posted: 2024-09-01\n"
        )
    if items:
        text += "action_items:\n" + items
    if updates:
        text += "updates:\n" + updates
    reports = (
        "reports:\n  - {kind: preliminary, at: 2024-05-01T09:00Z}\n"
        "  - {kind: full, at: 2024-05-01T09:00Z}\n"
    )
    return text + reports + extra


def item(ident: str, due: str, status: str = "ongoing", completed: str | None = None) -> str:
    done = f", completed: {completed}" if completed else ""
    return (
        f"  - {{id: {ident}, action: Fix it., kind: prevent, due: {due}, status: {status}{done}}}\n"
    )


def contact(owner: str, previous: str | None = None) -> str:
    owners = (
        f"  - {{owner: {previous}, until: 2024-03-01}}\n  - {{owner: {owner}, from: 2024-03-01}}\n"
        if previous
        else f"  - {{owner: {owner}}}\n"
    )
    return (
        "address: pki@example.org\npurpose: problem-reporting\nowners:\n"
        + owners
        + "verify_every: 3650\nverifications:\n  - {on: 2024-03-01, by: PKI team}\n"
    )


X = "incidents/x.yaml"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def slipped(repo: Repo, moves: int) -> list[str]:
    """x.yaml whose item `fix` is re-dated `moves` times, one commit a day from 2024-05-01."""
    shas = []
    for n in range(moves + 1):
        repo.write(X, incident(items=item("fix", f"2024-07-{n + 1:02d}")))
        shas.append(
            repo.commit(
                f"fix due 2024-07-{n + 1:02d}",
                f"2024-05-{n + 1:02d}T10:00:00Z",
                BOB if n else ALICE,
            )
        )
    return shas


def codes(out: str) -> list[tuple[str, str]]:
    return [(d["code"], d["path"] + ":" + str(d["line"])) for d in json.loads(out)]


def strict_history(repo: git.Repo, head: str) -> history.History:
    """The reference: the history with every version loaded whole by the strict loader."""
    entries = parse(git.stream(repo, [*LOG_ARGS, head, "--", *history.PATHSPECS]))
    return build(entries, Strict(lambda shas: git.blobs(repo, shas)), head)


@pytest.fixture
def fast_equals_strict(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Every history read with fields is built again by the strict reference, and must be equal.

    Checked at teardown: inside `main` an assertion would become an error message.
    """
    real, real_execute = history._read, git.execute
    differ: list[str] = []

    def checked(repo: git.Repo, head: str, fields: bool) -> history.History:
        got = real(repo, head, fields)
        with pytest.MonkeyPatch.context() as patch:  # not seen by a test that counts git calls
            patch.setattr(git, "execute", real_execute)
            if fields and got != strict_history(repo, head):
                differ.append(head)
        return got

    monkeypatch.setattr(history, "_read", checked)
    yield
    assert not differ, f"the fast field history differs from the strict one at {differ}"
