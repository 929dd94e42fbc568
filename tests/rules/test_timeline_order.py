from __future__ import annotations

from pathlib import Path

from contactcase import pick
from rulecase import judge, messages

CODE = "LDG203"
HEAD = """\
title: Example incident
status: open
owner: PKI team
summary: An example.
opened: 2024-05-01T09:00Z
timeline:
"""  # events start on line 7


def events(root: Path, *ats: str, zone: str = "UTC") -> list[tuple[str, int]]:
    lines = "".join(f"  - {{at: {at}, event: Something.}}\n" for at in ats)
    files = {"incidents/x.yaml": HEAD + lines + f"timezone: {zone}\n"}
    return pick(judge(root, files, "2024-06-01T00:00Z"), CODE)


def test_one_second_before_the_previous_event_fires_across_offsets(tmp_path: Path) -> None:
    first = '"2024-03-04T08:00+08:00"'  # 2024-03-04 00:00:00 UTC
    assert events(tmp_path / "a", first, '"2024-03-04T00:00:00Z"') == []
    assert events(tmp_path / "b", first, '"2024-03-03T23:59:59Z"') == [(CODE, 8)]
    assert messages(tmp_path / "b", CODE, "2024-06-01T00:00Z") == [
        "timeline event at 2024-03-03T23:59:59Z of x comes after one at 2024-03-04T08:00+08:00"]


def test_across_a_dst_change_instants_are_compared_not_wall_clocks(tmp_path: Path) -> None:
    # in Europe/Berlin 03:00 CEST is 01:00Z and 01:59 CET is 00:59Z; 02:30 does not exist, and
    # 03:30 CEST (01:30Z) follows 01:59 CET
    assert events(tmp_path / "a", '"2024-03-31T03:00"', '"2024-03-31T01:59"',
                  zone="Europe/Berlin") == [(CODE, 8)]
    assert events(tmp_path / "b", '"2024-03-31T01:59"', '"2024-03-31T03:30"',
                  zone="Europe/Berlin") == []


def test_a_date_is_in_order_next_to_any_time_of_that_day(tmp_path: Path) -> None:
    assert events(tmp_path / "a", '"2024-03-04T01:00Z"', "2024-03-04", '"2024-03-04T23:00Z"') == []
    assert events(tmp_path / "b", '"2024-03-04T08:00Z"', "2024-03-03") == [(CODE, 8)]


def test_an_event_is_compared_with_every_event_above_not_just_the_previous(tmp_path: Path) -> None:
    # the date in between is "some time" on the 4th, but 01:00Z still precedes 23:00Z
    assert (events(tmp_path, '"2024-03-04T23:00Z"', "2024-03-04", '"2024-03-04T01:00Z"')
            == [(CODE, 9)])
    assert messages(tmp_path, CODE, "2024-06-01T00:00Z") == [
        "timeline event at 2024-03-04T01:00Z of x comes after one at 2024-03-04T23:00Z"]


def test_the_day_of_a_date_is_read_in_the_incidents_zone(tmp_path: Path) -> None:
    # 2024-03-04T23:30Z is already 2024-03-05 in +08:00: a following 2024-03-04 is out of order
    assert events(tmp_path / "a", '"2024-03-04T23:30Z"', "2024-03-04") == []
    assert (events(tmp_path / "b", '"2024-03-04T23:30Z"', "2024-03-04", zone="'+08:00'")
            == [(CODE, 8)])
