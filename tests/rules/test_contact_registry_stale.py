from __future__ import annotations

from pathlib import Path

from contactcase import contact, messages
from rulecase import judge

CODE = "LDG114"
CHANGE = """\
personal: true
disclosed_in: [ccadb]
owners:
  - {owner: Alice, until: 2024-02-01}
  - {owner: CPR team, from: 2024-02-01}
"""  # the change is on line 7


def test_fires_after_the_fourteenth_day_ends(tmp_path: Path) -> None:
    assert contact(tmp_path, CODE, CHANGE, "2024-02-15T23:59:59Z") == []
    assert contact(tmp_path, CODE, CHANGE, "2024-02-16T00:00:00Z") == [(CODE, 7)]
    [message] = messages(tmp_path, CODE, "2024-02-17T00:00:00Z")
    assert message == ("the registry update (ccadb) for contact c (cpr@example.com) after its"
                       " change of owner to CPR team on 2024-02-01 is 1 day overdue"
                       " (deadline 2024-02-15 23:59:59 UTC)")


def test_the_deadline_day_ends_in_the_policy_zone_across_a_dst_change(tmp_path: Path) -> None:
    change = CHANGE.replace("2024-02-01", "2024-03-17")  # + 14 days = 2024-03-31, CEST from 01:00Z
    policy = "timezone: Europe/Berlin\n"
    assert contact(tmp_path, CODE, change, "2024-03-31T21:59:59Z", policy=policy) == []
    assert contact(tmp_path, CODE, change, "2024-03-31T22:00:00Z", policy=policy) == [(CODE, 7)]


def test_as_of_in_another_offset(tmp_path: Path) -> None:
    assert contact(tmp_path, CODE, CHANGE, "2024-02-16T08:59:59+09:00") == []
    assert contact(tmp_path, CODE, CHANGE, "2024-02-16T09:00:00+09:00") == [(CODE, 7)]


def test_updated_in_time_is_quiet_and_late_is_history(tmp_path: Path) -> None:
    on_time = CHANGE.replace("from: 2024-02-01}", "from: 2024-02-01, registry_updated: 2024-02-15}")
    late = CHANGE.replace("from: 2024-02-01}", "from: 2024-02-01, registry_updated: 2024-02-20}")
    assert contact(tmp_path / "a", CODE, on_time, "2024-06-01T00:00Z", history=True) == []
    assert contact(tmp_path / "b", CODE, late, "2024-02-19T23:59:59Z") == [(CODE, 7)]
    assert contact(tmp_path / "b", CODE, late, "2024-02-20T00:00:00Z") == []
    assert contact(tmp_path / "b", CODE, late, "2024-06-01T00:00Z", history=True) == [(CODE, 7)]


def test_undisclosed_contacts_and_the_first_owner_are_not_changes(tmp_path: Path) -> None:
    undisclosed = CHANGE.replace("disclosed_in: [ccadb]\n", "")
    first_only = "disclosed_in: [ccadb]\nowners:\n  - {owner: CPR team, from: 2024-02-01}\n"
    assert contact(tmp_path / "a", CODE, undisclosed, "2024-06-01T00:00Z") == []
    assert contact(tmp_path / "b", CODE, first_only, "2024-06-01T00:00Z") == []


def test_a_retired_contact_is_not_reported(tmp_path: Path) -> None:
    assert contact(tmp_path, CODE, CHANGE + "retired: 2024-02-10\n", "2024-06-01T00:00Z") == []


def test_the_policy_sets_the_days(tmp_path: Path) -> None:
    policy = "rules:\n  contact-registry-stale: {days: 7}\n"
    assert contact(tmp_path, CODE, CHANGE, "2024-02-08T23:59:59Z", policy=policy) == []
    assert contact(tmp_path, CODE, CHANGE, "2024-02-09T00:00:00Z", policy=policy) == [(CODE, 7)]


def test_a_shared_alias_changing_hands_is_not_a_registry_change(tmp_path: Path) -> None:
    # the seed: rc@'s administrator changed; CCADB holds the address, not who reads it
    alias = CHANGE.replace("personal: true\n", "personal: false\n")
    assert contact(tmp_path, CODE, alias, "2024-06-01T00:00Z") == []


def test_a_point_of_contact_is_registered_by_who_it_is(tmp_path: Path) -> None:
    poc = "address: pki-lead@example.com\npurpose: primary-poc\n" + CHANGE.replace(
        "personal: true\n", "personal: false\n")
    evaluation = judge(tmp_path, {"ledger/contacts/c.yaml": poc}, "2024-02-16T00:00:00Z")
    assert [(d.code, d.pos.line) for d in evaluation.open if d.code == CODE] == [(CODE, 7)]
