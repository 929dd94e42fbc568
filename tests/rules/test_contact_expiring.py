from __future__ import annotations

from pathlib import Path

from contactcase import contact, judge, messages

CODE = "LDG116"
EXPIRING = "owners: [{owner: CPR team, from: 2024-01-01}]\nvalid_until: 2024-06-15\n"  # line 4


def severities(root: Path, as_of: str) -> list[str]:
    return [d.severity for d in judge(root, {}, as_of).open if d.code == CODE]


def test_warns_from_thirty_days_before_and_errs_once_past(tmp_path: Path) -> None:
    assert contact(tmp_path, CODE, EXPIRING, "2024-05-15T23:59:59Z") == []
    assert contact(tmp_path, CODE, EXPIRING, "2024-05-16T00:00:00Z") == [(CODE, 4)]
    assert severities(tmp_path, "2024-06-15T23:59:59Z") == ["warning"]
    assert severities(tmp_path, "2024-06-16T00:00:00Z") == ["error"]
    assert messages(tmp_path, CODE, "2024-06-01T23:59:59Z") == [
        "contact c (cpr@example.com) expires in 14 days, at 2024-06-15 23:59:59 UTC"]
    assert messages(tmp_path, CODE, "2024-06-17T00:00:00Z") == [
        "renewing or replacing contact c (cpr@example.com) before it expires is 1 day overdue"
        " (deadline 2024-06-15 23:59:59 UTC)"]


def test_the_day_ends_in_the_policy_zone_across_a_dst_change(tmp_path: Path) -> None:
    fields = EXPIRING.replace("2024-06-15", "2024-03-31")
    policy = "timezone: Europe/Berlin\n"
    contact(tmp_path, CODE, fields, "2024-03-01T00:00Z", policy=policy)
    assert severities(tmp_path, "2024-03-31T21:59:59Z") == ["warning"]
    assert severities(tmp_path, "2024-03-31T22:00:00Z") == ["error"]


def test_the_warning_starts_at_midnight_in_a_fixed_offset_zone(tmp_path: Path) -> None:
    policy = "timezone: '-05:00'\n"
    assert contact(tmp_path, CODE, EXPIRING, "2024-05-16T04:59:59Z", policy=policy) == []
    assert contact(tmp_path, CODE, EXPIRING, "2024-05-16T05:00:00Z", policy=policy) == [(CODE, 4)]


def test_retired_contacts_and_contacts_without_valid_until_are_quiet(tmp_path: Path) -> None:
    assert (contact(tmp_path / "a", CODE, EXPIRING + "retired: 2024-06-01\n", "2024-07-01T00:00Z")
            == [])
    assert contact(tmp_path / "b", CODE, EXPIRING.replace("valid_until: 2024-06-15\n", ""),
                   "2024-07-01T00:00Z") == []


def test_a_policy_severity_applies_to_both_stages(tmp_path: Path) -> None:
    policy = "rules:\n  contact-expiring: {severity: warning, days: 10}\n"
    assert contact(tmp_path, CODE, EXPIRING, "2024-06-04T23:59:59Z", policy=policy) == []
    assert contact(tmp_path, CODE, EXPIRING, "2024-06-05T00:00:00Z", policy=policy) == [(CODE, 4)]
    assert severities(tmp_path, "2024-07-01T00:00Z") == ["warning"]
