from __future__ import annotations

from pathlib import Path

from rulecase import found

CODE = "LDG105"
QUESTION = """\
opened: 2024-05-01T09:00Z
questions:
  - {id: q1, asked: 2024-05-02T10:00+02:00, by: Root program, text: Which CAs?}
"""


def test_quiet_seven_days_to_the_second(tmp_path: Path) -> None:
    assert found(tmp_path, CODE, QUESTION, "2024-05-09T08:00:00Z") == []


def test_fires_one_second_later_across_the_offset(tmp_path: Path) -> None:
    assert found(tmp_path, CODE, QUESTION, "2024-05-09T08:00:01Z") == [(CODE, 9)]


def test_answered_late_is_history(tmp_path: Path) -> None:
    incident = QUESTION.replace("text: Which CAs?", "text: Which CAs?, answered: 2024-05-12T10:00Z")
    assert found(tmp_path, CODE, incident, "2024-06-01T00:00Z") == []
    assert found(tmp_path, CODE, incident, "2024-06-01T00:00Z", history=True) == [(CODE, 9)]
    assert found(tmp_path, CODE, incident, "2024-05-11T00:00Z") == [(CODE, 9)]


def test_a_question_dated_by_day_across_dst(tmp_path: Path) -> None:
    # asked 2024-03-30 00:00 Europe/Berlin (+01:00) = 2024-03-29T23:00Z; 168 hours later
    incident = "timezone: Europe/Berlin\n" + QUESTION.replace(
        "2024-05-02T10:00+02:00", "2024-03-30").replace("opened: 2024-05-01", "opened: 2024-03-01")
    assert found(tmp_path, CODE, incident, "2024-04-05T23:00:00Z") == []
    assert found(tmp_path, CODE, incident, "2024-04-05T23:00:01Z") == [(CODE, 10)]


def test_questions_before_v2_are_not_judged(tmp_path: Path) -> None:
    incident = QUESTION.replace("2024-05-02T10:00+02:00", "2023-10-16T10:00Z")
    assert found(tmp_path, CODE, incident, "2024-06-01T00:00Z") == []
