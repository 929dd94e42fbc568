"""A damaged `.git` gives one clear error, exit 2, for every command that reads the history.

`ledger build` stops too (as for a shallow clone): pages without their history would hide
the findings that need it; `--no-history` builds without. The previous site stays whole.
"""

from __future__ import annotations

import hashlib
import re
import shutil
from pathlib import Path

import pytest
from history_repo import Repo, isolate

from generator.cli import main
from generator.publish import swap

PROJECT = Path(__file__).resolve().parent.parent
RECORD = "incidents/2024/cfca-cpr-response.yaml"
DAMAGED = re.compile(r"^error: git cannot read the repository at .+ \(.+\) — the repository may "
                     r"be damaged: run `git fsck`", re.M)


def empty_head(git_dir: Path) -> None:
    (git_dir / "HEAD").write_text("")


def broken_ref(git_dir: Path) -> None:
    (git_dir / "refs" / "heads" / "main").write_text("3f2a\n")  # a truncated sha


def garbage_objects(git_dir: Path) -> None:
    for obj in (git_dir / "objects").glob("??/*"):
        obj.chmod(0o644)
        obj.write_bytes(b"garbage")


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Repo:
    isolate(monkeypatch, tmp_path / "home")
    repo = Repo(tmp_path / "repo")
    for top in ("incidents", "ledger"):
        shutil.copytree(PROJECT / top, repo.path / top)
    repo.commit("Example ledger", "2025-04-03T00:00:00Z")
    (repo.path / "incidents" / "README.md").write_text("# Incidents\n")
    repo.commit("Readme", "2025-04-04T00:00:00Z")
    return repo


def readers(root: Path) -> dict[str, list[str]]:
    r = ["--root", str(root)]
    return {
        "history": ["history", *r, RECORD],
        "diff": ["diff", *r, "HEAD~1", "HEAD"],
        "check-at": ["check", *r, "--at", "HEAD", "--as-of", "2025-06-01"],
    }


@pytest.mark.parametrize("damage", [empty_head, broken_ref, garbage_objects])
@pytest.mark.parametrize("command", ["history", "diff", "check-at"])
def test_history_readers_say_the_repository_is_damaged(
    repo: Repo, damage: object, command: str, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = readers(repo.path)[command]
    assert main(argv) in (0, 1), capsys.readouterr().err  # works before the damage
    capsys.readouterr()
    damage(repo.path / ".git")  # type: ignore[operator]
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert DAMAGED.search(err), err
    assert "Traceback" not in err and "internal error" not in err


def tree(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.mark.parametrize("damage", [empty_head, broken_ref, garbage_objects])
def test_build_stops_and_keeps_the_previous_site(
    repo: Repo, tmp_path: Path, damage: object, capsys: pytest.CaptureFixture[str]
) -> None:
    site = tmp_path / "out" / "site"
    argv = ["build", "--root", str(repo.path), "--site-dir", str(site), "--as-of", "2025-06-01"]
    assert main(argv) == 0, capsys.readouterr().err
    first = tree(site)
    assert "index.html" in first
    damage(repo.path / ".git")  # type: ignore[operator]
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert DAMAGED.search(err), err
    assert "--no-history" in err
    assert tree(site) == first
    assert not [p for p in site.parent.iterdir() if swap.TAG in p.name]
    # the way out the message names: a build without the history
    assert main([*argv, "--no-history"]) == 0, capsys.readouterr().err
