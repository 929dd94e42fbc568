"""An action item past its `due` date that is neither `complete` nor `canceled`.

**Why.** The action items are the organisation's public commitment to fix the root causes;
a due date that passes silently is a broken commitment, and root programs read the
action-item table first.

**Deadline.** 23:59:59 of the `due` day in the policy time zone. An item completed after its
due date is no longer an open failure: `ledger check --history` lists it with its delay.
A `delayed` item is still open: re-date it (and post an update) rather than let it lapse.

**Source.** The organisation's own commitment (the action-item table of the CCADB Incident
Reporting Guidelines v3.x).

Passing example (as of 2024-06-10T00:00Z):

```yaml
# incidents/example.yaml
title: Example incident
status: open
opened: 2024-05-01T09:00Z
owner: PKI team
summary: An example.
timeline:
  - {at: 2024-05-01T09:00Z, event: Reported.}
action_items:
  - {id: fix, action: Fix the linter., kind: prevent, due: 2024-06-01, status: complete, completed: 2024-05-30}
```

Failing example (as of 2024-06-02T00:00Z):

```yaml
# incidents/example.yaml
title: Example incident
status: open
opened: 2024-05-01T09:00Z
owner: PKI team
summary: An example.
timeline:
  - {at: 2024-05-01T09:00Z, event: Reported.}
action_items:
  - {id: fix, action: Fix the linter., kind: prevent, due: 2024-06-01, status: ongoing}
```
"""

from __future__ import annotations

from collections.abc import Iterator

from generator.model import Ledger
from generator.rules.base import Context, Rule
from generator.rules.clock import day_end, obligation, on_day, zone_of
from generator.rules.obligation import Obligation

RULE = Rule(
    name="action-item-overdue",
    code="LDG101",
    severity="error",
    doc=__doc__ or "",
    source="the organisation's own commitment (CCADB IRG v3.x action-item table)",
)


def obligations(ledger: Ledger, ctx: Context) -> Iterator[Obligation]:
    for incident in ledger.incidents.values():
        zone = zone_of(incident, ctx)
        for item in incident.action_items:
            if item.status == "canceled":
                continue
            deadline = day_end(item.due, ctx)
            done = on_day(item.completed, zone) if item.completed is not None else None
            found = obligation(
                RULE,
                ctx,
                item.pos,
                f"action item {item.id!r} (due {item.due})",
                record=incident.id,
                deadline=deadline,
                fact=done,
                at=deadline,
                fix="complete the item, or re-date it and post an update",
                item=item.id,
            )
            if found is not None:
                yield found
