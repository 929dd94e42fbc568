"""A closure summary that attests completion while an action item is still open.

**What it checks.** The closure summary (`closure`, with `attested: true`) states that every
action item disclosed in the report is complete. The rule reports each action item that
contradicts it: one neither `complete` nor `canceled`, or one `completed` on a day after the
summary was `posted` (the attestation came first). It looks at every incident with a closure
summary, open or closed. A closed incident *without* a full closure summary (a missing
`closure`, or one missing `description`, `root_causes`, `remediation`, `commitments`,
`attested: true` or `posted`) is already refused by validation (LDG022 and friends), since
the format requires them; this rule covers what the schema cannot see.

**Why it matters.** The closure summary is an attestation to the root programs; one that is
not true is a new incident.

**Source.** CCADB Incident Reporting Guidelines v3.1, Incident Closure Summary.

**Passing:**

```yaml
status: closed
action_items:
  - {id: fix, action: Fix the check., kind: prevent, due: 2024-05-01, status: complete,
     completed: 2024-04-20}
closure: {description: ..., root_causes: ..., remediation: ..., commitments: ...,
          attested: true, posted: 2024-05-02}
```

**Failing** (the action item is still `ongoing`):

```yaml
status: closed
action_items:
  - {id: fix, action: Fix the check., kind: prevent, due: 2024-05-01, status: ongoing}
closure: {description: ..., root_causes: ..., remediation: ..., commitments: ...,
          attested: true, posted: 2024-05-02}
```
"""

from __future__ import annotations

from collections.abc import Iterator

from generator.diagnostics import Diagnostic
from generator.model import ActionItem, Closure, Incident, Ledger
from generator.rules.base import Context, Rule, finding
from generator.rules.clock import zone_of

RULE = Rule(
    name="closure-incomplete",
    code="LDG201",
    severity="error",
    kind="consistency",
    source="CCADB IRG v3.1, Incident Closure Summary",
    doc=__doc__ or "",
)


def check(ledger: Ledger, ctx: Context) -> Iterator[Diagnostic]:
    for incident in ledger.incidents.values():
        if incident.closure is None:
            continue
        for item in incident.action_items:
            problem = _contradiction(incident, incident.closure, item, ctx)
            if problem is None:
                continue
            found = finding(
                RULE,
                ctx,
                item.positions.get(problem[0], item.pos),
                f"the closure summary of {incident.id} (posted {incident.closure.posted.text})"
                f" attests that every action item is complete, but action item {item.id!r}"
                f" {problem[1]}",
                record=incident.id,
                hint="complete or cancel the action item before the closure summary, or correct"
                f" the summary (source: {RULE.source})",
            )
            if found is not None:
                yield found


def _contradiction(
    incident: Incident, closure: Closure, item: ActionItem, ctx: Context
) -> tuple[str, str] | None:
    """(field, what is wrong) when `item` belies the attestation."""
    if item.is_open:
        return "status", f"is {item.status}"
    posted = closure.posted.local_day(zone_of(incident, ctx))
    if item.completed is not None and item.completed > posted:
        return "completed", f"was completed later, on {item.completed}"
    return None
