from __future__ import annotations

from pathlib import Path

from calendarcase import found, obligations

CODE = "LDG152"
RULE = "cp-cps-review-overdue"
DOC = "ledger/documents/cps.yaml"
HEAD = "kind: %s\ntitle: Example CA CP/CPS\nversions:\n"
V1 = '  - {version: "1.0", effective: 2024-08-29}\n'  # line 4


def test_365_days_after_the_effective_date_at_the_boundary(tmp_path: Path) -> None:
    files = {DOC: HEAD % "cp-cps" + V1}
    assert found(tmp_path / "a", CODE, files, "2025-08-29T23:59:58Z") == []
    assert found(tmp_path / "b", CODE, files, "2025-08-29T23:59:59Z") == []
    assert found(tmp_path / "c", CODE, files, "2025-08-30T00:00:00Z") == [(CODE, 4)]


def test_a_new_version_in_time_meets_it_and_one_not_yet_effective_does_not(
    tmp_path: Path,
) -> None:
    in_time = {DOC: HEAD % "cps" + V1 + '  - {version: "1.1", effective: 2025-08-29}\n'}
    states = obligations(tmp_path / "a", RULE, in_time, "2025-09-01T00:00Z")
    assert [s[:2] for s in states] == [
        ("2025-08-29T23:59:59Z", "met"), ("2026-08-29T23:59:59Z", "open")]
    future = {DOC: HEAD % "cp" + V1 + '  - {version: "1.1", effective: 2025-10-01}\n'}
    assert found(tmp_path / "b", CODE, future, "2025-09-01T00:00Z") == [(CODE, 4)]
    late = obligations(tmp_path / "c", RULE, future, "2025-10-02T00:00Z")
    assert late[0][:2] == ("2025-08-29T23:59:59Z", "met-late")


def test_self_assessments_are_not_cp_cps_documents(tmp_path: Path) -> None:
    files = {DOC: HEAD % "self-assessment" + V1}
    assert found(tmp_path, CODE, files, "2026-01-01T00:00Z") == []


def test_the_review_day_ends_in_the_policy_zone(tmp_path: Path) -> None:
    files = {DOC: HEAD % "cp-cps" + V1}
    policy = "timezone: Europe/Vienna\n"  # UTC+2 in summer
    assert found(tmp_path / "a", CODE, files, "2025-08-29T21:59:59Z", policy=policy) == []
    assert found(tmp_path / "b", CODE, files, "2025-08-29T22:00:00Z", policy=policy) == [(CODE, 4)]
