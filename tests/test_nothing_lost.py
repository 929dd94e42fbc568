"""Commands that read never write into the record folders; writers add, never change (issue 7).

The example ledger, plus a few hostile records, is copied into a real git repository with
pinned dates; every file under incidents/ and ledger/ is hashed before and after each command.
"""

from __future__ import annotations

import hashlib
import re
import shutil
from pathlib import Path

import pytest
from helpers import snapshot
from history_repo import Repo, isolate

from generator.cli import main

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
    as_of = ["--as-of", "2025-06-01"]
    site = ["--site-dir", str(out / "site")]
    found = {
        "validate": ["validate", *r],
        "validate-json": ["validate", *r, "--format", "json"],
        "check-history": ["check", *r, *as_of, "--history", "--format", "sarif"],
        "check-at": ["check", *r, *as_of, "--at", "HEAD~1"],
        "history": ["history", *r, "cfca-cpr-response"],
        "history-json": ["history", *r, "cfca-cpr-response", "--format", "json"],
        "rules": ["rules"],
        "diff": ["diff", *r, "HEAD~1", "HEAD", *as_of],
        "diff-json": ["diff", *r, "HEAD~1", "HEAD", *as_of, "--format", "json"],
        "build": ["build", *r, *as_of, *site, "--no-history"],
        "build-history": ["build", *r, *as_of, *site],
        "build-docs-only": ["build", *r, *as_of, *site, "--docs-only"],
    }
    for fmt in ("text", "json", "github", "junit", "sarif"):
        found[f"check-{fmt}"] = ["check", *r, *as_of, "--format", fmt]
    for template in ("preliminary", "full", "closure"):
        found[f"export-{template}"] = ["export", *r, "cfca-cpr-response", "--as", template]
    return found


READERS = sorted(commands(Path("."), Path(".")))
MUST_SUCCEED = {"validate", "validate-json", "history", "history-json", "rules", "diff",
                "diff-json", "build", "build-history", "build-docs-only",
                "export-preliminary", "export-full", "export-closure"}


@pytest.mark.parametrize("command", READERS)
def test_reading_commands_leave_the_records_alone(
    repo: Repo, tmp_path: Path, command: str, capsys: pytest.CaptureFixture[str]
) -> None:
    before = snapshot(repo.path)
    assert len(before) > 8
    code = main(commands(repo.path, tmp_path)[command])
    err = capsys.readouterr().err
    # the writers among the readers really ran: a build that stopped early would prove nothing
    assert code == 0 if command in MUST_SUCCEED else code in (0, 1), err
    assert snapshot(repo.path) == before
    assert repo.git("status", "--porcelain", "--untracked-files=all", "--", "incidents", "ledger") == ""


def every_file(root: Path) -> dict[str, str]:
    """sha256 of every file under `root` but .git: a writer may add, never change or drop."""
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file() and ".git" not in p.relative_to(root).parts
    }


RECORD = "incidents/2024/cfca-cpr-response.yaml"
WRITERS = {  # argv after `--root ROOT`, and the one file it may write
    "new-incident": (["new", "incident", "Example CA: Late CRL", "--owner", "PKI team",
                      "--today", "2025-05-01"], "incidents/2025/example-ca-late-crl.yaml"),
    "add-update": (["add", "update", "cfca-cpr-response", "--text", "No news.",
                    "--today", "2025-05-01"], RECORD),
    "add-action-item": (["add", "action-item", "cfca-cpr-response", "--action", "Audit it.",
                         "--today", "2025-05-01"], RECORD),
}


@pytest.mark.parametrize("command", sorted(WRITERS))
def test_writing_commands_touch_only_their_own_file(
    repo: Repo, command: str, capsys: pytest.CaptureFixture[str]
) -> None:
    argv, own = WRITERS[command]
    before = every_file(repo.path)
    old = (repo.path / own).read_text() if own in before else ""
    assert main([*argv[:2], "--root", str(repo.path), *argv[2:]]) == 0, capsys.readouterr().err
    after = every_file(repo.path)
    changed = {rel for rel in before.keys() | after.keys() if before.get(rel) != after.get(rel)}
    assert changed == {own}
    new = iter((repo.path / own).read_text().splitlines())
    assert all(line in new for line in old.splitlines())  # every old line kept, in order
    assert not [p for p in repo.path.rglob("*") if p.name.startswith(".") and ".git" not in
                p.relative_to(repo.path).parts and p.is_file()]  # no temporary file left


def test_new_refuses_to_overwrite_and_changes_nothing(
    repo: Repo, capsys: pytest.CaptureFixture[str]
) -> None:
    argv, own = WRITERS["new-incident"]
    full = [*argv[:2], "--root", str(repo.path), *argv[2:]]
    assert main(full) == 0
    (repo.path / own).write_text((repo.path / own).read_text() + "# edited by hand\n")
    before = every_file(repo.path)
    assert main(full) != 0
    err = capsys.readouterr().err
    assert re.search(r"^error: .* — ", err, re.M), err
    assert every_file(repo.path) == before


def test_init_over_an_existing_ledger_only_adds(
    repo: Repo, capsys: pytest.CaptureFixture[str]
) -> None:
    (repo.path / "mkdocs.yml").write_text("site_name: Mine, not the template\n")
    before = every_file(repo.path)
    code = main(["init", str(repo.path), "--no-git", "--package", "compliance-ledger==9.9"])
    err = capsys.readouterr().err
    after = every_file(repo.path)
    # whether init accepts a non-empty folder or refuses it, nothing that was there changes
    assert code in (0, 2), err
    assert {rel: after[rel] for rel in before if rel in after} == before
    assert before.keys() <= after.keys()
    if code == 0:
        assert len(after) > len(before)  # it did add the missing files


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
