from __future__ import annotations

from pathlib import Path

from contactcase import CONTACT, contact, messages
from rulecase import judge

CODE = "LDG115"
OWNER = "owners:\n  - {owner: CPR team, from: 2024-02-01}\n"  # entry on line 4; due 2024-03-02


def verified(*days: str) -> str:
    return OWNER + "verifications:\n" + "".join(f"  - {{on: {d}, by: CPR team}}\n" for d in days)


def test_the_first_interval_starts_at_the_owners_from(tmp_path: Path) -> None:
    assert contact(tmp_path, CODE, OWNER, "2024-03-02T23:59:59Z") == []
    assert contact(tmp_path, CODE, OWNER, "2024-03-03T00:00:00Z") == [(CODE, 4)]
    [message] = messages(tmp_path, CODE, "2024-03-04T00:00:00Z")
    assert message == ("the verification of contact c (cpr@example.com, every 30 days from"
                       " 2024-02-01) is 1 day overdue (deadline 2024-03-02 23:59:59 UTC)")


def test_the_due_day_ends_in_the_policy_zone_across_a_dst_change(tmp_path: Path) -> None:
    owner = OWNER.replace("2024-02-01", "2024-03-01")  # due 2024-03-31, CEST from 01:00Z
    policy = "timezone: Europe/Berlin\n"
    assert contact(tmp_path, CODE, owner, "2024-03-31T21:59:59Z", policy=policy) == []
    assert contact(tmp_path, CODE, owner, "2024-03-31T22:00:00Z", policy=policy) == [(CODE, 4)]


def test_a_verification_in_the_interval_moves_the_due_date_one_interval(tmp_path: Path) -> None:
    fields = verified("2024-02-25")  # verification on line 6; next due 2024-04-01
    assert contact(tmp_path, CODE, fields, "2024-04-01T23:59:59Z") == []
    assert contact(tmp_path, CODE, fields, "2024-04-02T00:00:00Z") == [(CODE, 6)]


def test_a_late_verification_does_not_restart_the_schedule(tmp_path: Path) -> None:
    # due 2024-03-02, done 2024-03-20: late; it also falls in the next interval (to 2024-04-01),
    # so the next due date is 2024-05-01, not 30 days after the late verification (2024-04-19)
    fields = verified("2024-03-20")
    assert contact(tmp_path, CODE, fields, "2024-03-19T23:59:59Z") == [(CODE, 4)]
    assert contact(tmp_path, CODE, fields, "2024-04-25T00:00:00Z") == []
    assert contact(tmp_path, CODE, fields, "2024-05-01T23:59:59Z") == []
    assert contact(tmp_path, CODE, fields, "2024-05-02T00:00:00Z") == [(CODE, 6)]
    assert contact(tmp_path, CODE, fields, "2024-04-25T00:00:00Z", history=True) == [(CODE, 6)]
    [message] = messages(tmp_path, CODE, "2024-04-25T00:00:00Z", history=True)
    assert message.endswith("was 17 days late (deadline 2024-03-02 23:59:59 UTC, done 2024-03-20)")


def test_missed_due_dates_until_one_verification_are_one_finding(tmp_path: Path) -> None:
    fields = verified("2024-07-15")  # due 03-02, 04-01, 05-01, 05-31, 06-30 all missed
    assert contact(tmp_path, CODE, fields, "2024-07-20T00:00Z", history=True) == [(CODE, 6)]
    [message] = messages(tmp_path, CODE, "2024-07-14T00:00Z")
    assert "(deadline 2024-03-02 23:59:59 UTC)" in message


def test_verify_every_overrides_the_policy(tmp_path: Path) -> None:
    fields = OWNER + "verify_every: 7\n"
    assert contact(tmp_path, CODE, fields, "2024-02-08T23:59:59Z") == []
    assert contact(tmp_path, CODE, fields, "2024-02-09T00:00:00Z") == [(CODE, 4)]


def test_a_new_owner_starts_a_new_schedule(tmp_path: Path) -> None:
    fields = """\
owners:
  - {owner: Alice, from: 2024-01-01, until: 2024-02-10}
  - {owner: Bob, from: 2024-02-10}
verifications:
  - {on: 2024-01-20, by: Alice}
"""  # Alice's next due date (2024-03-01) falls after her period: Bob's is 2024-03-11
    assert contact(tmp_path, CODE, fields, "2024-03-11T23:59:59Z") == []
    assert contact(tmp_path, CODE, fields, "2024-03-12T00:00:00Z") == [(CODE, 7)]


def test_without_any_start_the_first_verification_starts_the_schedule(tmp_path: Path) -> None:
    fields = "owners:\n  - {owner: CPR team}\nverifications:\n  - {on: 2024-02-01, by: CPR team}\n"
    assert contact(tmp_path, CODE, fields, "2024-03-02T23:59:59Z") == []
    assert contact(tmp_path, CODE, fields, "2024-03-03T00:00:00Z") == [(CODE, 6)]


def test_no_start_and_no_verification_is_reported_without_a_deadline(tmp_path: Path) -> None:
    fields = "owners:\n  - {owner: CPR team}\n"
    assert contact(tmp_path, CODE, fields, "2024-03-03T00:00:00Z") == [(CODE, 4)]
    [message] = messages(tmp_path, CODE, "2024-03-03T00:00:00Z")
    assert message == ("contact c (cpr@example.com) has never been verified and its owner has no"
                       " `from` date, so no verification interval can be counted")


def test_retired_contacts_have_no_due_date_from_their_retirement(tmp_path: Path) -> None:
    assert contact(tmp_path / "a", CODE, OWNER + "retired: 2024-03-02\n", "2024-06-01T00:00Z") == []
    assert contact(tmp_path / "b", CODE, OWNER + "retired: 2024-03-03\n", "2024-06-01T00:00Z") == []
    assert (contact(tmp_path / "c", CODE, OWNER + "retired: 2024-05-01\n", "2024-04-01T00:00Z")
            == [(CODE, 4)])


def test_since_counts_only_from_the_commitment(tmp_path: Path) -> None:
    # owner from 2024-02-01; the commitment to verify monthly made on 2024-06-01
    policy = "rules:\n  contact-verification-due: {since: 2024-06-01}\n"
    fields = "owners:\n  - {owner: CPR team, from: 2024-02-01}\n"
    assert contact(tmp_path / "a", CODE, fields, "2024-07-01T23:59:59Z", policy=policy) == []
    assert contact(tmp_path / "b", CODE, fields, "2024-07-02T00:00:00Z", policy=policy) == [
        (CODE, 4)
    ]
    assert contact(tmp_path / "c", CODE, fields, "2024-03-03T00:00:00Z") == [(CODE, 4)]


def test_a_warning_by_default(tmp_path: Path) -> None:
    fields = "owners:\n  - {owner: CPR team, from: 2024-02-01}\n"
    evaluation = judge(tmp_path, {"ledger/contacts/c.yaml": CONTACT + fields}, "2024-04-01T00:00Z")
    assert {d.severity for d in evaluation.open if d.code == CODE} == {"warning"}
