"""Judged as things stood: a deadline is judged against the commitment in force when it fell
due, read from a real git history. Re-dating an overdue action item after it passed keeps its
miss (check --history, due, diff); re-dating it in time moves the deadline."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from history_repo import Repo, incident, isolate, item, run

X = "incidents/x.yaml"


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Repo:
    isolate(monkeypatch, tmp_path / "home")
    return Repo(tmp_path / "ledger")


def redated(repo: Repo, when: str) -> tuple[str, str]:
    """Item `fix` due 2024-06-01 (committed 2024-05-02), re-dated to 2024-08-01 at `when`."""
    repo.write(X, incident(items=item("fix", "2024-06-01")))
    first = repo.commit("fix due June", "2024-05-02T10:00:00Z")
    repo.write(X, incident(items=item("fix", "2024-08-01")))
    return first, repo.commit("re-date fix", when)


def check(capsys: pytest.CaptureFixture[str], repo: Repo, *args: str) -> tuple[int, list[dict]]:
    code, out, _ = run(capsys, "check", "--root", str(repo.path), "--format", "json", *args)
    return code, json.loads(out)


def test_redated_after_it_passed_keeps_the_miss(
    repo: Repo, capsys: pytest.CaptureFixture[str]
) -> None:
    redated(repo, "2024-06-10T09:00:00Z")
    code, rows = check(capsys, repo, "--as-of", "2024-07-01", "--history")
    missed = [r for r in rows if r["code"] == "LDG101"]
    assert code == 0  # nothing open: the new due date has not passed
    assert [(r["deadline"], r["done"], r["severity"]) for r in missed] == [
        ("2024-06-01T23:59:59Z", "2024-06-10T09:00:00Z", "info")
    ]
    assert missed[0]["message"] == (
        "action item 'fix' (due 2024-06-01) was missed (deadline 2024-06-01 23:59:59 UTC;"
        " re-dated to 2024-08-01 on 2024-06-10 09:00 UTC, after it had passed)"
    )


def test_as_of_before_the_redate_the_old_due_date_is_open_and_late(
    repo: Repo, capsys: pytest.CaptureFixture[str]
) -> None:
    redated(repo, "2024-06-10T09:00:00Z")
    code, rows = check(capsys, repo, "--as-of", "2024-06-05")
    assert code == 1
    assert [(r["code"], r["deadline"], r["done"]) for r in rows] == [
        ("LDG101", "2024-06-01T23:59:59Z", None)
    ]


def test_redated_in_time_moves_the_deadline(
    repo: Repo, capsys: pytest.CaptureFixture[str]
) -> None:
    redated(repo, "2024-05-20T09:00:00Z")
    code, rows = check(capsys, repo, "--as-of", "2024-07-01", "--history")
    assert code == 0 and [r for r in rows if r["code"] == "LDG101"] == []


def test_due_lists_the_missed_and_the_new_obligation(
    repo: Repo, capsys: pytest.CaptureFixture[str]
) -> None:
    redated(repo, "2024-06-10T09:00:00Z")
    code, out, _ = run(
        capsys, "due", "--root", str(repo.path), "--as-of", "2024-07-01", "--format", "json"
    )
    rows = [r for r in json.loads(out) if r["rule"] == "action-item-overdue"]
    assert code == 0
    assert [(r["due"], r["state"], r["ended"], r["late_seconds"]) for r in rows] == [
        ("2024-06-01T23:59:59Z", "missed", "2024-06-10T09:00:00Z", 8 * 86400 + 9 * 3600 + 1),
        ("2024-08-01T23:59:59Z", "open", None, None),
    ]


def test_without_history_the_current_due_date_is_all_there_is(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = tmp_path / "plain"
    (root / "incidents").mkdir(parents=True)
    (root / X).write_text(incident(items=item("fix", "2024-08-01")))
    code, out, err = run(
        capsys, "due", "--root", str(root), "--as-of", "2024-07-01", "--format", "json"
    )
    rows = [r for r in json.loads(out) if r["rule"] == "action-item-overdue"]
    assert [(r["due"], r["state"]) for r in rows] == [("2024-08-01T23:59:59Z", "open")]
    assert err.count("not a git repository") == 1


def test_diff_says_redated_after_it_was_overdue_not_resolved(
    repo: Repo, capsys: pytest.CaptureFixture[str]
) -> None:
    first, second = redated(repo, "2024-06-10T09:00:00Z")
    code, out, _ = run(
        capsys, "diff", first, second, "--root", str(repo.path), "--format", "json"
    )
    findings = json.loads(out)["findings"]
    assert code == 0
    assert [(f["change"], f["code"], f["record"]) for f in findings] == [
        ("re-dated after it was overdue", "LDG101", "x")
    ]


def test_diff_says_met_late_when_the_overdue_item_is_completed(
    repo: Repo, capsys: pytest.CaptureFixture[str]
) -> None:
    repo.write(X, incident(items=item("fix", "2024-06-01")))
    first = repo.commit("fix due June", "2024-05-02T10:00:00Z")
    repo.write(X, incident(items=item("fix", "2024-06-01", "complete", "2024-06-09")))
    second = repo.commit("fix done", "2024-06-10T09:00:00Z")
    _, out, _ = run(capsys, "diff", first, second, "--root", str(repo.path), "--format", "json")
    assert [(f["change"], f["code"]) for f in json.loads(out)["findings"]] == [
        ("met late", "LDG101")
    ]


def weekly(next_update: str) -> str:
    return (
        "title: Example incident\nstatus: open\nopened: 2025-05-01T09:00Z\nowner: PKI team\n"
        f"summary: An example.\nnext_update: {next_update}\n"
        "timeline:\n  - {at: 2025-05-01T09:00Z, event: Reported.}\n"
        "reports:\n  - {kind: preliminary, at: 2025-05-01T09:00Z}\n"
        "  - {kind: full, at: 2025-05-01T09:00Z}\n"
        "updates:\n  - {at: 2025-06-03T09:00Z, text: Fixed the linter.}\n"
    )


def updates(rows: list[dict]) -> list[dict]:
    """update-overdue's findings (the reports of 1 May, first committed in June, are also
    reported as recorded late)."""
    return [r for r in rows if r["code"] == "LDG103"]


def june(rows: list[dict]) -> list[dict]:
    """The findings about the gap after the 3 June update (May's missed weeks are real too)."""
    return [r for r in rows if "after 2025-06-03" in r["message"]]


def test_next_update_moved_after_it_passed_keeps_the_miss(
    repo: Repo, capsys: pytest.CaptureFixture[str]
) -> None:
    repo.write(X, weekly("2025-06-10"))
    repo.commit("update, next one 10 June", "2025-06-03T10:00:00Z")
    repo.write(X, weekly("2025-09-30"))
    repo.commit("next update 30 September", "2025-09-05T08:00:00Z")
    # as things stood in June: the update agreed for 10 June is overdue
    code, rows = check(capsys, repo, "--as-of", "2025-06-15")
    assert code == 1
    assert [(r["code"], r["deadline"], r["done"]) for r in updates(rows)] == [
        ("LDG103", "2025-06-10T23:59:59Z", None)
    ]
    # in September the date was moved: the June miss stays, the new date is not due yet
    code, rows = check(capsys, repo, "--as-of", "2025-09-10", "--history")
    rows = june(rows)
    assert code == 0
    assert [(r["code"], r["deadline"], r["done"], r["severity"]) for r in rows] == [
        ("LDG103", "2025-06-10T23:59:59Z", "2025-09-05T08:00:00Z", "info")
    ]
    assert "re-dated to 2025-09-30 on 2025-09-05 08:00 UTC, after it had passed" in rows[0][
        "message"
    ]


def test_next_update_agreed_in_time_is_the_deadline(
    repo: Repo, capsys: pytest.CaptureFixture[str]
) -> None:
    repo.write(X, weekly("2025-06-10"))
    repo.commit("update, next one 10 June", "2025-06-03T10:00:00Z")
    repo.write(X, weekly("2025-06-20"))
    repo.commit("root program agreed 20 June", "2025-06-07T08:00:00Z")
    code, rows = check(capsys, repo, "--as-of", "2025-06-15", "--history")
    assert (code, june(rows)) == (0, [])
    code, rows = check(capsys, repo, "--as-of", "2025-06-21")
    assert [(r["code"], r["deadline"]) for r in updates(rows)] == [
        ("LDG103", "2025-06-20T23:59:59Z")
    ]
