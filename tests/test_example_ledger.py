"""The example ledger (the CFCA case of the seed) through `ledger check`: the deadline rules'
part. What the seed and the public bugs around it say went wrong shows at its dates, judged
by the sources in force then; after the closure, what was never recorded as done stays open."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from generator.cli import main

ROOT = Path(__file__).resolve().parent.parent
INCIDENT = "incidents/2024/cfca-cpr-response.yaml"
REPORT = "ledger/problem-reports/cpr-2024-03-04-basic-constraints.yaml"


def check(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, list[dict[str, object]]]:
    capsys.readouterr()
    code = main(["check", "--root", str(ROOT), "--format", "json", *args])
    return code, json.loads(capsys.readouterr().out)


def names(found: list[dict[str, object]]) -> list[tuple[object, object, object]]:
    return [(d["path"], d["name"], d["severity"]) for d in found]


def test_the_unanswered_report_is_overdue_an_hour_after_its_24_hours(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert check(capsys, "--as-of", "2024-03-05T08:00+08:00") == (0, [])
    code, found = check(capsys, "--as-of", "2024-03-05T09:00+08:00")
    assert code == 1
    # owed to the reporter and to the subscriber (TLS BR 4.9.5)
    assert names(found) == [(REPORT, "cpr-preliminary-overdue", "error")] * 2
    assert {d["deadline"] for d in found} == {"2024-03-05T00:00:00Z"}


def test_the_5_day_revocation_is_missed_from_2024_03_09(capsys: pytest.CaptureFixture[str]) -> None:
    # received 2024-03-04 08:00+08:00 = 00:00Z; a misissuance: 5 days (TLS BR 4.9.1.1)
    _, found = check(capsys, "--as-of", "2024-03-09T00:00:00Z")
    assert (REPORT, "cpr-revocation-overdue", "error") not in names(found)
    _, found = check(capsys, "--as-of", "2024-03-09T00:00:01Z")
    late = [d for d in found if d["name"] == "cpr-revocation-overdue"]
    assert [(d["deadline"], d["done"]) for d in late] == [("2024-03-09T00:00:00Z", None)]


def test_the_weekly_update_was_missed_in_may_2024(capsys: pytest.CaptureFixture[str]) -> None:
    _, found = check(capsys, "--as-of", "2024-05-01")
    updates = [(d["path"], d["line"], d["severity"]) for d in found if d["name"] == "update-overdue"]
    # the update of 2024-04-18 (line 123): nothing followed in a week; IRG v2.0 said "should"
    assert updates == [(INCIDENT, 123, "warning")]


def test_not_clean_the_day_after_the_closure(capsys: pytest.CaptureFixture[str]) -> None:
    # what the sources never record as done: the revocations the report led to, and a
    # preliminary report to the subscriber
    code, found = check(capsys, "--as-of", "2025-04-03")
    assert code == 1
    assert sorted(names(found)) == [
        (REPORT, "cpr-preliminary-overdue", "error"),
        (REPORT, "cpr-revocation-overdue", "error"),
    ]


def test_history_tells_what_was_late(capsys: pytest.CaptureFixture[str]) -> None:
    _, found = check(capsys, "--as-of", "2025-04-03", "--history")
    late = {(d["path"], d["name"]) for d in found if d["severity"] == "info"}
    assert late == {
        (INCIDENT, "initial-report-overdue"),  # aware 2024-03-19, bug filed 2024-04-01
        (INCIDENT, "update-overdue"),  # the missed weeks, until the closure
        (REPORT, "cpr-preliminary-overdue"),  # answered after 14 days 8 hours
        (REPORT, "revocation-delay-unreported"),  # bug 1888882 filed 2024-04-01
    }
    initial = next(d for d in found if d["name"] == "initial-report-overdue")
    assert (initial["deadline"], initial["done"]) == ("2024-03-22T08:30:00Z", "2024-04-01T07:17:16Z")
    separate = next(d for d in found if d["name"] == "revocation-delay-unreported")
    assert (separate["deadline"], separate["done"]) == (
        "2024-03-12T00:00:00Z",
        "2024-04-01T07:19:09Z",
    )


def test_no_update_finding_before_the_incident_was_known(capsys: pytest.CaptureFixture[str]) -> None:
    _, found = check(capsys, "--as-of", "2024-03-05T09:00+08:00")
    assert [d for d in found if d["path"] == INCIDENT] == []


def test_verification_is_owed_only_from_the_commitment(capsys: pytest.CaptureFixture[str]) -> None:
    # the closure summary (2025-03-26, approx.) promised a monthly check: first due 2025-04-25
    _, found = check(capsys, "--as-of", "2025-04-25")
    assert [d for d in found if d["name"] == "contact-verification-due"] == []
    _, found = check(capsys, "--as-of", "2025-04-26")
    assert sorted(d["record"] for d in found if d["name"] == "contact-verification-due") == [
        "cfca-docsign-mailbox",
        "cfca-poc-michael",
        "cfca-rc-mailbox",
    ]
