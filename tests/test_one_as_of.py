"""One reading of `--as-of` for every command: a date means 23:59:59 of that day in the policy
time zone, for `check`, `due` and `diff` alike (diff once read it as 00:00 UTC)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from history_repo import Repo, incident, isolate, item, run

from generator.values import parse_as_of


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Repo:
    isolate(monkeypatch, tmp_path / "home")
    repo = Repo(tmp_path / "ledger")
    repo.write("ledger/policy.yaml", "timezone: '+08:00'\n")
    repo.write("incidents/x.yaml", incident(items=item("fix", "2024-05-01")))
    repo.commit("x", "2024-04-01T00:00:00Z")
    return repo


def test_check_diff_and_due_read_a_date_alike(
    repo: Repo, capsys: pytest.CaptureFixture[str]
) -> None:
    root = str(repo.path)
    _, _, err = run(capsys, "check", "--root", root, "--as-of", "2024-05-01")
    assert err.rstrip().endswith("as of 2024-05-01 15:59:59 UTC")
    _, out, _ = run(capsys, "diff", "HEAD", "--root", root, "--as-of", "2024-05-01", "--format", "json")
    assert json.loads(out)["as_of"] == "2024-05-01T15:59:59Z"
    # the item is due at the end of 1 May in +08:00 (15:59:59 UTC): open at that instant, late 1 s on
    for as_of, state in (("2024-05-01", "open"), ("2024-05-01T16:00:00Z", "late")):
        _, out, _ = run(capsys, "due", "--root", root, "--as-of", as_of, "--format", "json")
        rows = [r for r in json.loads(out) if r["rule"] == "action-item-overdue"]
        assert [(r["due"], r["state"]) for r in rows] == [("2024-05-01T15:59:59Z", state)]


def test_validate_offers_every_output_format(
    repo: Repo, capsys: pytest.CaptureFixture[str]
) -> None:
    (repo.path / "incidents" / "bad.yaml").write_text("title: [\n")
    code, out, _ = run(capsys, "validate", "--root", str(repo.path), "--format", "sarif")
    assert code == 1 and json.loads(out)["version"] == "2.1.0"
    code, out, _ = run(capsys, "validate", "--root", str(repo.path), "--format", "junit")
    assert code == 1 and out.startswith("<?xml") and "bad.yaml" in out


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2024-05-01", "2024-05-01T15:59:59+00:00"),
        ("2024-05-01T09:00", "2024-05-01T01:00:00+00:00"),  # no offset: the policy zone
        ("2024-05-01T09:00Z", "2024-05-01T09:00:00+00:00"),
        (None, "2030-01-01T00:00:00+00:00"),
        ("now", "2030-01-01T00:00:00+00:00"),
    ],
)
def test_parse_as_of(text: str | None, expected: str) -> None:
    from datetime import UTC, datetime, timedelta, timezone

    now = datetime(2030, 1, 1, tzinfo=UTC)
    assert parse_as_of(text, timezone(timedelta(hours=8)), now).isoformat() == expected
