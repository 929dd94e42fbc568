from __future__ import annotations

from pathlib import Path

from rulecase import found

CODE = "LDG133"
HEAD = """\
title: Example incident
status: open
owner: PKI team
summary: An example.
timeline:
  - {at: 2023-06-01T09:00Z, event: Reported.}
"""
AWARE = "aware: 2023-06-01T09:00Z\n"  # line 7


def test_seven_days_from_identification(tmp_path: Path) -> None:
    assert found(tmp_path / "a", CODE, AWARE, "2023-06-08T09:00:00Z", head=HEAD) == []
    assert found(tmp_path / "b", CODE, AWARE, "2023-06-08T09:00:01Z", head=HEAD) == [(CODE, 7)]


def test_24_hours_for_a_ca_system_incident(tmp_path: Path) -> None:
    text = AWARE + "tags: [ca-system]\n"
    assert found(tmp_path / "a", CODE, text, "2023-06-02T09:00:00Z", head=HEAD) == []
    assert found(tmp_path / "b", CODE, text, "2023-06-02T09:00:01Z", head=HEAD) == [(CODE, 7)]


def test_disclosure_meets_it_late_is_history(tmp_path: Path) -> None:
    text = AWARE + "opened: 2023-06-09T09:00Z\n"
    assert found(tmp_path / "a", CODE, text, "2023-07-01T00:00Z", head=HEAD) == []
    assert found(tmp_path / "a", CODE, text, "2023-07-01T00:00Z", head=HEAD, history=True) == [
        (CODE, 7)
    ]


def test_only_while_chrome_1_4_was_in_force_and_only_for_chrome(tmp_path: Path) -> None:
    before = AWARE.replace("2023-06-01", "2023-03-02")
    head = HEAD.replace("2023-06-01", "2023-03-02")
    assert found(tmp_path / "a", CODE, before, "2023-07-01T00:00Z", head=head) == []
    first = AWARE.replace("2023-06-01", "2023-03-03")
    head = HEAD.replace("2023-06-01", "2023-03-03")
    assert found(tmp_path / "b", CODE, first, "2023-07-01T00:00Z", head=head) == [(CODE, 7)]
    after = AWARE.replace("2023-06-01", "2024-01-16")
    head = HEAD.replace("2023-06-01", "2024-01-16")
    assert found(tmp_path / "c", CODE, after, "2024-07-01T00:00Z", head=head) == []
    mozilla = "programs: [mozilla]\n"
    assert found(tmp_path / "d", CODE, AWARE, "2023-07-01T00:00Z", head=HEAD, policy=mozilla) == []
