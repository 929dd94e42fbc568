"""Rule tests in the yamllint style: inline YAML in a temporary ledger, validated through
`generator.validate.validate`, judged by `engine.evaluate` at an instant, and compared as the
exact list of (code, line) a rule reports."""

from __future__ import annotations

import textwrap
from datetime import UTC, datetime
from pathlib import Path

from generator.rules.engine import Evaluation, evaluate
from generator.validate import validate
from generator.values import parse_instant

NOW = datetime(2030, 1, 1, tzinfo=UTC)  # the real clock, after every as-of used in the tests

HEAD = """\
title: Example incident
status: open
owner: PKI team
summary: An example.
timeline:
  - {at: 2024-05-01T09:00Z, event: Reported.}
"""


def instant(text: str) -> datetime:
    return parse_instant(text, UTC).utc


def judge(root: Path, files: dict[str, str], as_of: str) -> Evaluation:
    """Write `files` (relative path → YAML) under `root`, validate them cleanly, evaluate."""
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
    result = validate(root)
    assert result.diagnostics == [], [f"{d.pos}: {d.message}" for d in result.diagnostics]
    return evaluate(result.ledger, as_of=instant(as_of), now=NOW)


def found(root: Path, code: str, incident: str, as_of: str, *, policy: str | None = None,
          history: bool = False, head: str = HEAD) -> list[tuple[str, int]]:
    """(code, line) of `code`'s open findings (or its history) for one incident file whose
    first lines are `head` (6 lines: the incident's own fields start on line 7)."""
    files = {"incidents/x.yaml": head + textwrap.dedent(incident)}
    if policy is not None:
        files["ledger/policy.yaml"] = policy
    evaluation = judge(root, files, as_of)
    chosen = evaluation.history if history else evaluation.open
    return [(d.code, d.pos.line) for d in chosen if d.code == code]


def messages(root: Path, code: str, as_of: str, *, history: bool = False) -> list[str]:
    """The messages of `code`'s findings for the ledger already written under `root`."""
    result = validate(root)
    evaluation = evaluate(result.ledger, as_of=instant(as_of), now=NOW)
    return [d.message for d in (evaluation.history if history else evaluation.open) if d.code == code]
