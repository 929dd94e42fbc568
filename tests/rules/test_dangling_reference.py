"""dangling-reference is reported once, by validation; the rule module only documents it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from contactcase import CONTACT, REPORT
from rulecase import instant

from generator import codes
from generator.cli import main
from generator.rules import REGISTRY, dangling_reference
from generator.rules.engine import evaluate
from generator.validate import validate

CODE = "LDG205"


def write(root: Path, channel: str) -> None:
    (root / "ledger/contacts").mkdir(parents=True)
    (root / "ledger/problem-reports").mkdir(parents=True)
    (root / "ledger/contacts/cpr-mailbox.yaml").write_text(CONTACT + "owners: [{owner: T}]\n")
    text = REPORT.replace("channel: cpr", f"channel: {channel}") + 'received: "2024-03-04T08:00Z"\n'
    (root / "ledger/problem-reports/r.yaml").write_text(text)


def test_the_rule_shares_the_validation_code_and_name() -> None:
    assert (dangling_reference.RULE.code, dangling_reference.RULE.name) == codes.DANGLING
    assert REGISTRY["dangling-reference"] is dangling_reference


def test_validation_reports_it_at_the_reference_and_the_engine_does_not(tmp_path: Path) -> None:
    write(tmp_path, "cpr-mailbx")
    result = validate(tmp_path)
    assert [(d.code, d.pos.line) for d in result.diagnostics] == [(CODE, 1)]
    assert result.diagnostics[0].hint == "did you mean 'cpr-mailbox'?"
    evaluation = evaluate(result.ledger, as_of=instant("2024-03-04T09:00Z"),
                          now=instant("2030-01-01T00:00Z"))
    assert [d for d in evaluation.open + evaluation.history if d.code == CODE] == []


def test_ledger_check_lists_it_exactly_once(tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    write(tmp_path, "cpr-mailbx")
    argv = ["check", "--root", str(tmp_path), "--as-of", "2024-03-04T09:00Z", "--format", "json"]
    assert main(argv) == 1
    found = [(d["path"], d["line"], d["code"]) for d in json.loads(capsys.readouterr().out)]
    assert found.count(("ledger/problem-reports/r.yaml", 1, CODE)) == 1


def test_a_reference_that_exists_is_quiet(tmp_path: Path) -> None:
    write(tmp_path, "cpr-mailbox")
    assert [d.code for d in validate(tmp_path).diagnostics] == []
