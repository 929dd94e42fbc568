from __future__ import annotations

from pathlib import Path

from calendarcase import found, obligations

CODE = "LDG155"
RULE = "crl-disclosure-overdue"
CERT = "ledger/certificates/issuing-ca-1.yaml"
HEAD = """\
name: Example Issuing CA 1
sha256: 7A38F708A35A31E42E1CF3220F9A2D273E7666354618B2464657D43D8E77ADC2
type: intermediate
crls:
"""  # the CRL: line 5


def crl(fields: str, extra: str = "") -> dict[str, str]:
    return {CERT: HEAD + f'  - {{url: "http://crl.example.com/1.crl", {fields}}}\n' + extra}


def test_seven_days_after_the_first_certificate_at_the_boundary(tmp_path: Path) -> None:
    files = crl("first_issued: 2026-04-01")
    assert found(tmp_path / "a", CODE, files, "2026-04-08T23:59:59Z") == []
    assert found(tmp_path / "b", CODE, files, "2026-04-09T00:00:00Z") == [(CODE, 5)]
    done = crl("first_issued: 2026-04-01, disclosed: 2026-04-08")
    assert obligations(tmp_path / "c", RULE, done, "2026-05-01T00:00Z")[0][1] == "met"


def test_four_hours_after_the_first_revocation_from_ccadb_policy_2_1(tmp_path: Path) -> None:
    files = crl('first_issued: 2026-04-01, first_revoked: "2026-04-02T10:00Z"')
    assert found(tmp_path / "a", CODE, files, "2026-04-02T14:00:00Z") == []
    assert found(tmp_path / "b", CODE, files, "2026-04-02T14:00:01Z") == [(CODE, 5)]
    # before 2026-03-20 (CCADB Policy 2.0) only the 7 days applied
    older = crl('first_issued: 2026-03-01, first_revoked: "2026-03-02T10:00Z"')
    assert found(tmp_path / "c", CODE, older, "2026-03-08T23:59:59Z") == []
    assert found(tmp_path / "d", CODE, older, "2026-03-09T00:00:00Z") == [(CODE, 5)]


def test_revoked_cas_and_urls_in_the_ccadb_report_are_not_judged(tmp_path: Path) -> None:
    revoked = crl("first_issued: 2026-04-01", "revoked: 2026-04-02\n")
    assert obligations(tmp_path / "a", RULE, revoked, "2026-05-01T00:00Z") == []
    seen = crl("first_issued: 2026-04-01, in_ccadb: true")
    assert obligations(tmp_path / "b", RULE, seen, "2026-05-01T00:00Z") == []


def test_applies_from_ccadb_policy_2_0(tmp_path: Path) -> None:
    assert found(tmp_path / "a", CODE, crl("first_issued: 2025-07-14"), "2025-09-01T00:00Z") == []
    assert found(tmp_path / "b", CODE, crl("first_issued: 2025-07-15"), "2025-09-01T00:00Z") == [
        (CODE, 5)]
