from __future__ import annotations

from pathlib import Path

from rulecase import found

CODE = "LDG131"
HEAD = """\
title: Example incident
status: open
owner: PKI team
summary: An example.
timeline:
  - {at: 2026-03-01T09:00Z, event: Reported.}
"""
MICROSOFT = "programs: [mozilla, microsoft]\n"
BASE = "aware: 2026-03-01T09:00Z\nopened: 2026-03-02T09:00Z\nsecurity_incident: true\n"  # line 7


def test_24_hours_from_awareness(tmp_path: Path) -> None:
    assert found(tmp_path / "a", CODE, BASE, "2026-03-02T09:00:00Z", head=HEAD, policy=MICROSOFT) == []
    assert found(tmp_path / "b", CODE, BASE, "2026-03-02T09:00:01Z", head=HEAD, policy=MICROSOFT) == [
        (CODE, 9)
    ]


def test_a_notice_to_microsoft_meets_it_and_late_is_history(tmp_path: Path) -> None:
    on_time = BASE + "notifications:\n  - {to: microsoft, at: 2026-03-02T09:00Z}\n"
    assert found(tmp_path / "a", CODE, on_time, "2026-04-01T00:00Z", head=HEAD, policy=MICROSOFT,
                 history=True) == []
    late = BASE + "notifications:\n  - {to: microsoft, at: 2026-03-02T10:00Z}\n"
    assert found(tmp_path / "b", CODE, late, "2026-04-01T00:00Z", head=HEAD, policy=MICROSOFT) == []
    assert found(tmp_path / "c", CODE, late, "2026-04-01T00:00Z", head=HEAD, policy=MICROSOFT,
                 history=True) == [(CODE, 11)]


def test_a_notice_to_another_program_does_not_count(tmp_path: Path) -> None:
    other = BASE + "notifications:\n  - {to: chrome, at: 2026-03-01T10:00Z}\n"
    assert found(tmp_path, CODE, other, "2026-04-01T00:00Z", head=HEAD, policy=MICROSOFT) == [
        (CODE, 9)
    ]


def test_only_for_microsoft_members_and_security_incidents(tmp_path: Path) -> None:
    assert found(tmp_path / "a", CODE, BASE, "2026-04-01T00:00Z", head=HEAD) == []  # default programs
    plain = BASE.replace("security_incident: true", "security_incident: false")
    assert found(tmp_path / "b", CODE, plain, "2026-04-01T00:00Z", head=HEAD, policy=MICROSOFT) == []


def test_applies_from_the_verifiable_text(tmp_path: Path) -> None:
    early = BASE.replace("2026-03-0", "2026-01-0")
    head = HEAD.replace("2026-03-01", "2026-01-01")
    assert found(tmp_path, CODE, early, "2026-04-01T00:00Z", head=head, policy=MICROSOFT) == []
