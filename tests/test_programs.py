"""`programs` in policy.yaml: a rule imposed only by programs the organisation is not in does
not apply; the organisation's own commitments always do."""

from __future__ import annotations

import textwrap
from datetime import UTC, datetime
from pathlib import Path

import pytest

from generator.rules.base import Context, Rule
from generator.validate import validate

NOW = datetime(2026, 1, 1, tzinfo=UTC)


def policy(root: Path, text: str | None) -> Context:
    (root / "incidents").mkdir(parents=True)
    if text is not None:
        (root / "ledger").mkdir()
        (root / "ledger" / "policy.yaml").write_text(textwrap.dedent(text))
    result = validate(root)
    assert result.diagnostics == []
    return Context(NOW, NOW, result.ledger.policy)


def rule(*programs: str) -> Rule:
    return Rule("r", "LDG999", "error", "s", "d", programs=frozenset(programs))


def test_default_programs_are_mozilla_and_chrome(tmp_path: Path) -> None:
    ctx = policy(tmp_path, None)
    assert ctx.policy.programs == {"mozilla", "chrome"}
    assert ctx.applies(rule("mozilla"), NOW) and ctx.applies(rule("chrome", "apple"), NOW)
    assert not ctx.applies(rule("microsoft"), NOW)
    assert ctx.applies(rule(), NOW)  # the organisation's own commitment


def test_the_policy_names_its_programs(tmp_path: Path) -> None:
    ctx = policy(tmp_path, "programs: [microsoft]\n")
    assert ctx.applies(rule("microsoft"), NOW) and not ctx.applies(rule("mozilla"), NOW)


@pytest.mark.parametrize("bad", ["programs: [netscape]\n", "programs: []\n", "programs: mozilla\n"])
def test_unknown_or_empty_programs_are_invalid(tmp_path: Path, bad: str) -> None:
    (tmp_path / "incidents").mkdir()
    (tmp_path / "ledger").mkdir()
    (tmp_path / "ledger" / "policy.yaml").write_text(bad)
    diagnostics = validate(tmp_path).diagnostics
    assert [(d.pos.path, d.pos.line) for d in diagnostics] == [("ledger/policy.yaml", 1)]
