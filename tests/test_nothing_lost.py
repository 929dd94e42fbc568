"""Commands that read never write into the record folders (issue 7, item 4).

The example ledger, plus a few hostile records, is copied into a real git repository with
pinned dates; every file under incidents/ and ledger/ is hashed before and after each command.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from generator.cli import main
from helpers import snapshot
from history_repo import Repo, isolate

PROJECT = Path(__file__).resolve().parent.parent
HOSTILE = Path(__file__).resolve().parent / "hostile"
EXTRA = {  # records that are valid but unusual: they must stay byte for byte as they are
    "incidents/crlf.yaml": (HOSTILE.parent / "cases" / "valid" / "crlf" / "incidents" / "inc-a.yaml"),
    "incidents/bom.yaml": (HOSTILE / "bom-accepted" / "incidents" / "inc-a.yaml"),
    "incidents/bidi.yaml": (HOSTILE / "bidi-in-title" / "incidents" / "inc-a.yaml"),
}


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Repo:
    isolate(monkeypatch, tmp_path / "home")
    repo = Repo(tmp_path / "repo")
    for top in ("incidents", "ledger"):
        shutil.copytree(PROJECT / top, repo.path / top)
    repo.commit("Example ledger", "2025-04-03T00:00:00Z")
    for rel, source in EXTRA.items():
        shutil.copyfile(source, repo.path / rel)
    (repo.path / "incidents" / "README.md").write_text("# Incidents\n")
    repo.commit("Unusual records", "2025-04-04T00:00:00Z")
    return repo


def commands(root: Path, out: Path) -> dict[str, list[str]]:
    r = ["--root", str(root)]
    return {
        "validate": ["validate", *r],
        "validate-json": ["validate", *r, "--format", "json"],
        "check": ["check", *r, "--as-of", "2025-06-01"],
        "check-history": ["check", *r, "--as-of", "2025-06-01", "--history", "--format", "sarif"],
        "diff": ["diff", *r, "HEAD~1", "HEAD", "--as-of", "2025-06-01"],
        "export": ["export", *r, "cfca-cpr-response", "--as", "full"],
        "build": ["build", *r, "--as-of", "2025-06-01", "--site-dir", str(out / "site"), "--no-history"],
    }


@pytest.mark.parametrize("command", ["validate", "validate-json", "check", "check-history", "diff", "export", "build"])
def test_reading_commands_leave_the_records_alone(
    repo: Repo, tmp_path: Path, command: str, capsys: pytest.CaptureFixture[str]
) -> None:
    before = snapshot(repo.path)
    assert len(before) > 8
    code = main(commands(repo.path, tmp_path)[command])
    err = capsys.readouterr().err
    # the writers among the readers really ran: a build that stopped early would prove nothing
    assert code == 0 if command in ("validate", "validate-json", "export", "build") else code in (0, 1), err
    assert snapshot(repo.path) == before
    assert repo.git("status", "--porcelain", "--untracked-files=all", "--", "incidents", "ledger") == ""


def test_a_broken_ledger_is_left_alone_too(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = tmp_path / "broken"
    for case in ("yaml-bomb-nested-aliases", "invalid-utf8", "space-in-name"):
        shutil.copytree(HOSTILE / case, root / case)
    for case_root in sorted(root.iterdir()):
        before = snapshot(case_root)
        for argv in (["validate", "--root", str(case_root)], ["check", "--root", str(case_root)]):
            assert main(argv) in (1, 2)
        assert snapshot(case_root) == before
    capsys.readouterr()


def test_snapshot_sees_a_change(tmp_path: Path) -> None:
    (tmp_path / "incidents").mkdir()
    record = tmp_path / "incidents" / "x.yaml"
    record.write_text("a: 1\n")
    before = snapshot(tmp_path)
    record.write_text("a: 2\n")
    assert snapshot(tmp_path) != before
    record.write_text("a: 1\n")
    (tmp_path / "incidents" / "new.yaml").write_text("")
    assert snapshot(tmp_path) != before
