from __future__ import annotations

from pathlib import Path

from rulecase import found

CODE = "LDG109"
READY = """\
opened: 2025-05-01T09:00Z
action_items:
  - {id: fix, action: Fix it., kind: prevent, due: 2025-06-30, status: complete, completed: 2025-06-10}
"""


def test_quiet_fourteen_days_after_the_completion_day_starts(tmp_path: Path) -> None:
    assert found(tmp_path, CODE, READY, "2025-06-24T00:00:00Z") == []


def test_fires_one_second_later(tmp_path: Path) -> None:
    assert found(tmp_path, CODE, READY, "2025-06-24T00:00:01Z") == [(CODE, 9)]


def test_an_open_question_or_item_keeps_it_quiet(tmp_path: Path) -> None:
    asked = READY + "questions:\n  - {id: q, asked: 2025-06-11T00:00Z, by: R, text: Why?}\n"
    assert found(tmp_path, CODE, asked, "2025-07-30T00:00Z") == []
    ongoing = READY.replace("status: complete, completed: 2025-06-10", "status: ongoing")
    assert found(tmp_path / "o", CODE, ongoing, "2025-07-30T00:00Z") == []


def test_a_late_closure_summary_is_history(tmp_path: Path) -> None:
    incident = READY + "reports:\n  - {kind: closure, at: 2025-06-30T00:00Z}\n"
    assert found(tmp_path, CODE, incident, "2025-07-30T00:00Z") == []
    assert found(tmp_path, CODE, incident, "2025-07-30T00:00Z", history=True) == [(CODE, 11)]


def test_ready_before_the_rule_counts_from_its_first_day(tmp_path: Path) -> None:
    early = READY.replace("2025-06-10", "2024-06-10").replace("2025-05-01T09:00Z", "2024-05-01T09:00Z")
    policy = "timezone: Europe/Paris\n"
    # 2025-03-01 00:00 in Paris is 2025-02-28T23:00Z; 14 days later 2025-03-14T23:00Z
    assert found(tmp_path, CODE, early, "2025-03-14T23:00:00Z", policy=policy) == []
    assert found(tmp_path, CODE, early, "2025-03-14T23:00:01Z", policy=policy) == [(CODE, 9)]
