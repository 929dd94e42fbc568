"""An action item completed with no update posted within N days (default 3).

**Why.** Since v3.1 the CCADB Incident Reporting Guidelines ask for an update within 3 days
of an action item being completed, delayed or re-dated, so that the public record follows
the work.

**Clock.** It starts at the item's `completed` day (00:00 in the record's zone) and is met by
the first update or posted report on or after that day. Applies to completions on or after
2025-07-15. A `delayed` status or a moved `due` date carries no date in the record; those
changes are dated from the git history (`due-date-slipped`), not here.

**Options.** `days` (default 3).

**Source.** CCADB Incident Reporting Guidelines v3.1 (in force 2025-07-15).

Passing example (as of 2025-08-10T00:00Z):

```yaml
# incidents/example.yaml
title: Example incident
status: open
opened: 2025-07-20T09:00Z
owner: PKI team
summary: An example.
timeline:
  - {at: 2025-07-20T09:00Z, event: Reported.}
action_items:
  - {id: fix, action: Fix the linter., kind: prevent, due: 2025-08-30, status: complete, completed: 2025-08-01}
updates:
  - {at: 2025-08-02T10:00Z, text: The linter fix is deployed.}
```

Failing example (as of 2025-08-10T00:00Z):

```yaml
# incidents/example.yaml
title: Example incident
status: open
opened: 2025-07-20T09:00Z
owner: PKI team
summary: An example.
timeline:
  - {at: 2025-07-20T09:00Z, event: Reported.}
action_items:
  - {id: fix, action: Fix the linter., kind: prevent, due: 2025-08-30, status: complete, completed: 2025-08-01}
```
"""

from __future__ import annotations

from collections.abc import Iterator

from generator.model import Ledger
from generator.rules.base import Context, Rule
from generator.rules.clock import days, first_after, obligation, on_day, zone_of
from generator.rules.obligation import Obligation
from generator.rules.sources import ACTION_ITEM_UPDATES
from generator.values import When

RULE = Rule(
    name="action-item-update-overdue",
    code="LDG104",
    severity="error",
    doc=__doc__ or "",
    source="",
    options={"days": 3},
    sources=(ACTION_ITEM_UPDATES,),
)


def obligations(ledger: Ledger, ctx: Context) -> Iterator[Obligation]:
    window = days(ctx, RULE)
    for incident in ledger.incidents.values():
        zone = zone_of(incident, ctx)
        posts: list[When] | None = None  # gathered only for an incident that needs them
        for item in incident.action_items:
            if item.completed is None:
                continue
            start = on_day(item.completed, zone)
            if not ctx.applies(RULE, start.utc):
                continue  # most completions predate v3.1: skip the search for their update
            if posts is None:
                posts = [u.at for u in incident.updates] + [r.at for r in incident.reports]
            found = obligation(
                RULE,
                ctx,
                item.positions.get("completed", item.pos),
                f"the update on completing action item {item.id!r}",
                record=incident.id,
                deadline=start.utc + window,
                fact=first_after(posts, start),
                at=start.utc,
                fix="post an update saying the item is complete",
                item=item.id,
            )
            if found is not None:
                yield found
