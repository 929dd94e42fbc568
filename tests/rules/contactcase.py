"""Helpers for the contact, problem-report and consistency rule tests, on top of rulecase.

A contact file starts with the two lines of CONTACT (its own fields start on line 3); a
problem report file with the three lines of REPORT (its own fields start on line 4), and it
arrives on the contact `cpr` that `files` adds.
"""

from __future__ import annotations

from pathlib import Path

from rulecase import instant, judge

from generator.rules.engine import Evaluation, evaluate
from generator.validate import validate

CONTACT = """\
address: cpr@example.com
purpose: problem-reporting
"""
REPORT = """\
channel: cpr
summary: A certificate may carry a wrong extension.
timezone: UTC
"""
CPR_CONTACT = CONTACT + "owners: [{owner: CPR team}]\n"


def pick(evaluation: Evaluation, code: str, *, history: bool = False) -> list[tuple[str, int]]:
    chosen = evaluation.history if history else evaluation.open
    return [(d.code, d.pos.line) for d in chosen if d.code == code]


def contact(root: Path, code: str, fields: str, as_of: str, *, history: bool = False,
            policy: str | None = None, more: dict[str, str] | None = None) -> list[tuple[str, int]]:
    """(code, line) of `code` for one contact whose own fields start on line 3."""
    files = {"ledger/contacts/c.yaml": CONTACT + fields, **(more or {})}
    if policy is not None:
        files["ledger/policy.yaml"] = policy
    return pick(judge(root, files, as_of), code, history=history)


def report(root: Path, code: str, fields: str, as_of: str, *, history: bool = False,
           zone: str = "UTC", policy: str | None = None,
           more: dict[str, str] | None = None) -> list[tuple[str, int]]:
    """(code, line) of `code` for one problem report whose own fields start on line 4, written
    with `timezone: zone` (line 3)."""
    head = REPORT.replace("timezone: UTC", f"timezone: {zone}")
    files = {"ledger/contacts/cpr.yaml": CPR_CONTACT,
             "ledger/problem-reports/r.yaml": head + fields, **(more or {})}
    if policy is not None:
        files["ledger/policy.yaml"] = policy
    return pick(judge(root, files, as_of), code, history=history)


def messages(root: Path, code: str, as_of: str, *, history: bool = False,
             now: str = "2030-01-01T00:00Z") -> list[str]:
    """The messages of `code` for the ledger already written under `root`."""
    evaluation = evaluate(validate(root).ledger, as_of=instant(as_of), now=instant(now))
    chosen = evaluation.history if history else evaluation.open
    return [d.message for d in chosen if d.code == code]
