"""An incident ready for closure — every action item `complete` or `canceled`, no question
left unanswered — with no closure summary N days (default 14) later.

**Why.** Since v3.1 the CCADB Incident Reporting Guidelines end an incident with an Incident
Closure Summary; an incident whose work is done but which is never closed keeps the root
program's queue open and hides that the remediation is finished.

**Clock.** It starts when the incident became ready: the last completion or answer (a date
starts at 00:00 in the record's zone), and is met by the closure summary (`closure.posted`,
or a `closure` report). An incident with no action items is not judged (no remediation is
recorded yet). An incident already ready when the rule came into force (2025-03-01) is due N
days after that day's start in the policy zone.

**Options.** `days` (default 14).

**Source.** CCADB Incident Reporting Guidelines v3.1: Incident Closure Summary.

Passing example (as of 2025-06-20T00:00Z):

```yaml
# incidents/example.yaml
title: Example incident
status: open
opened: 2025-05-01T09:00Z
owner: PKI team
summary: An example.
timeline:
  - {at: 2025-05-01T09:00Z, event: Reported.}
action_items:
  - {id: fix, action: Fix the linter., kind: prevent, due: 2025-06-30, status: complete, completed: 2025-06-10}
```

Failing example (as of 2025-06-30T00:00Z):

```yaml
# incidents/example.yaml
title: Example incident
status: open
opened: 2025-05-01T09:00Z
owner: PKI team
summary: An example.
timeline:
  - {at: 2025-05-01T09:00Z, event: Reported.}
action_items:
  - {id: fix, action: Fix the linter., kind: prevent, due: 2025-06-30, status: complete, completed: 2025-06-10}
```
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime

from generator.model import Incident, Ledger
from generator.rules.base import Context, Rule
from generator.rules.clock import days, obligation, on_day, zone_of
from generator.rules.obligation import Obligation
from generator.rules.sources import own
from generator.values import When, start_of_day

RULE = Rule(
    name="closure-due",
    code="LDG109",
    severity="warning",
    doc=__doc__ or "",
    source="",
    sources=(
        own(
            "14 days to post the closure summary once all is done; the CCADB IRG set no"
            " deadline for it",
            "post the Incident Closure Summary within 14 days of the last action item and answer",
            "warning",
            since=date(2025, 3, 1),  # IRG v3.0 introduced the closure summary
        ),
    ),
    options={"days": 14},
)


def obligations(ledger: Ledger, ctx: Context) -> Iterator[Obligation]:
    window = days(ctx, RULE)
    in_force = start_of_day(RULE.applies_from or date.min, ctx.policy.timezone)
    for incident in ledger.incidents.values():
        closures = [(r.at, r.pos) for r in incident.reports if r.kind == "closure"]
        if incident.closure is not None:
            closures.append((incident.closure.posted, incident.closure.pos))
        if closures and not ctx.keep_history:
            continue  # a posted summary is on time or history, never an open finding
        ready = _ready(incident, ctx)
        if ready is None:
            continue
        start = max(ready, in_force)
        first = min(closures, key=lambda c: c[0].utc, default=None)
        found = obligation(
            RULE,
            ctx,
            first[1] if first else incident.pos("action_items"),
            "the closure summary",
            record=incident.id,
            deadline=start + window,
            fact=first[0] if first else None,
            at=start,
            fix="post the Incident Closure Summary and record `closure`",
        )
        if found is not None:
            yield found


def _ready(incident: Incident, ctx: Context) -> datetime | None:
    """When the last action item was finished and the last question answered, if all are."""
    if not incident.action_items or any(a.is_open for a in incident.action_items):
        return None
    if any(q.answered is None for q in incident.questions):
        return None
    zone = zone_of(incident, ctx)
    facts: list[When] = [incident.opened]
    facts += [on_day(a.completed, zone) for a in incident.action_items if a.completed is not None]
    facts += [q.answered for q in incident.questions if q.answered is not None]
    return max(f.utc for f in facts)
