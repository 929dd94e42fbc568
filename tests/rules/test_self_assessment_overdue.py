from __future__ import annotations

from pathlib import Path

from calendarcase import found, obligations

CODE = "LDG156"
RULE = "self-assessment-overdue"
ROOT = """\
name: Example Root 1
sha256: 8AC552AD577E37AD2C6808D72AA331D6A96B4B3FEBFF34CE9BC0578E08055EC3
type: %s
"""
AUDIT = """\
kind: %s
certificates: [root-1]
periods:
  - {start: 2024-12-15, end: 2025-12-14, statement: 2026-03-11}
"""  # the period: line 4
SELF = """\
kind: self-assessment
title: CCADB self-assessment
versions:
  - {effective: 2026-03-01, submitted: %s}
"""


def ledger(kind: str = "root", audit: str = "tls-br", submitted: str | None = None) -> dict[str, str]:
    files = {"ledger/certificates/root-1.yaml": ROOT % kind, "ledger/audits/br.yaml": AUDIT % audit}
    if submitted is not None:
        files["ledger/documents/self-assessment.yaml"] = SELF % submitted
    return files


def test_92_days_after_the_earliest_root_br_period_end_at_the_boundary(tmp_path: Path) -> None:
    assert found(tmp_path / "a", CODE, ledger(), "2026-03-16T23:59:59Z") == []
    assert found(tmp_path / "b", CODE, ledger(), "2026-03-17T00:00:00Z") == [(CODE, 4)]


def test_a_submission_meets_it_and_next_year_is_expected(tmp_path: Path) -> None:
    states = obligations(tmp_path / "a", RULE, ledger(submitted="2026-03-16"), "2026-04-01T00:00Z")
    assert [s[:2] for s in states] == [
        ("2026-03-16T23:59:59Z", "met"), ("2027-03-16T23:59:59Z", "open")]
    late = obligations(tmp_path / "b", RULE, ledger(submitted="2026-03-17"), "2026-04-01T00:00Z")
    assert late[0][1] == "met-late"


def test_only_tls_br_audits_of_root_certificates_count(tmp_path: Path) -> None:
    assert obligations(tmp_path / "a", RULE, ledger(kind="intermediate"), "2026-04-01T00:00Z") == []
    assert obligations(tmp_path / "b", RULE, ledger(audit="standard"), "2026-04-01T00:00Z") == []


def with_end(end: str) -> dict[str, str]:
    files = ledger()
    files["ledger/audits/br.yaml"] = (AUDIT % "tls-br").replace(
        "start: 2024-12-15, end: 2025-12-14, statement: 2026-03-11", f"start: 2023-01-01, end: {end}")
    return files


def test_period_ends_count_from_2024_01_01_as_ccadb_policy_1_3_says(tmp_path: Path) -> None:
    assert found(tmp_path / "a", CODE, with_end("2023-12-31"), "2024-04-03T00:00Z") == []
    assert found(tmp_path / "b", CODE, with_end("2024-01-01"), "2024-04-03T00:00Z") == [(CODE, 4)]


def test_before_ccadb_policy_2_0_only_programs_requiring_it(tmp_path: Path) -> None:
    apple = "programs: [apple]\n"
    assert found(tmp_path / "a", CODE, with_end("2025-07-14"), "2025-12-01T00:00Z",
                 policy=apple) == []  # fmt: skip
    assert found(tmp_path / "b", CODE, with_end("2025-07-15"), "2025-12-01T00:00Z",
                 policy=apple) == [(CODE, 4)]  # fmt: skip


def test_no_next_year_expected_once_every_root_br_line_is_retired(tmp_path: Path) -> None:
    files = ledger(submitted="2026-03-16")
    files["ledger/audits/br.yaml"] += "retired: 2025-12-14\n"
    states = obligations(tmp_path, RULE, files, "2026-04-01T00:00Z")
    assert [s[:2] for s in states] == [("2026-03-16T23:59:59Z", "met")]
