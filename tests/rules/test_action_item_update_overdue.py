from __future__ import annotations

from pathlib import Path

from rulecase import found

CODE = "LDG104"
ITEM = """\
opened: 2025-08-01T09:00Z
action_items:
  - {id: fix, action: Fix it., kind: prevent, due: 2025-09-01, status: complete, completed: 2025-08-10}
"""


def test_quiet_until_three_days_after_the_completion_day_starts(tmp_path: Path) -> None:
    assert found(tmp_path, CODE, ITEM, "2025-08-13T00:00:00Z") == []


def test_fires_one_second_later(tmp_path: Path) -> None:
    assert found(tmp_path, CODE, ITEM, "2025-08-13T00:00:01Z") == [(CODE, 9)]


def test_an_update_on_the_completion_day_meets_it(tmp_path: Path) -> None:
    incident = ITEM + "updates:\n  - {at: 2025-08-10, text: Done.}\n"
    assert found(tmp_path, CODE, incident, "2025-09-01T00:00Z") == []
    assert found(tmp_path, CODE, incident, "2025-09-01T00:00Z", history=True) == []


def test_an_update_before_the_completion_does_not(tmp_path: Path) -> None:
    incident = ITEM + "updates:\n  - {at: 2025-08-09T12:00Z, text: Almost done.}\n"
    assert found(tmp_path, CODE, incident, "2025-08-14T00:00Z") == [(CODE, 9)]


def test_the_completion_day_starts_in_the_record_zone(tmp_path: Path) -> None:
    incident = "timezone: '+08:00'\n" + ITEM
    # 2025-08-10 00:00+08 = 2025-08-09T16:00Z; three days later 2025-08-12T16:00Z
    assert found(tmp_path, CODE, incident, "2025-08-12T16:00:00Z") == []
    assert found(tmp_path, CODE, incident, "2025-08-12T16:00:01Z") == [(CODE, 10)]


def test_completions_before_v3_1_are_not_judged(tmp_path: Path) -> None:
    incident = ITEM.replace("2025-08-10", "2025-07-14").replace("2025-08-01T09:00Z", "2025-07-01T09:00Z")
    assert found(tmp_path, CODE, incident, "2025-09-01T00:00Z") == []
