from __future__ import annotations

from pathlib import Path

from rulecase import found

CODE = "LDG102"
ITEM = """\
opened: 2024-05-01T09:00Z
action_items:
  - {id: fix, action: Fix it., kind: prevent, due: 2024-06-01, status: ongoing}
"""


def test_quiet_one_second_before_the_window(tmp_path: Path) -> None:
    # the deadline is 2024-06-01T23:59:59Z; the 7-day window opens 7 days before it
    assert found(tmp_path, CODE, ITEM, "2024-05-25T23:59:58Z") == []


def test_fires_inside_the_window_and_stops_at_the_deadline(tmp_path: Path) -> None:
    assert found(tmp_path, CODE, ITEM, "2024-05-25T23:59:59Z") == [(CODE, 9)]
    assert found(tmp_path, CODE, ITEM, "2024-06-01T23:59:59Z") == [(CODE, 9)]
    assert found(tmp_path, CODE, ITEM, "2024-06-02T00:00:00Z") == []


def test_the_window_follows_the_policy(tmp_path: Path) -> None:
    policy = "timezone: '-05:00'\nrules:\n  action-item-due-soon: {days: 1}\n"
    # due day ends 2024-06-02T04:59:59Z; one day earlier is 2024-06-01T04:59:59Z
    assert found(tmp_path, CODE, ITEM, "2024-06-01T04:59:58Z", policy=policy) == []
    assert found(tmp_path, CODE, ITEM, "2024-06-01T04:59:59Z", policy=policy) == [(CODE, 9)]


def test_done_items_are_quiet(tmp_path: Path) -> None:
    item = ITEM.replace("status: ongoing", "status: complete, completed: 2024-05-20")
    assert found(tmp_path, CODE, item, "2024-05-30T00:00Z") == []
