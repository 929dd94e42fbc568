"""The seed case in the example ledger (incidents/, ledger/), checked through `ledger check`:
the problem report of 2024-03-04 went unanswered for two weeks because the administrator of
rc@cfca.com.cn changed without a registry update."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from generator.cli import main

ROOT = Path(__file__).resolve().parents[1]
REPORT = "ledger/problem-reports/cpr-2024-03-04-basic-constraints.yaml"
RC = "ledger/contacts/cfca-rc-mailbox.yaml"


def check(as_of: str, capsys: pytest.CaptureFixture[str],
          *more: str) -> tuple[int, list[tuple[str, str]]]:
    capsys.readouterr()
    code = main(["check", "--root", str(ROOT), "--as-of", as_of, "--format", "json", *more])
    found = json.loads(capsys.readouterr().out or "[]")
    return code, [(d["path"], d["name"]) for d in found]


def test_the_unanswered_report_is_overdue_a_day_later(capsys: pytest.CaptureFixture[str]) -> None:
    code, found = check("2024-03-05T09:00+08:00", capsys)
    assert code == 1
    assert (REPORT, "cpr-preliminary-overdue") in found


def test_not_yet_overdue_at_the_24th_hour(capsys: pytest.CaptureFixture[str]) -> None:
    _, found = check("2024-03-05T08:00+08:00", capsys)
    assert (REPORT, "cpr-preliminary-overdue") not in found


@pytest.mark.parametrize("as_of",
                         ["2024-02-16T00:00Z", "2024-03-05T09:00+08:00", "2024-04-17T23:59:59Z"])
def test_the_stale_registration_shows_from_the_fifteenth_day(
        as_of: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, found = check(as_of, capsys)
    assert code == 1
    assert (RC, "contact-registry-stale") in found


def test_the_registration_was_not_yet_stale_on_the_fourteenth_day(
        capsys: pytest.CaptureFixture[str]) -> None:
    _, found = check("2024-02-15T23:59:59Z", capsys)
    assert (RC, "contact-registry-stale") not in found


def test_the_whole_ledger_is_clean_on_2025_04_03(capsys: pytest.CaptureFixture[str]) -> None:
    assert check("2025-04-03", capsys) == (0, [])


def test_history_keeps_what_was_late(capsys: pytest.CaptureFixture[str]) -> None:
    code, found = check("2025-04-03", capsys, "--history")
    assert code == 0
    assert {(REPORT, "cpr-preliminary-overdue"), (RC, "contact-registry-stale")} <= set(found)
