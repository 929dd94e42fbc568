from __future__ import annotations

from pathlib import Path

from rulecase import judge

CODE = "LDG108"
HEAD = "title: X\nstatus: open\nowner: O\nsummary: S.\ntimeline:\n  - {at: 2025-06-01T09:00Z, event: E.}\n"
INCIDENT = HEAD + "revocation_delay: true\nopened: 2025-06-01T09:00Z\n"
COUNTS = "revocation: {revoked: 1, remaining: 2, expired: 0, eta: 2025-07-01}"


def run(root: Path, text: str, as_of: str, history: bool = False) -> list[tuple[int, str]]:
    evaluation = judge(root, {"incidents/x.yaml": text}, as_of)
    chosen = evaluation.history if history else evaluation.open
    return [(d.pos.line, d.severity) for d in chosen if d.code == CODE]


def test_quiet_three_days_to_the_second(tmp_path: Path) -> None:
    assert run(tmp_path, INCIDENT, "2025-06-04T09:00:00Z") == []


def test_warning_after_three_days_error_after_seven(tmp_path: Path) -> None:
    assert run(tmp_path, INCIDENT, "2025-06-04T09:00:01Z") == [(8, "warning")]
    assert run(tmp_path, INCIDENT, "2025-06-08T09:00:00Z") == [(8, "warning")]
    assert run(tmp_path, INCIDENT, "2025-06-08T09:00:01Z") == [(8, "error")]


def test_a_gap_met_late_is_history_and_counts_are_required(tmp_path: Path) -> None:
    text = INCIDENT + f"updates:\n  - at: 2025-06-06T09:00Z\n    text: Progress.\n    {COUNTS}\n"
    assert run(tmp_path, text, "2025-06-07T00:00Z") == []
    assert run(tmp_path, text, "2025-06-07T00:00Z", history=True) == [(8, "warning")]
    bare = INCIDENT + "updates:\n  - {at: 2025-06-03T09:00Z, text: Progress.}\n"
    assert run(tmp_path / "bare", bare, "2025-06-04T00:00Z") == [(10, "error")]


def test_gaps_before_v3_are_not_judged(tmp_path: Path) -> None:
    text = INCIDENT.replace("2025-06-01T09:00Z", "2025-02-01T09:00Z")
    assert run(tmp_path, text, "2025-02-20T00:00Z") == []
