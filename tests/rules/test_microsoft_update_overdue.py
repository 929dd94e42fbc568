from __future__ import annotations

from pathlib import Path

from rulecase import found, messages

CODE = "LDG132"
HEAD = """\
title: Example incident
status: open
owner: PKI team
summary: An example.
timeline:
  - {at: 2026-03-01T09:00Z, event: Reported.}
"""
MICROSOFT = "programs: [mozilla, microsoft]\n"
NOTICE = (
    "aware: 2026-03-01T09:00Z\nopened: 2026-03-02T09:00Z\nsecurity_incident: true\n"
    "notifications:\n  - {to: microsoft, at: 2026-03-02T08:00Z}\n"  # the notice: line 11
)


def run(root: Path, text: str, as_of: str, *, history: bool = False) -> list[tuple[str, int]]:
    return found(root, CODE, text, as_of, head=HEAD, policy=MICROSOFT, history=history)


def test_every_24_hours_after_the_notice(tmp_path: Path) -> None:
    assert run(tmp_path / "a", NOTICE, "2026-03-03T08:00:00Z") == []
    assert run(tmp_path / "b", NOTICE, "2026-03-03T08:00:01Z") == [(CODE, 11)]


def test_missed_days_are_each_history_and_the_current_one_open(tmp_path: Path) -> None:
    assert run(tmp_path, NOTICE, "2026-03-05T09:00Z") == [(CODE, 11)]
    assert run(tmp_path, NOTICE, "2026-03-05T09:00Z", history=True) == [(CODE, 11)] * 2
    [message] = messages(tmp_path, CODE, "2026-03-05T09:00Z")
    assert message == (
        "the update to Microsoft after 2026-03-02T08:00Z is 1 hour overdue"
        " (deadline 2026-03-05 08:00 UTC)"
    )


def test_an_update_restarts_the_clock(tmp_path: Path) -> None:
    text = NOTICE + "  - {to: microsoft, at: 2026-03-03T07:00Z}\n"
    assert run(tmp_path / "a", text, "2026-03-04T07:00:00Z") == []
    assert run(tmp_path / "b", text, "2026-03-04T07:00:01Z") == [(CODE, 12)]


def test_the_closure_summary_stops_it(tmp_path: Path) -> None:
    text = NOTICE + "reports:\n  - {kind: closure, at: 2026-03-02T20:00Z}\n"
    assert run(tmp_path, text, "2026-03-10T00:00Z", history=True) == []
