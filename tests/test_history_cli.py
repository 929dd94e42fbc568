"""`ledger history`, `ledger diff`, `--at`, the history rules, and history without a full clone."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from history_repo import (
    Repo,
    X,
    codes,
    contact,
    fast_equals_strict,  # noqa: F401 - used by pytestmark
    incident,
    isolate,
    item,
    run,
    slipped,
)

# every history these tests read is checked against the strict loader (history_repo)
pytestmark = pytest.mark.usefixtures("fast_equals_strict")

C = "ledger/contacts/pki.yaml"


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Repo:
    isolate(monkeypatch, tmp_path / "home")
    return Repo(tmp_path / "ledger")


def test_history_text_shows_commits_and_slips(
    repo: Repo, capsys: pytest.CaptureFixture[str]
) -> None:
    shas = slipped(repo, 2)
    code, out, _ = run(capsys, "history", "x", "--root", str(repo.path))
    assert code == 0
    assert out.splitlines()[:3] == [
        f"{X} (x)",
        f"  created       2024-05-01 10:00 UTC  {shas[0][:10]}  Alice Auditor  fix due 2024-07-01",
        f"  last changed  2024-05-03 10:00 UTC  {shas[2][:10]}  Bob Builder  fix due 2024-07-03",
    ]
    assert (
        f"  2024-05-03 10:00 UTC  {shas[2][:10]}  Bob Builder  action item 'fix' due "
        "2024-07-02 → 2024-07-03 (+1 days)"
    ) in out.splitlines()


def test_history_json(repo: Repo, capsys: pytest.CaptureFixture[str]) -> None:
    shas = slipped(repo, 1)
    code, out, _ = run(capsys, "history", X, "--root", str(repo.path), "--format", "json")
    data = json.loads(out)
    assert (
        code == 0 and data["record"] == "x" and data["authors"] == ["Alice Auditor", "Bob Builder"]
    )
    assert [c["sha"] for c in data["commits"]] == shas
    due = [c for c in data["changes"] if c["field"] == "due" and c["from"]]
    assert due == [
        {
            "field": "due",
            "item": "fix",
            "from": "2024-07-01",
            "to": "2024-07-02",
            "days": 1,
            "commit": shas[1],
            "author": "Bob Builder",
            "date": "2024-05-02T10:00:00Z",
        }
    ]


def test_outside_a_repository_check_says_once_that_it_has_no_history(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    isolate(monkeypatch, tmp_path / "home")
    root = tmp_path / "plain"
    (root / "incidents").mkdir(parents=True)
    (root / X).write_text(incident(items=item("fix", "2024-06-01", "complete", "2024-05-02")))
    code, out, err = run(
        capsys, "check", "--root", str(root), "--as-of", "2024-05-25", "--format", "json"
    )
    assert code == 0 and json.loads(out) == []
    assert err.splitlines() == [
        "note: not a git repository: skipped the history rules, and judged deadlines with the"
        " records' current due dates and next update, not the ones in force at each moment",
        "no problems in 1 file as of 2024-05-25 23:59:59 UTC",
    ]
    code, _, err = run(capsys, "history", "x", "--root", str(root))
    assert code == 2 and "is not inside a git repository" in err
    assert run(capsys, "validate", "--root", str(root))[0] == 0


def test_shallow_clone(repo: Repo, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    slipped(repo, 3)
    clone = tmp_path / "clone"
    subprocess.run(
        ["git", "clone", "-q", "--depth", "1", f"file://{repo.path}", str(clone)], check=True
    )
    code, _, err = run(capsys, "history", "x", "--root", str(clone))
    assert code == 2 and "shallow clone" in err and "fetch-depth: 0" in err
    assert run(capsys, "validate", "--root", str(clone))[0] == 0
    code, out, err = run(
        capsys, "check", "--root", str(clone), "--as-of", "2024-05-10", "--format", "json"
    )
    assert code == 0 and "fetch-depth: 0" in err and "skipped the history rules" in err
    assert json.loads(out) == []


def test_no_git_program(repo: Repo, capsys: pytest.CaptureFixture[str]) -> None:
    slipped(repo, 0)
    script = "import sys; from generator.cli import main; sys.exit(main(sys.argv[1:]))"
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_PYTHON")}
    env["PATH"] = str(repo.path / "no-bin")
    for argv, expected in ((["history", "x"], 2), (["validate"], 0)):
        done = subprocess.run(
            [sys.executable, "-c", script, *argv, "--root", str(repo.path)],
            env=env,
            capture_output=True,
            text=True,
        )
        assert done.returncode == expected, done.stderr
        assert "Traceback" not in done.stderr
    assert done.stderr.strip() == "no problems in 1 file"
    history = subprocess.run(
        [sys.executable, "-c", script, "history", "x", "--root", str(repo.path)],
        env=env,
        capture_output=True,
        text=True,
    )
    assert history.stderr.startswith("error: the git program cannot be run")


def test_at_an_older_commit(repo: Repo, capsys: pytest.CaptureFixture[str]) -> None:
    repo.write(X, incident(items=item("fix", "2024-05-10")))
    old = repo.commit("Open", "2024-05-01T10:00:00Z")
    repo.write(X, incident(items=item("fix", "2024-05-10", "complete", "2024-05-09")))
    repo.commit("Complete", "2024-05-09T10:00:00Z")
    repo.write(X, "title: [broken\n")  # the work tree is not what --at reads
    as_of = ["--as-of", "2024-05-12", "--format", "json"]
    code, out, _ = run(capsys, "check", "--root", str(repo.path), "--at", old, *as_of)
    assert code == 1 and ("LDG101", f"{X}:10") in codes(out)
    code, out, _ = run(capsys, "check", "--root", str(repo.path), "--at", "HEAD", *as_of)
    assert code == 0 and "LDG101" not in [c for c, _ in codes(out)]
    assert run(capsys, "validate", "--root", str(repo.path), "--at", old)[0] == 0
    assert run(capsys, "validate", "--root", str(repo.path))[0] == 1
    code, _, err = run(capsys, "validate", "--root", str(repo.path), "--at", "no-such-branch")
    assert code == 2 and "there is no commit 'no-such-branch'" in err


def test_diff_between_two_commits(repo: Repo, capsys: pytest.CaptureFixture[str]) -> None:
    repo.write(X, incident(items=item("fix", "2024-06-01") + item("doc", "2024-06-01")))
    repo.write("incidents/y.yaml", incident())
    repo.write(C, contact("Alice"))
    base = repo.commit("Base", "2024-05-01T10:00:00Z")
    repo.write(
        X,
        incident(
            items=item("fix", "2024-06-21")
            + item("doc", "2024-05-20", "complete", "2024-05-20")
            + item("new", "2024-07-01")
        ),
    )
    repo.write("incidents/y.yaml", incident(status="closed"))
    repo.write("incidents/z.yaml", incident())
    repo.write(C, contact("Bob", previous="Alice"))
    head = repo.commit("Head", "2024-05-21T10:00:00Z")
    code, out, _ = run(capsys, "diff", base, "--root", str(repo.path), "--format", "json")
    data = json.loads(out)
    assert code == 0 and (data["base"], data["head"], data["as_of"]) == (
        base,
        head,
        "2024-05-21T10:00:00Z",
    )
    assert [(e["incident"], e["change"]) for e in data["incidents"]] == [
        ("y", "closed"),
        ("z", "opened"),
    ]
    assert [(e["item"], e["change"], e.get("days")) for e in data["action_items"]] == [
        ("fix", "re-dated", 20),
        ("doc", "re-dated", -12),
        ("doc", "completed", None),
        ("new", "added", None),
    ]
    assert data["contacts"] == [{"contact": "pki", "change": "owner", "from": "Alice", "to": "Bob"}]
    # the engine's obligations that head owes and base did not (re-dated or new), soonest first
    assert [(d["due"], d["record"], d["rule"]) for d in data["deadlines"]][:2] == [
        ("2024-06-21T23:59:59Z", "x", "action-item-overdue"),
        ("2024-07-01T23:59:59Z", "x", "action-item-overdue"),
    ]
    late = [(f["record"], f["severity"], f["message"].split(" dated")[0])
            for f in data["findings"] if f["code"] == "LDG302"]
    # all committed on 21 May: x's item done 20 May is recorded a day later (the ordinary lag);
    # y's closure summary dated 1 September was recorded before it happened (error); z's
    # reports dated 1 May, 20 days late: the full one meets its 14 days only by the claimed
    # date (warning), the preliminary one is just late (info); base's count no more
    assert sorted(late) == [
        ("y", "error", "closure summary"),
        ("z", "info", "report 'preliminary'"),
        ("z", "warning", "report 'full'"),
    ]
    _, markdown, _ = run(capsys, "diff", base, head, "--root", str(repo.path))
    assert markdown.startswith(f"### Compliance delta `{base[:10]}` → `{head[:10]}`\n")
    assert "| `x` | `fix` | re-dated 2024-06-01 → 2024-06-21 (+20 days) |" in markdown.splitlines()
    assert "| `pki` | owner Alice → Bob |" in markdown.splitlines()
    _, same, _ = run(capsys, "diff", head, head, "--root", str(repo.path))
    assert "No change to incidents, action items, contacts or deadlines." in same
