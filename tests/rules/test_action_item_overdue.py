from __future__ import annotations

from pathlib import Path

from rulecase import found, messages

CODE = "LDG101"
ITEM = """\
opened: 2024-05-01T09:00Z
action_items:
  - {id: fix, action: Fix it., kind: prevent, due: 2024-06-01, status: ongoing}
"""


def test_quiet_at_the_last_second_of_the_due_day(tmp_path: Path) -> None:
    assert found(tmp_path, CODE, ITEM, "2024-06-01T23:59:59Z") == []


def test_fires_one_second_later_at_the_item(tmp_path: Path) -> None:
    assert found(tmp_path, CODE, ITEM, "2024-06-02T00:00:00Z") == [(CODE, 9)]
    [message] = messages(tmp_path, CODE, "2024-06-03T04:00:00Z")
    assert message == ("action item 'fix' (due 2024-06-01) is 1 day 4 hours overdue "
                       "(deadline 2024-06-01 23:59:59 UTC)")


def test_the_due_day_ends_in_the_policy_zone(tmp_path: Path) -> None:
    policy = "timezone: '+08:00'\n"
    assert found(tmp_path, CODE, ITEM, "2024-06-01T15:59:59Z", policy=policy) == []
    assert found(tmp_path, CODE, ITEM, "2024-06-01T16:00:00Z", policy=policy) == [(CODE, 9)]


def test_across_a_dst_change_the_day_ends_at_local_midnight(tmp_path: Path) -> None:
    # 2024-03-31 is the day Europe/Berlin moves to CEST (+02:00): its last second is 21:59:59Z
    item = ITEM.replace("2024-06-01", "2024-03-31").replace("2024-05-01T09:00Z", "2024-03-01T09:00Z")
    policy = "timezone: Europe/Berlin\n"
    assert found(tmp_path, CODE, item, "2024-03-31T21:59:59Z", policy=policy) == []
    assert found(tmp_path, CODE, item, "2024-03-31T22:00:00Z", policy=policy) == [(CODE, 9)]


def test_completed_late_is_history_not_open(tmp_path: Path) -> None:
    item = ITEM.replace("status: ongoing", "status: complete, completed: 2024-06-05")
    assert found(tmp_path, CODE, item, "2024-07-01T00:00Z") == []
    assert found(tmp_path, CODE, item, "2024-07-01T00:00Z", history=True) == [(CODE, 9)]


def test_completed_after_as_of_is_still_ongoing_then(tmp_path: Path) -> None:
    item = ITEM.replace("status: ongoing", "status: complete, completed: 2024-06-05")
    assert found(tmp_path, CODE, item, "2024-06-04T12:00Z") == [(CODE, 9)]


def test_canceled_and_on_time_items_are_quiet(tmp_path: Path) -> None:
    items = """\
    opened: 2024-05-01T09:00Z
    action_items:
      - {id: a, action: A., kind: prevent, due: 2024-06-01, status: canceled}
      - {id: b, action: B., kind: detect, due: 2024-06-01, status: complete, completed: 2024-06-01}
    """
    assert found(tmp_path, CODE, items, "2024-07-01T00:00Z") == []
    assert found(tmp_path, CODE, items, "2024-07-01T00:00Z", history=True) == []


def test_a_waiver_silences_one_item_until_its_day_ends(tmp_path: Path) -> None:
    items = """\
    opened: 2024-05-01T09:00Z
    action_items:
      - {id: a, action: A., kind: prevent, due: 2024-06-01, status: ongoing}
      - {id: b, action: B., kind: detect, due: 2024-06-01, status: ongoing}
    waivers:
      - {rule: action-item-overdue, item: a, until: 2024-06-10, reason: Vendor delay., approved_by: CISO}
    """
    assert found(tmp_path, CODE, items, "2024-06-10T23:59:59Z") == [(CODE, 10)]
    assert found(tmp_path, CODE, items, "2024-06-11T00:00:00Z") == [(CODE, 9), (CODE, 10)]


def test_policy_severity_off_drops_the_rule(tmp_path: Path) -> None:
    policy = "rules:\n  action-item-overdue: {severity: 'off'}\n"
    assert found(tmp_path, CODE, ITEM, "2024-07-01T00:00Z", policy=policy) == []
