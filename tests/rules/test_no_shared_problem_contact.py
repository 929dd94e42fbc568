from __future__ import annotations

from pathlib import Path

from contactcase import judge, messages, pick

CODE = "LDG117"
OWNER = "owners: [{owner: CPR team, from: 2024-01-01}]\n"


def found(root: Path, files: dict[str, str], as_of: str) -> list[tuple[str, str, int]]:
    evaluation = judge(root, files, as_of)
    return [(d.pos.path, d.code, d.pos.line) for d in evaluation.open if d.code == CODE]


def test_a_shared_alias_or_problem_mailbox_is_enough(tmp_path: Path) -> None:
    for purpose in ("problem-reporting", "ca-email-alias"):
        files = {"ledger/contacts/a.yaml": f"address: a@example.com\npurpose: {purpose}\n{OWNER}"}
        assert found(tmp_path / purpose, files, "2024-06-01T00:00Z") == []


def test_a_ledger_without_contacts_is_quiet(tmp_path: Path) -> None:
    (tmp_path / "ledger").mkdir()
    assert found(tmp_path, {"ledger/policy.yaml": "timezone: UTC\n"}, "2024-06-01T00:00Z") == []


def test_only_a_personal_mailbox_fires_at_its_personal_line(tmp_path: Path) -> None:
    files = {"ledger/contacts/alice.yaml":
             f"address: alice@example.com\npurpose: problem-reporting\npersonal: true\n{OWNER}"}
    assert found(tmp_path, files, "2024-01-01T23:59:59Z") == []
    assert (found(tmp_path, files, "2024-01-02T00:00:00Z")
            == [("ledger/contacts/alice.yaml", CODE, 3)])
    assert messages(tmp_path, CODE, "2024-01-03T00:00:00Z") == [
        "no shared problem-reporting contact is in use (purpose problem-reporting or"
        " ca-email-alias, not personal, not retired): 1 day since 2024-01-01 23:59:59 UTC"]


def test_other_purposes_point_at_the_first_contacts_purpose(tmp_path: Path) -> None:
    files = {"ledger/contacts/poc.yaml": f"address: poc@example.com\npurpose: primary-poc\n{OWNER}"}
    assert found(tmp_path, files, "2024-06-01T00:00Z") == [("ledger/contacts/poc.yaml", CODE, 2)]


def test_fires_after_the_day_the_last_shared_contact_retired(tmp_path: Path) -> None:
    files = {"ledger/contacts/a.yaml":
             f"address: a@example.com\npurpose: problem-reporting\n{OWNER}retired: 2024-05-01\n"}
    assert found(tmp_path, files, "2024-05-01T23:59:59Z") == []
    assert found(tmp_path, files, "2024-05-02T00:00:00Z") == [("ledger/contacts/a.yaml", CODE, 4)]


def test_the_retirement_day_ends_in_the_policy_zone_across_a_dst_change(tmp_path: Path) -> None:
    files = {"ledger/contacts/a.yaml":
             f"address: a@example.com\npurpose: problem-reporting\n{OWNER}retired: 2024-03-31\n",
             "ledger/policy.yaml": "timezone: Europe/Berlin\n"}
    assert found(tmp_path, files, "2024-03-31T21:59:59Z") == []
    assert found(tmp_path, files, "2024-03-31T22:00:00Z") == [("ledger/contacts/a.yaml", CODE, 4)]


def test_a_contact_that_has_not_started_does_not_count(tmp_path: Path) -> None:
    files = {"ledger/contacts/a.yaml": "address: a@example.com\npurpose: primary-poc\n"
             "owners: [{owner: CPR team, from: 2024-06-01}]\n"}
    assert found(tmp_path, files, "2024-05-31T23:59:59Z") == []
    evaluation = judge(tmp_path, {}, "2024-06-02T00:00:00Z")
    assert pick(evaluation, CODE) == [(CODE, 2)]
