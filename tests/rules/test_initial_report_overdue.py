from __future__ import annotations

from pathlib import Path

from rulecase import found

CODE = "LDG106"
AWARE = """\
aware: 2025-06-01T09:00+02:00
opened: 2025-06-10T09:00Z
"""


def test_quiet_72_hours_to_the_second(tmp_path: Path) -> None:
    assert found(tmp_path, CODE, AWARE, "2025-06-04T07:00:00Z") == []


def test_fires_one_second_later_before_opened(tmp_path: Path) -> None:
    assert found(tmp_path, CODE, AWARE, "2025-06-04T07:00:01Z") == [(CODE, 7)]


def test_a_report_posted_late_is_history(tmp_path: Path) -> None:
    assert found(tmp_path, CODE, AWARE, "2025-06-20T00:00Z") == []
    assert found(tmp_path, CODE, AWARE, "2025-06-20T00:00Z", history=True) == [(CODE, 7)]


def test_an_early_preliminary_report_meets_it(tmp_path: Path) -> None:
    incident = AWARE + "reports:\n  - {kind: preliminary, at: 2025-06-03T09:00Z}\n"
    assert found(tmp_path, CODE, incident, "2025-06-20T00:00Z", history=True) == []


def test_warning_under_v2_error_under_v3(tmp_path: Path) -> None:
    from rulecase import judge

    for aware, severity in (("2025-02-28T23:00Z", "warning"), ("2025-03-01T00:00Z", "error")):
        root = tmp_path / severity
        text = AWARE.replace("2025-06-01T09:00+02:00", aware)
        evaluation = judge(root, {"incidents/x.yaml": "title: X\nstatus: open\nowner: O\nsummary: S.\n"
                                  "timeline:\n  - {at: 2025-02-01T00:00Z, event: E.}\n" + text},
                           "2025-03-05T00:00Z")
        assert [(d.code, d.severity) for d in evaluation.open if d.code == CODE] == [(CODE, severity)]


def test_awareness_before_v2_is_not_judged(tmp_path: Path) -> None:
    incident = AWARE.replace("2025-06-01T09:00+02:00", "2023-10-16T12:00Z")
    assert found(tmp_path, CODE, incident, "2023-11-01T00:00Z") == []
