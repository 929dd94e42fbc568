from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

import pytest
from contactcase import messages, report

from generator.rules.cpr_revocation_overdue import WINDOWS

CODE = "LDG111"
RECEIVED = 'received: "2024-05-02T10:00Z"\n'  # line 4


def test_key_compromise_has_24_hours(tmp_path: Path) -> None:
    fields = RECEIVED + "reason: key-compromise\n"
    assert report(tmp_path, CODE, fields, "2024-05-03T10:00:00Z") == []
    assert report(tmp_path, CODE, fields, "2024-05-03T10:00:01Z") == [(CODE, 5)]
    [message] = messages(tmp_path, CODE, "2024-05-03T11:00:00Z")
    assert message == ("the revocation or clearance for problem report r (key compromise: 1 day)"
                       " is 1 hour overdue (deadline 2024-05-03 10:00 UTC)")


def test_other_reasons_and_no_reason_have_5_days(tmp_path: Path) -> None:
    cases = (("none", RECEIVED, 4), ("misissuance", RECEIVED + "reason: misissuance\n", 5))
    for name, fields, line in cases:
        root = tmp_path / name
        assert report(root, CODE, fields, "2024-05-07T10:00:00Z") == []
        assert report(root, CODE, fields, "2024-05-07T10:00:01Z") == [(CODE, line)]


def test_not_applicable_has_no_deadline(tmp_path: Path) -> None:
    fields = RECEIVED + "reason: not-applicable\n"
    assert report(tmp_path, CODE, fields, "2025-01-01T00:00Z") == []


def test_five_days_elapse_across_a_dst_change(tmp_path: Path) -> None:
    # 12:00 CET on 2024-03-28 is 11:00Z; five days later, after the change, is 13:00 CEST
    fields = 'received: "2024-03-28T12:00"\n'
    assert report(tmp_path, CODE, fields, "2024-04-02T11:00:00Z", zone="Europe/Berlin") == []
    assert (report(tmp_path, CODE, fields, "2024-04-02T11:00:01Z", zone="Europe/Berlin")
            == [(CODE, 4)])


def test_the_earlier_of_revoked_and_cleared_counts(tmp_path: Path) -> None:
    fields = RECEIVED + 'cleared: "2024-05-09T10:00Z"\nrevoked: "2024-05-10T10:00Z"\n'
    assert report(tmp_path, CODE, fields, "2024-06-01T00:00Z") == []
    assert report(tmp_path, CODE, fields, "2024-06-01T00:00Z", history=True) == [(CODE, 5)]
    [message] = messages(tmp_path, CODE, "2024-06-01T00:00Z", history=True)
    assert message.endswith(
        "was 2 days late (deadline 2024-05-07 10:00 UTC, done 2024-05-09T10:00Z)")


def test_revoked_in_time_is_quiet(tmp_path: Path) -> None:
    fields = RECEIVED + "reason: key-compromise\n" + 'revoked: "2024-05-03T09:59Z"\n'
    assert report(tmp_path, CODE, fields, "2024-06-01T00:00Z") == []
    assert report(tmp_path, CODE, fields, "2024-06-01T00:00Z", history=True) == []


def test_policy_options_change_the_windows(tmp_path: Path) -> None:
    policy = "rules:\n  cpr-revocation-overdue: {hours: 12, days: 2}\n"
    key = RECEIVED + "reason: key-compromise\n"
    assert report(tmp_path / "a", CODE, key, "2024-05-02T22:00:01Z", policy=policy) == [(CODE, 5)]
    assert report(tmp_path / "b", CODE, RECEIVED, "2024-05-04T10:00:00Z", policy=policy) == []
    assert (report(tmp_path / "c", CODE, RECEIVED, "2024-05-04T10:00:01Z", policy=policy)
            == [(CODE, 4)])


# TLS BR §4.9.1.1: five reasons give 24 hours, nine give 5 days
HOURS = ["subscriber-request", "unauthorized-request", "key-compromise", "weak-key",
         "domain-validation"]
DAYS = ["misissuance", "misuse", "subscriber-breach", "domain-no-longer-permitted",
        "wildcard-fraud", "inaccurate-information", "ca-ceased", "cp-cps-requires", "other"]


@pytest.mark.parametrize("reason", HOURS)
def test_each_24_hour_reason(tmp_path: Path, reason: str) -> None:
    fields = RECEIVED + f"reason: {reason}\n"
    assert report(tmp_path, CODE, fields, "2024-05-03T10:00:00Z") == []
    assert report(tmp_path, CODE, fields, "2024-05-03T10:00:01Z") == [(CODE, 5)]


@pytest.mark.parametrize("reason", DAYS)
def test_each_5_day_reason(tmp_path: Path, reason: str) -> None:
    fields = RECEIVED + f"reason: {reason}\n"
    assert report(tmp_path, CODE, fields, "2024-05-07T10:00:00Z") == []
    assert report(tmp_path, CODE, fields, "2024-05-07T10:00:01Z") == [(CODE, 5)]


def test_the_schema_offers_exactly_the_rules_reasons() -> None:
    schema = json.loads(
        resources.files("generator.schemas").joinpath("problem-report.schema.json").read_text()
    )
    assert schema["properties"]["reason"]["enum"] == [*HOURS, *DAYS, "not-applicable"]
    assert list(WINDOWS) == [*HOURS, *DAYS, "not-applicable"]


def test_short_lived_certificates_are_exempt(tmp_path: Path) -> None:
    fields = RECEIVED + "reason: key-compromise\nshort_lived: true\n"
    assert report(tmp_path / "a", CODE, fields, "2025-01-01T00:00Z") == []
    fields = RECEIVED + "reason: key-compromise\nshort_lived: false\n"
    assert report(tmp_path / "b", CODE, fields, "2024-05-03T10:00:01Z") == [(CODE, 5)]
