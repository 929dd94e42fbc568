"""An update, answer or completion dated more than N days (default 7) before it was recorded.

**Why.** A ledger entry can claim any date. When an update "posted on 3 May" first appears in a
commit of 20 May, either the ledger was kept late or the date was written back; both are what
an auditor wants to see. The finding is information by default: keeping the ledger late is
not itself a missed deadline, but back-dating must be visible.

**How.** For each update (`updates[].at`), answer (`questions[].answered`) and completion
(`action_items[].completed`) in the current record, the rule finds the first commit whose
version of the file holds that exact value (renames followed; a merge that only brings a
branch's commit does not count) and compares its author date with the claimed day, in the
time zone the claim was written in. Only commits made by the as-of instant count. Without a
git history the rule finds nothing; in a shallow clone `ledger check` stops and asks for
`fetch-depth: 0`.

**Option.** `days` (default 7): how many days a claim may lie before it is recorded.

**Source.** Audit practice: the ledger is the organisation's record of what it did and when.

Passing example: this update is committed on 2024-05-09.

```yaml
updates:
  - {at: 2024-05-08, text: No new information at present.}
```

Failing example: the same update is first committed on 2024-05-20, 12 days later.

```yaml
updates:
  - {at: 2024-05-08, text: No new information at present.}
```
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from generator.diagnostics import Diagnostic, Pos
from generator.model import Incident, Ledger
from generator.rules.base import Context, Rule, finding

if TYPE_CHECKING:  # types only: importing generator.history loads git support
    from generator.history.model import History, Recorded

RULE = Rule(
    name="recorded-late",
    code="LDG302",
    severity="info",
    doc=__doc__ or "",
    source="audit practice: the ledger records what was done and when",
    kind="history",
    options={"days": 7},
)

_WHAT = {
    "update": "update",
    "answer": "answer to question",
    "completion": "completion of action item",
}


def check(ledger: Ledger, ctx: Context) -> Iterator[Diagnostic]:
    history: History | None = ctx.history
    if history is None:
        return
    allowed = int(ctx.option(RULE, "days"))
    for incident in ledger.incidents.values():
        found = history.file(incident.path)
        for claim in found.recorded if found else ():
            commit = history.commits[claim.commit]
            if commit.authored > ctx.as_of:
                continue
            lag = (commit.authored.date() - claim.claimed).days
            pos = _position(incident, claim)
            if lag > allowed and pos is not None:
                result = finding(
                    RULE,
                    ctx,
                    pos,
                    f"{_WHAT[claim.what]} {_name(claim)}dated {claim.text} was first recorded "
                    f"{lag} days later, by {commit.author} in {commit.short} "
                    f"({commit.authored.date()}); more than the {allowed} days allowed",
                    record=incident.id,
                    at=commit.authored,
                    hint="record updates, answers and completions when they happen; if the date "
                    "is right, say in the update why it was recorded late",
                )
                if result is not None:
                    yield result


def _name(claim: Recorded) -> str:
    return "" if claim.what == "update" else f"{claim.key!r} "


def _position(incident: Incident, claim: Recorded) -> Pos | None:
    """Where the claim is written now; None if the current record no longer makes it."""
    if claim.what == "update":
        return next((u.pos for u in incident.updates if u.at.text == claim.text), None)
    if claim.what == "answer":
        return next(
            (
                q.pos
                for q in incident.questions
                if q.id == claim.key and q.answered is not None and q.answered.text == claim.text
            ),
            None,
        )
    return next(
        (
            a.positions.get("completed", a.pos)
            for a in incident.action_items
            if a.id == claim.key
            and a.completed is not None
            and a.completed.isoformat() == claim.text
        ),
        None,
    )
