from __future__ import annotations

from pathlib import Path

from rulecase import found

CODE = "LDG112"
PROMISE = """\
opened: 2024-05-01T09:00Z
promises:
  - {what: A full report, due: 2024-05-06}
"""


def test_quiet_at_the_end_of_the_promised_day(tmp_path: Path) -> None:
    assert found(tmp_path, CODE, PROMISE, "2024-05-06T23:59:59Z") == []


def test_fires_one_second_later(tmp_path: Path) -> None:
    assert found(tmp_path, CODE, PROMISE, "2024-05-07T00:00:00Z") == [(CODE, 9)]


def test_an_exact_promise_in_an_iana_zone(tmp_path: Path) -> None:
    incident = PROMISE.replace("due: 2024-05-06", "due: 2024-03-31T12:00+02:00").replace(
        "opened: 2024-05-01", "opened: 2024-03-01")
    assert found(tmp_path, CODE, incident, "2024-03-31T10:00:00Z") == []
    assert found(tmp_path, CODE, incident, "2024-03-31T10:00:01Z") == [(CODE, 9)]


def test_kept_on_the_day_is_on_time_and_late_is_history(tmp_path: Path) -> None:
    on_time = PROMISE.replace("due: 2024-05-06", "due: 2024-05-06, kept: 2024-05-06")
    assert found(tmp_path, CODE, on_time, "2024-06-01T00:00Z", history=True) == []
    late = PROMISE.replace("due: 2024-05-06", "due: 2024-05-06, kept: 2024-05-08T10:00Z")
    assert found(tmp_path, CODE, late, "2024-06-01T00:00Z") == []
    assert found(tmp_path, CODE, late, "2024-06-01T00:00Z", history=True) == [(CODE, 9)]


def test_an_incident_opened_after_as_of_owes_nothing_yet(tmp_path: Path) -> None:
    # the as-of view is total: as of before `opened`, the incident and its promises do not exist
    incident = PROMISE.replace("due: 2024-05-06", "due: 2024-03-31T12:00+02:00")
    assert found(tmp_path, CODE, incident, "2024-04-30T00:00:00Z") == []
    assert found(tmp_path, CODE, incident, "2024-05-01T09:00:00Z") == [(CODE, 9)]
