"""Rule tests for the compliance calendar's records (ledger/audits, documents, certificates,
requests): real YAML files in a temporary ledger, validated, judged at an instant."""

from __future__ import annotations

from pathlib import Path

from rulecase import instant, judge

from generator.rules.obligation import Obligation

ALL_PROGRAMS = "programs: [mozilla, chrome, apple, microsoft]\n"


def found(
    root: Path, code: str, files: dict[str, str], as_of: str, *, policy: str | None = None
) -> list[tuple[str, int]]:
    """(code, line) of `code`'s open findings."""
    if policy is not None:
        files = {**files, "ledger/policy.yaml": policy}
    return [(d.code, d.pos.line) for d in judge(root, files, as_of).open if d.code == code]


def obligations(
    root: Path, rule: str, files: dict[str, str], as_of: str, *, policy: str | None = None
) -> list[tuple[str, str, str]]:
    """(due instant, state, what) of `rule`'s obligations at as_of, by due instant."""
    if policy is not None:
        files = {**files, "ledger/policy.yaml": policy}
    evaluation = judge(root, files, as_of)
    at = instant(as_of)
    return [(_utc(o), o.state(at), o.what) for o in evaluation.obligations if o.rule == rule]


def _utc(o: Obligation) -> str:
    return o.due.strftime("%Y-%m-%dT%H:%M:%SZ")
