"""recorded-late on a real git repository: a back-dated completion is reported."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # tests/history_repo.py
from history_repo import BOB, Repo, X, incident, isolate, item, run


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Repo:
    isolate(monkeypatch, tmp_path / "home")
    return Repo(tmp_path / "ledger")


def test_recorded_late_fires_for_a_back_dated_completion(
    repo: Repo, capsys: pytest.CaptureFixture[str]
) -> None:
    repo.write(X, incident(items=item("fix", "2024-06-01")))
    repo.commit("Open", "2024-05-01T10:00:00Z")
    repo.write(
        X,
        incident(
            items=item("fix", "2024-06-01", "complete", "2024-05-02"),
            updates="  - {at: 2024-05-18, text: Done.}\n",
        ),
    )
    repo.commit("Complete fix", "2024-05-20T10:00:00Z", BOB)
    _, out, _ = run(
        capsys, "check", "--root", str(repo.path), "--as-of", "2024-05-25", "--format", "json"
    )
    found = [d for d in json.loads(out) if d["code"] == "LDG302"]
    assert [(d["line"], d["severity"]) for d in found] == [(10, "info")]
    assert found[0]["message"].startswith(
        "completion of action item 'fix' dated 2024-05-02 was "
        "first recorded 18 days later, by Bob Builder"
    )
