from __future__ import annotations

from pathlib import Path

from rulecase import HEAD, found, judge

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


MOZILLA_ONLY = "programs: [mozilla]\n"


def test_questions_before_v2_are_not_judged(tmp_path: Path) -> None:
    # IRG v2.0 (2023-10-17) first asks for an answer within a week
    incident = QUESTION.replace("2024-05-02T10:00+02:00", "2023-10-16T10:00Z").replace(
        "opened: 2024-05-01", "opened: 2023-10-01")
    assert found(tmp_path / "a", CODE, incident, "2024-06-01T00:00Z", policy=MOZILLA_ONLY) == []
    later = incident.replace("2023-10-16T10:00Z", "2023-10-17T00:00Z")
    assert (severities(tmp_path / "b", later, "2024-06-01T00:00Z", MOZILLA_ONLY)
            == ["warning"])


def test_chrome_asked_for_seven_days_from_its_policy_1_4(tmp_path: Path) -> None:
    # Chrome 1.4 (2023-03-03): "should ... not linger ... more than seven calendar days"
    early = QUESTION.replace("2024-05-02T10:00+02:00", "2023-03-02T10:00Z").replace(
        "opened: 2024-05-01", "opened: 2023-03-01")
    chrome = "programs: [chrome]\n"
    assert found(tmp_path / "a", CODE, early, "2024-06-01T00:00Z", policy=chrome) == []
    later = early.replace("2023-03-02T10:00Z", "2023-03-03T00:00Z")
    assert severities(tmp_path / "b", later, "2024-06-01T00:00Z", chrome) == ["warning"]


def test_should_in_v2_must_in_v3(tmp_path: Path) -> None:
    before = QUESTION.replace("2024-05-02T10:00+02:00", "2025-02-28T10:00Z").replace(
        "opened: 2024-05-01", "opened: 2025-02-01")
    assert severities(tmp_path / "a", before, "2025-06-01T00:00Z", MOZILLA_ONLY) == ["warning"]
    after = before.replace("2025-02-28T10:00Z", "2025-03-01T00:00Z")
    assert severities(tmp_path / "b", after, "2025-06-01T00:00Z", MOZILLA_ONLY) == ["error"]


def severities(root: Path, incident: str, as_of: str, policy: str) -> list[str]:
    files = {"incidents/x.yaml": HEAD + incident, "ledger/policy.yaml": policy}
    return [d.severity for d in judge(root, files, as_of).open if d.code == CODE]
