"""due-date-slipped on real git repositories: fires above `times` moves, quiet at it."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # tests/history_repo.py
from history_repo import Repo, X, codes, isolate, run, slipped


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Repo:
    isolate(monkeypatch, tmp_path / "home")
    return Repo(tmp_path / "ledger")


def test_due_date_slipped_fires_above_the_threshold(
    repo: Repo, capsys: pytest.CaptureFixture[str]
) -> None:
    slipped(repo, 3)
    code, out, _ = run(
        capsys, "check", "--root", str(repo.path), "--as-of", "2024-05-10", "--format", "json"
    )
    assert code == 0  # a warning does not fail the check without --strict
    assert ("LDG301", f"{X}:10") in codes(out)
    message = next(d["message"] for d in json.loads(out) if d["code"] == "LDG301")
    assert "re-dated 3 times (2024-07-01 → 2024-07-02 → 2024-07-03 → 2024-07-04" in message
    # before the third move was committed, it had moved only twice
    _, early, _ = run(
        capsys, "check", "--root", str(repo.path), "--as-of", "2024-05-03", "--format", "json"
    )
    assert "LDG301" not in [c for c, _ in codes(early)]


def test_due_date_slipped_quiet_at_the_threshold_and_option(
    repo: Repo, capsys: pytest.CaptureFixture[str]
) -> None:
    slipped(repo, 2)
    _, out, _ = run(
        capsys, "check", "--root", str(repo.path), "--as-of", "2024-05-10", "--format", "json"
    )
    assert "LDG301" not in [c for c, _ in codes(out)]
    repo.write("ledger/policy.yaml", "rules:\n  due-date-slipped: {times: 1}\n")
    _, out, _ = run(
        capsys, "check", "--root", str(repo.path), "--as-of", "2024-05-10", "--format", "json"
    )
    assert ("LDG301", f"{X}:10") in codes(out)
