from __future__ import annotations

from pathlib import Path

from rulecase import judge

CODE = "LDG134"


def poc(purpose: str, who: str, extra: str = "") -> str:
    return (
        f"address: {who}@example.com\npurpose: {purpose}\npersonal: true\n"
        f"owners: [{{owner: {who}, from: 2026-01-01}}]\n{extra}"
    )


def found(root: Path, files: dict[str, str], as_of: str = "2026-04-01T00:00Z") -> list[str]:
    return [d.message for d in judge(root, files, as_of).open if d.code == CODE]


def test_a_primary_and_another_point_of_contact(tmp_path: Path) -> None:
    both = {"ledger/contacts/a.yaml": poc("primary-poc", "alice"),
            "ledger/contacts/b.yaml": poc("poc", "bob")}
    assert found(tmp_path / "a", both) == []
    one = {"ledger/contacts/a.yaml": poc("primary-poc", "alice")}
    assert found(tmp_path / "b", one) == [
        "the ledger's contacts in use have 1 point(s) of contact: a second point of contact is"
        " missing (a Primary POC and at least one other)"
    ]
    no_primary = {"ledger/contacts/a.yaml": poc("poc", "alice"),
                  "ledger/contacts/b.yaml": poc("poc", "bob")}
    assert [m.split(": ")[1] for m in found(tmp_path / "c", no_primary)] == [
        "a Primary POC is missing (a Primary POC and at least one other)"
    ]


def test_two_primaries_are_enough_and_retired_ones_do_not_count(tmp_path: Path) -> None:
    two = {"ledger/contacts/a.yaml": poc("primary-poc", "alice"),
           "ledger/contacts/b.yaml": poc("primary-poc", "bob")}
    assert found(tmp_path / "a", two) == []
    retired = {"ledger/contacts/a.yaml": poc("primary-poc", "alice"),
               "ledger/contacts/b.yaml": poc("poc", "bob", "retired: 2026-02-01\n")}
    assert len(found(tmp_path / "b", retired)) == 1


def test_from_ccadb_policy_2_1(tmp_path: Path) -> None:
    one = {"ledger/contacts/a.yaml": poc("primary-poc", "alice")}
    assert found(tmp_path / "a", one, "2026-03-19T23:59:59Z") == []
    assert len(found(tmp_path / "b", one, "2026-03-20T00:00:00Z")) == 1
