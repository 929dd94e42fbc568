from __future__ import annotations

from pathlib import Path

from rulecase import found, messages

CODE = "LDG107"
OPENED = "opened: 2024-05-01T09:00+08:00\n"


def test_quiet_fourteen_days_to_the_second(tmp_path: Path) -> None:
    assert found(tmp_path, CODE, OPENED, "2024-05-15T01:00:00Z") == []


def test_fires_one_second_later_across_the_offset(tmp_path: Path) -> None:
    assert found(tmp_path, CODE, OPENED, "2024-05-15T01:00:01Z") == [(CODE, 7)]


def test_a_late_full_report_is_history_at_the_report(tmp_path: Path) -> None:
    incident = OPENED + "reports:\n  - {kind: full, at: 2024-05-20T12:00Z}\n"
    assert found(tmp_path, CODE, incident, "2024-06-01T00:00Z") == []
    assert found(tmp_path, CODE, incident, "2024-06-01T00:00Z", history=True) == [(CODE, 9)]
    assert messages(tmp_path, CODE, "2024-06-01T00:00Z", history=True) == [
        "the full incident report was 5 days 11 hours late "
        "(deadline 2024-05-15 01:00 UTC, done 2024-05-20T12:00Z)"]


def test_a_preliminary_report_does_not_count(tmp_path: Path) -> None:
    incident = OPENED + "reports:\n  - {kind: preliminary, at: 2024-05-02T12:00Z}\n"
    assert found(tmp_path, CODE, incident, "2024-06-01T00:00Z") == [(CODE, 7)]


def test_dst_opened_by_date(tmp_path: Path) -> None:
    # 2024-03-20 00:00 America/New_York (EDT since 2024-03-10) = 04:00Z; 14 x 24 hours later
    incident = "timezone: America/New_York\nopened: 2024-03-20\n"
    assert found(tmp_path, CODE, incident, "2024-04-03T04:00:00Z") == []
    assert found(tmp_path, CODE, incident, "2024-04-03T04:00:01Z") == [(CODE, 8)]
