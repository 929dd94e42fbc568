from __future__ import annotations

from pathlib import Path

from calendarcase import found, obligations

CODE = "LDG153"
RULE = "cp-cps-disclosure-overdue"
DOC = "ledger/documents/cps.yaml"
HEAD = "kind: cp-cps\ntitle: Example CA CP/CPS\nversions:\n"


def version(effective: str, extra: str = "") -> dict[str, str]:
    return {DOC: HEAD + f'  - {{version: "2.0", effective: {effective}{extra}}}\n'}  # line 4


def test_14_days_after_the_effective_date_at_the_boundary(tmp_path: Path) -> None:
    files = version("2026-03-01")
    assert found(tmp_path / "a", CODE, files, "2026-03-15T23:59:58Z") == []
    assert found(tmp_path / "b", CODE, files, "2026-03-15T23:59:59Z") == []
    assert found(tmp_path / "c", CODE, files, "2026-03-16T00:00:00Z") == [(CODE, 4)]


def test_submitted_on_the_last_day_is_on_time_the_day_after_late(tmp_path: Path) -> None:
    assert obligations(tmp_path / "a", RULE, version("2026-03-01", ", submitted: 2026-03-15"),
                       "2026-04-01T00:00Z")[0][1] == "met"
    assert obligations(tmp_path / "b", RULE, version("2026-03-01", ", submitted: 2026-03-16"),
                       "2026-04-01T00:00Z")[0][1] == "met-late"


def test_applies_from_ccadb_policy_2_0_on_2025_07_15(tmp_path: Path) -> None:
    assert found(tmp_path / "a", CODE, version("2025-07-14"), "2025-09-01T00:00Z") == []
    assert found(tmp_path / "b", CODE, version("2025-07-15"), "2025-09-01T00:00Z") == [(CODE, 4)]


def test_a_version_seen_in_the_ccadb_report_is_not_judged(tmp_path: Path) -> None:
    files = version("2026-03-01", ", in_ccadb: true")
    assert obligations(tmp_path, RULE, files, "2026-04-01T00:00Z") == []
