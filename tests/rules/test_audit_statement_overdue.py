from __future__ import annotations

from pathlib import Path

from calendarcase import found, obligations

CODE = "LDG150"
RULE = "audit-statement-overdue"
AUDIT = "ledger/audits/tls-br.yaml"
LINE = "kind: tls-br\nperiods:\n  - {start: 2024-12-15, end: 2025-12-14%s}\n"  # period: line 3


def test_due_92_days_after_the_period_ends_at_the_boundary(tmp_path: Path) -> None:
    files = {AUDIT: LINE % ""}
    assert found(tmp_path / "a", CODE, files, "2026-03-16T23:59:58Z") == []
    assert found(tmp_path / "b", CODE, files, "2026-03-16T23:59:59Z") == []
    assert found(tmp_path / "c", CODE, files, "2026-03-17T00:00:00Z") == [(CODE, 3)]


def test_a_statement_on_the_last_day_is_on_time_and_one_day_later_is_late(tmp_path: Path) -> None:
    on_time = {AUDIT: LINE % ", statement: 2026-03-16"}
    late = {AUDIT: LINE % ", statement: 2026-03-17"}
    assert found(tmp_path / "a", CODE, on_time, "2026-04-01T00:00Z") == []
    assert found(tmp_path / "b", CODE, late, "2026-04-01T00:00Z") == []  # met late: history
    states = obligations(tmp_path / "c", RULE, late, "2026-04-01T00:00Z")
    assert states[0][:2] == ("2026-03-16T23:59:59Z", "met-late")


def test_the_statement_row_of_the_issue_is_on_time_and_the_next_is_due_2027_03_16(
    tmp_path: Path,
) -> None:
    files = {AUDIT: LINE % ", statement: 2026-03-11"}
    assert obligations(tmp_path, RULE, files, "2026-03-20T12:00Z") == [
        ("2026-03-16T23:59:59Z", "met", "the tls-br audit statement for 2024-12-15 to 2025-12-14"),
        (
            "2027-03-16T23:59:59Z",
            "open",
            "the tls-br audit statement for 2025-12-15 to 2026-12-14 (the next period, expected)",
        ),
    ]


def test_a_statement_dated_after_as_of_has_not_happened_yet(tmp_path: Path) -> None:
    files = {AUDIT: LINE % ", statement: 2026-03-11"}
    assert obligations(tmp_path, RULE, files, "2026-03-10T12:00Z")[0][1] == "open"


def test_disclosure_date_wins_over_the_statement_date_and_a_letter_meets_it(
    tmp_path: Path,
) -> None:
    late = {AUDIT: LINE % ", statement: 2026-03-01, disclosed: 2026-03-20"}
    assert obligations(tmp_path / "a", RULE, late, "2026-04-01T00:00Z")[0][1] == "met-late"
    letter = {AUDIT: LINE % ", letter: 2026-03-10"}
    assert obligations(tmp_path / "b", RULE, letter, "2026-04-01T00:00Z")[0][1] == "met"


def test_the_deadline_ends_in_the_policy_zone(tmp_path: Path) -> None:
    files = {AUDIT: LINE % ""}
    policy = "timezone: Asia/Shanghai\n"
    assert found(tmp_path / "a", CODE, files, "2026-03-16T15:59:59Z", policy=policy) == []
    assert found(tmp_path / "b", CODE, files, "2026-03-16T16:00:00Z", policy=policy) == [(CODE, 3)]


def test_the_next_period_is_owed_only_once_it_has_begun_and_a_recorded_one_replaces_it(
    tmp_path: Path,
) -> None:
    two = LINE % ", statement: 2026-03-11" + "  - {start: 2025-12-15, end: 2026-12-14}\n"
    states = obligations(tmp_path / "a", RULE, {AUDIT: two}, "2026-03-20T12:00Z")
    assert [s[0] for s in states] == ["2026-03-16T23:59:59Z", "2027-03-16T23:59:59Z"]
    assert "expected" not in states[1][2]
    states = obligations(tmp_path / "b", RULE, {AUDIT: two}, "2026-12-15T00:00Z")
    # 2027-12-14 + 92 days: 2028 is a leap year
    assert [s[0] for s in states][1:] == ["2027-03-16T23:59:59Z", "2028-03-15T23:59:59Z"]
    assert "expected" in states[2][2]


def test_before_ccadb_policy_2_0_the_window_was_three_months(tmp_path: Path) -> None:
    files = {AUDIT: "kind: tls-br\nperiods:\n  - {start: 2023-12-15, end: 2024-12-14}\n"}
    assert found(tmp_path / "a", CODE, files, "2025-03-14T23:59:59Z") == []
    assert found(tmp_path / "b", CODE, files, "2025-03-15T00:00:00Z") == [(CODE, 3)]
    last = {AUDIT: "kind: tls-br\nperiods:\n  - {start: 2024-07-15, end: 2025-07-14}\n"}
    assert obligations(tmp_path / "c", RULE, last, "2025-08-01T00:00Z")[0][0] == (
        "2025-10-14T23:59:59Z")
    first = {AUDIT: "kind: tls-br\nperiods:\n  - {start: 2024-07-16, end: 2025-07-15}\n"}
    assert obligations(tmp_path / "d", RULE, first, "2025-08-01T00:00Z")[0][0] == (
        "2025-10-15T23:59:59Z")  # 92 days


def test_only_programs_in_the_policy_that_impose_it(tmp_path: Path) -> None:
    files = {AUDIT: LINE % ""}
    assert found(tmp_path / "a", CODE, files, "2026-04-01T00:00Z", policy="programs: [apple]\n")
    # the rule is imposed by all four CCADB programs: no policy program leaves it out
    assert found(tmp_path / "b", CODE, files, "2026-04-01T00:00Z", policy="programs: [microsoft]\n")


def test_a_retired_audit_line_expects_no_next_period(tmp_path: Path) -> None:
    retired = {AUDIT: LINE % ", statement: 2026-03-11" + "retired: 2025-12-14\n"}
    assert [s[0] for s in obligations(tmp_path / "a", RULE, retired, "2026-04-01T00:00Z")] == [
        "2026-03-16T23:59:59Z"]
    later = {AUDIT: LINE % ", statement: 2026-03-11" + "retired: 2025-12-15\n"}
    assert len(obligations(tmp_path / "b", RULE, later, "2026-04-01T00:00Z")) == 2
