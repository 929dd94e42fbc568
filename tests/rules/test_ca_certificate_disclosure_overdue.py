from __future__ import annotations

from pathlib import Path

from calendarcase import found, obligations

CODE = "LDG154"
RULE = "ca-certificate-disclosure-overdue"
CERT = "ledger/certificates/issuing-ca-1.yaml"
HEAD = """\
name: Example Issuing CA 1
sha256: 7A38F708A35A31E42E1CF3220F9A2D273E7666354618B2464657D43D8E77ADC2
type: %s
"""  # the next line is line 4


def cert(extra: str, kind: str = "intermediate") -> dict[str, str]:
    return {CERT: HEAD % kind + extra}


def test_seven_days_after_a_created_date_at_the_boundary(tmp_path: Path) -> None:
    files = cert("created: 2026-01-05\n")
    assert found(tmp_path / "a", CODE, files, "2026-01-12T23:59:58Z") == []
    assert found(tmp_path / "b", CODE, files, "2026-01-12T23:59:59Z") == []
    assert found(tmp_path / "c", CODE, files, "2026-01-13T00:00:00Z") == [(CODE, 4)]


def test_seven_times_24_hours_after_a_created_instant(tmp_path: Path) -> None:
    files = cert('created: "2026-01-05T10:00Z"\n')
    assert found(tmp_path / "a", CODE, files, "2026-01-12T10:00:00Z") == []
    assert found(tmp_path / "b", CODE, files, "2026-01-12T10:00:01Z") == [(CODE, 4)]


def test_revocation_disclosure_and_its_fact(tmp_path: Path) -> None:
    files = cert("created: 2025-08-01\ndisclosed: 2025-08-02\nrevoked: 2026-02-01\n")
    assert found(tmp_path / "a", CODE, files, "2026-02-08T23:59:59Z") == []
    assert found(tmp_path / "b", CODE, files, "2026-02-09T00:00:00Z") == [(CODE, 6)]
    done = cert("created: 2025-08-01\ndisclosed: 2025-08-02\nrevoked: 2026-02-01\n"
                "revocation_disclosed: 2026-02-03\n")
    assert [s[1] for s in obligations(tmp_path / "c", RULE, done, "2026-03-01T00:00Z")] == [
        "met", "met"]


def test_roots_and_ccadb_records_without_a_date_are_not_judged(tmp_path: Path) -> None:
    assert obligations(tmp_path / "a", RULE, cert("created: 2026-01-05\n", "root"),
                       "2026-03-01T00:00Z") == []
    assert obligations(tmp_path / "b", RULE, cert("created: 2026-01-05\nccadb_id: A000001\n"),
                       "2026-03-01T00:00Z") == []


def test_applies_from_ccadb_policy_2_0(tmp_path: Path) -> None:
    assert found(tmp_path / "a", CODE, cert("created: 2025-07-14\n"), "2025-09-01T00:00Z") == []
    assert found(tmp_path / "b", CODE, cert("created: 2025-07-15\n"), "2025-09-01T00:00Z") == [
        (CODE, 4)]
