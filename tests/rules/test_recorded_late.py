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


def late_rows(capsys: pytest.CaptureFixture[str], repo: Repo, as_of: str) -> list[tuple[str, str, str]]:
    _, out, _ = run(capsys, "check", "--root", str(repo.path), "--as-of", as_of, "--format", "json")
    return [(d["path"], d["severity"], d["message"]) for d in json.loads(out) if d["code"] == "LDG302"]


CONTACT = "ledger/contacts/pki.yaml"
REPORT = "ledger/problem-reports/r.yaml"


def contact(*verified: str) -> str:
    days = "".join(f"  - {{on: {d}, by: PKI team}}\n" for d in verified)
    return (
        "address: pki@example.org\npurpose: problem-reporting\nowners:\n"
        "  - {owner: PKI team, from: 2024-01-01}\nverifications:\n" + days
    )


def test_a_contact_verification_recorded_late_is_information(
    repo: Repo, capsys: pytest.CaptureFixture[str]
) -> None:
    repo.write(CONTACT, contact("2024-01-10"))
    repo.commit("contact", "2024-01-10T10:00:00Z")
    repo.write(CONTACT, contact("2024-01-10", "2024-02-05"))
    repo.commit("verified", "2024-02-20T10:00:00Z")
    assert late_rows(capsys, repo, "2024-02-25") == [
        (CONTACT, "info", "verification dated 2024-02-05 was first recorded 15 days later, by"
         " Alice Auditor in " + repo.git("rev-parse", "--short=10", "HEAD").strip()
         + " (2024-02-20); more than the 7 days allowed")
    ]


def test_a_fact_dated_after_its_commit_is_an_error(
    repo: Repo, capsys: pytest.CaptureFixture[str]
) -> None:
    repo.write(CONTACT, contact("2024-03-01"))
    repo.commit("verified in advance", "2024-02-20T10:00:00Z")
    [(path, severity, message)] = late_rows(capsys, repo, "2024-03-05")
    assert (path, severity) == (CONTACT, "error")
    assert message.startswith("verification dated 2024-03-01 was recorded 10 days before that date")


def test_a_revocation_dated_in_time_but_recorded_after_the_deadline_is_a_warning(
    repo: Repo, capsys: pytest.CaptureFixture[str]
) -> None:
    repo.write(CONTACT, contact("2024-05-01"))
    body = "received: 2024-05-02T10:00Z\nchannel: pki\nsummary: A key was posted.\nreason: key-compromise\n"
    repo.write(REPORT, body)
    repo.commit("report", "2024-05-02T11:00:00Z")
    repo.write(REPORT, body + "revoked: 2024-05-03T09:00Z\n")
    repo.commit("revoked", "2024-05-20T09:00:00Z")  # 17 days after the claimed date
    rows = [r for r in late_rows(capsys, repo, "2024-05-25") if r[0] == REPORT]
    assert [(severity, message.split(":")[0]) for _, severity, message in rows] == [
        ("warning", "revocation dated 2024-05-03T09")
    ]
    assert "meets cpr-revocation-overdue's deadline 2024-05-03 10:00 UTC only by its claimed date" in rows[0][2]


def test_recorded_within_the_allowed_days_after_a_deadline_is_ordinary(
    repo: Repo, capsys: pytest.CaptureFixture[str]
) -> None:
    # revoked an hour before the deadline, recorded the next day: the ordinary lag
    repo.write(CONTACT, contact("2024-05-01"))
    body = "received: 2024-05-02T10:00Z\nchannel: pki\nsummary: A key was posted.\nreason: key-compromise\n"
    repo.write(REPORT, body)
    repo.commit("report", "2024-05-02T11:00:00Z")
    repo.write(REPORT, body + "revoked: 2024-05-03T09:00Z\n")
    repo.commit("revoked", "2024-05-04T09:00:00Z")
    assert [r for r in late_rows(capsys, repo, "2024-05-05") if r[0] == REPORT] == []
