from __future__ import annotations

from pathlib import Path

from rulecase import found

CODE = "LDG118"
WAIVER = """\
opened: 2024-05-01T09:00Z
waivers:
  - {rule: update-overdue, until: 2024-05-31, reason: Audit pause., approved_by: CISO}
"""


def test_quiet_through_the_last_day(tmp_path: Path) -> None:
    assert found(tmp_path, CODE, WAIVER, "2024-05-31T23:59:59Z") == []
    assert found(tmp_path, "LDG103", WAIVER, "2024-05-31T23:59:59Z") == []


def test_fires_one_second_later_and_the_waived_rule_fires_again(tmp_path: Path) -> None:
    assert found(tmp_path, CODE, WAIVER, "2024-06-01T00:00:00Z") == [(CODE, 9)]
    assert found(tmp_path, "LDG103", WAIVER, "2024-06-01T00:00:00Z") == [(CODE.replace("118", "103"), 7)]


def test_the_day_ends_in_the_policy_zone(tmp_path: Path) -> None:
    policy = "timezone: Asia/Tokyo\n"
    assert found(tmp_path, CODE, WAIVER, "2024-05-31T14:59:59Z", policy=policy) == []
    assert found(tmp_path, CODE, WAIVER, "2024-05-31T15:00:00Z", policy=policy) == [(CODE, 9)]
