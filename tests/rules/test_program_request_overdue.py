from __future__ import annotations

from pathlib import Path

from calendarcase import found, obligations

CODE = "LDG157"
RULE = "program-request-overdue"
REQ = "ledger/requests/survey.yaml"
BODY = """\
program: %s
kind: survey
title: 2026 CA survey
received: 2026-01-15
deadline: %s
"""  # deadline: line 5


def request(program: str = "mozilla", deadline: str = "2026-02-15", extra: str = "") -> dict[str, str]:
    return {REQ: BODY % (program, deadline) + extra}


def test_a_date_deadline_ends_at_the_end_of_its_day(tmp_path: Path) -> None:
    assert found(tmp_path / "a", CODE, request(), "2026-02-15T23:59:59Z") == []
    assert found(tmp_path / "b", CODE, request(), "2026-02-16T00:00:00Z") == [(CODE, 5)]


def test_an_instant_deadline_ends_at_that_instant(tmp_path: Path) -> None:
    files = request(deadline='"2026-02-15T17:00Z"')
    assert found(tmp_path / "a", CODE, files, "2026-02-15T17:00:00Z") == []
    assert found(tmp_path / "b", CODE, files, "2026-02-15T17:00:01Z") == [(CODE, 5)]


def test_an_answer_meets_it_unless_it_came_after_as_of(tmp_path: Path) -> None:
    files = request(extra="answered: 2026-02-10\nanswer: Submitted through the CCADB.\n")
    assert obligations(tmp_path / "a", RULE, files, "2026-03-01T00:00Z")[0][1] == "met"
    assert obligations(tmp_path / "b", RULE, files, "2026-02-09T00:00Z")[0][1] == "open"
    assert obligations(tmp_path / "c", RULE, files, "2026-01-14T00:00Z") == []  # not received


def test_only_requests_of_programs_in_the_policy_and_the_ccadb(tmp_path: Path) -> None:
    policy = "programs: [chrome]\n"
    assert found(tmp_path / "a", CODE, request(), "2026-03-01T00:00Z", policy=policy) == []
    assert found(tmp_path / "b", CODE, request("ccadb"), "2026-03-01T00:00Z", policy=policy) == [
        (CODE, 5)]
