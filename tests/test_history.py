"""The one-pass history on real git repositories: renames, merges, slips, claims, cache, clones."""

from __future__ import annotations

import subprocess
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from history_repo import (
    ALICE,
    BOB,
    Repo,
    fast_equals_strict,  # noqa: F401 - used by pytestmark
    incident,
    isolate,
    item,
)

from generator.errors import LedgerError
from generator.history import NotARepository, git, read_history

# every history these tests read is checked against the strict loader (history_repo)
pytestmark = pytest.mark.usefixtures("fast_equals_strict")

X = "incidents/x.yaml"


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Repo:
    isolate(monkeypatch, tmp_path / "home")
    return Repo(tmp_path / "ledger")


def test_created_last_changed_and_authors(repo: Repo) -> None:
    repo.write(X, incident(items=item("fix", "2024-06-01")))
    first = repo.commit("Open x", "2024-05-01T10:00:00Z", ALICE)
    repo.write(X, incident(items=item("fix", "2024-06-01", "delayed")))
    last = repo.commit("Delay fix", "2024-05-20T10:00:00Z", BOB)
    history = read_history(repo.path)
    assert history.head == last
    assert [c.sha for c in (history.created(X), history.last_changed(X)) if c] == [first, last]
    assert history.authors(X) == ["Alice Auditor", "Bob Builder"]
    assert history.commits[last].subject == "Delay fix"
    changes = [(c.field, c.item, c.old, c.new) for c in history.files[X].changes]
    assert changes == [
        ("status", None, None, "open"),
        ("next_update", None, None, "2024-12-31"),
        ("opened", None, None, "2024-05-01T09:00Z"),
        ("due", "fix", None, "2024-06-01"),
        ("status", "fix", None, "ongoing"),
        ("status", "fix", "ongoing", "delayed"),
    ]


def test_renames_are_followed(repo: Repo) -> None:
    repo.write("incidents/old-name.yaml", incident())
    first = repo.commit("Open", "2024-05-01T10:00:00Z")
    (repo.path / "incidents/2024").mkdir()
    repo.git("mv", "incidents/old-name.yaml", "incidents/2024/new-name.yaml")
    moved = repo.commit("Move into 2024/", "2024-05-02T10:00:00Z")
    history = read_history(repo.path)
    found = history.files["incidents/2024/new-name.yaml"]
    assert found.former_paths == ("incidents/old-name.yaml",)
    assert found.commits == (first, moved)
    assert "incidents/old-name.yaml" not in history.files


def test_due_date_moved_twice_gives_two_slips(repo: Repo) -> None:
    for due, day in (("2024-06-01", "01"), ("2024-06-15", "10"), ("2024-07-01", "20")):
        repo.write(X, incident(items=item("fix", due)))
        repo.commit(f"due {due}", f"2024-05-{day}T10:00:00Z", BOB if day == "20" else ALICE)
    history = read_history(repo.path)
    slips = history.changes(X, "due", item="fix")
    assert [(s.old, s.new, s.slip_days) for s in slips] == [
        (None, "2024-06-01", None),
        ("2024-06-01", "2024-06-15", 14),
        ("2024-06-15", "2024-07-01", 16),
    ]
    assert history.commits[slips[-1].commit].author == "Bob Builder"


def test_merge_does_not_count_a_branch_change_twice(repo: Repo) -> None:
    repo.write(X, incident(items=item("fix", "2024-06-01") + item("doc", "2024-06-01")))
    repo.commit("Open", "2024-05-01T10:00:00Z")
    repo.git("checkout", "-q", "-b", "redate")
    repo.write(X, incident(items=item("fix", "2024-06-20") + item("doc", "2024-06-01")))
    branch = repo.commit("Re-date fix", "2024-05-02T10:00:00Z", BOB)
    repo.git("checkout", "-q", "main")
    repo.write(
        X,
        incident(
            items=item("fix", "2024-06-01") + item("doc", "2024-06-01"),
            updates="  - {at: 2024-05-03, text: Working on it.}\n",
        ),
    )
    repo.commit("Post an update", "2024-05-03T10:00:00Z")
    repo.git("merge", "-q", "--no-edit", "redate", date="2024-05-04T10:00:00Z")
    merge = repo.git("rev-parse", "HEAD").strip()
    history = read_history(repo.path)
    moves = [c for c in history.changes(X, "due", item="fix") if c.old is not None]
    assert [(m.old, m.new, m.commit) for m in moves] == [("2024-06-01", "2024-06-20", branch)]
    assert history.commits[merge].merge
    assert branch in history.files[X].commits


def test_back_dated_completion_is_recorded_at_its_first_commit(repo: Repo) -> None:
    repo.write(X, incident(items=item("fix", "2024-06-01")))
    repo.commit("Open", "2024-05-01T10:00:00Z")
    repo.write(X, incident(items=item("fix", "2024-06-01", "complete", "2024-05-02")))
    late = repo.commit("Complete fix", "2024-05-20T10:00:00Z")
    repo.write(
        X,
        incident(
            items=item("fix", "2024-06-01", "complete", "2024-05-02"),
            updates="  - {at: 2024-05-21, text: Done.}\n",
        ),
    )
    repo.commit("Update", "2024-05-21T12:00:00Z")
    recorded = {
        (r.what, r.key): (r.claimed, r.commit) for r in read_history(repo.path).files[X].recorded
    }
    assert recorded[("completion", "fix")] == (date(2024, 5, 2), late)
    assert recorded[("update", "2024-05-21")][0] == date(2024, 5, 21)


def test_uncommitted_changes_are_flagged(repo: Repo) -> None:
    repo.write(X, incident())
    repo.commit("Open", "2024-05-01T10:00:00Z")
    repo.write(X, incident(status="closed"))
    repo.write("incidents/new.yaml", incident())
    history = read_history(repo.path)
    assert history.files[X].uncommitted == "modified"
    assert history.files["incidents/new.yaml"].uncommitted == "untracked"
    assert history.files["incidents/new.yaml"].commits == ()


def test_ledger_in_a_sub_folder_of_the_repository(repo: Repo) -> None:
    repo.write("compliance/" + X, incident())
    repo.write("src/other.yaml", "not: a record\n")
    repo.commit("Open", "2024-05-01T10:00:00Z")
    history = read_history(repo.path / "compliance")
    assert list(history.files) == [X]


def test_second_run_reads_the_cache_not_the_log(
    repo: Repo, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo.write(X, incident(items=item("fix", "2024-06-01")))
    repo.commit("Open", "2024-05-01T10:00:00Z")
    repo.write(X, incident(items=item("fix", "2024-06-09")))
    repo.commit("Re-date", "2024-05-02T10:00:00Z")
    calls: list[str] = []
    real = git.execute

    def counting(r: git.Repo, args: list[str], **kwargs: Any) -> Any:
        calls.append(args[0])
        return real(r, args, **kwargs)

    monkeypatch.setattr(git, "execute", counting)
    first = read_history(repo.path)
    assert calls.count("log") == 1 and calls.count("cat-file") == 1
    calls.clear()
    second = read_history(repo.path)
    assert "log" not in calls and "cat-file" not in calls
    assert second.cached and not first.cached
    assert second == first
    assert list((repo.path / ".git" / "compliance-ledger").glob("history-*.json"))
    repo.write(X, incident(items=item("fix", "2024-06-30")))
    repo.commit("Re-date again", "2024-05-03T10:00:00Z")
    calls.clear()
    third = read_history(repo.path)
    assert calls.count("log") == 1 and len(third.changes(X, "due", item="fix")) == 3


def test_shallow_clone_names_fetch_depth(repo: Repo, tmp_path: Path) -> None:
    for day in ("01", "02"):
        repo.write(X, incident(items=item("fix", f"2024-06-{day}")))
        repo.commit(f"c{day}", f"2024-05-{day}T10:00:00Z")
    clone = tmp_path / "clone"
    subprocess.run(
        ["git", "clone", "-q", "--depth", "1", f"file://{repo.path}", str(clone)], check=True
    )
    with pytest.raises(LedgerError) as caught:
        read_history(clone)
    assert "shallow" in caught.value.what and "fetch-depth: 0" in caught.value.fix


def test_not_a_repository(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    isolate(monkeypatch, tmp_path / "home")
    (tmp_path / "plain" / "incidents").mkdir(parents=True)
    with pytest.raises(NotARepository) as caught:
        read_history(tmp_path / "plain")
    assert "not inside a git repository" in caught.value.what


def test_repository_without_commits_has_empty_history(repo: Repo) -> None:
    repo.write(X, incident())
    history = read_history(repo.path)
    assert history.head is None and history.commits == {}
    assert history.files[X].uncommitted == "untracked"
