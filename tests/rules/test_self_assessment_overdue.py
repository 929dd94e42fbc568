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


def test_applies_from_ccadb_policy_1_3(tmp_path: Path) -> None:
    files = ledger()
    files["ledger/audits/br.yaml"] = AUDIT.replace("2024-12-15", "2022-10-25").replace(
        "2025-12-14", "2023-10-24").replace("2026-03-11", "2024-01-01") % "tls-br"
    assert found(tmp_path / "a", CODE, files, "2024-03-01T00:00Z") == []
    files["ledger/audits/br.yaml"] = files["ledger/audits/br.yaml"].replace(
        "2022-10-25", "2022-10-26").replace("2023-10-24", "2023-10-25")
    assert found(tmp_path / "b", CODE, files, "2024-03-01T00:00Z") == [(CODE, 4)]
