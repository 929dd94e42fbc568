"""The example ledger (the CFCA case of the seed) through `ledger check`: the deadline rules'
part. What the seed says went wrong shows at its dates, and after the closure all is clean."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from generator.cli import main

ROOT = Path(__file__).resolve().parent.parent
INCIDENT = "incidents/2024/cfca-cpr-response.yaml"


def check(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, list[dict[str, object]]]:
    capsys.readouterr()
    code = main(["check", "--root", str(ROOT), "--format", "json", *args])
    return code, json.loads(capsys.readouterr().out)


def test_missed_weekly_update_after_the_april_update(capsys: pytest.CaptureFixture[str]) -> None:
    code, found = check(capsys, "--as-of", "2024-05-01")
    updates = [(d["path"], d["line"]) for d in found if d["name"] == "update-overdue"]
    assert updates == [(INCIDENT, 103)]  # the update of 2024-04-18: nothing followed in a week
    assert code == 1


def test_history_lists_every_missed_week_until_the_closure(capsys: pytest.CaptureFixture[str]) -> None:
    code, found = check(capsys, "--as-of", "2025-04-03", "--history")
    weeks = [d for d in found if d["name"] == "update-overdue"]
    assert weeks and all(d["severity"] == "info" and d["done"] for d in weeks)
    # line 113 is the update of 2024-09-18: the week it met late, then 23 weeks missed outright
    assert sum(1 for d in weeks if d["line"] == 113) == 24
    assert [d["name"] for d in found if d["name"] == "initial-report-overdue"] == ["initial-report-overdue"]
    assert code == 0


def test_clean_the_day_after_the_closure(capsys: pytest.CaptureFixture[str]) -> None:
    assert check(capsys, "--as-of", "2025-04-03") == (0, [])


def test_no_update_finding_before_the_incident_was_opened(capsys: pytest.CaptureFixture[str]) -> None:
    _, found = check(capsys, "--as-of", "2024-03-05T09:00+08:00")
    assert [d for d in found if d["path"] == INCIDENT] == []
