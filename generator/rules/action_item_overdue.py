"""An action item past its `due` date that is neither `complete` nor `canceled`.

**Why.** The action items are the organisation's public commitment to fix the root causes;
a due date that passes silently is a broken commitment, and root programs read the
action-item table first.

**Deadline.** 23:59:59 of the `due` day in the policy time zone. An item completed after its
due date is no longer an open failure: `ledger check --history` lists it with its delay.
A `delayed` item is still open: re-date it (and post an update) rather than let it lapse.

**Judged as things stood.** With git history, each due date is judged as it was committed:
re-dating an item before its due date passes moves the deadline; re-dating it after the due
date had passed, unmet, does not erase the miss: the old due date stays in `--history` as
missed ("re-dated to ... after it had passed") and the new one is judged on its own.

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
from datetime import datetime
from itertools import pairwise

from generator.model import ActionItem, Incident, Ledger
from generator.rules import commitments
from generator.rules.base import Context, Rule
from generator.rules.clock import day_end, met, obligation, on_day, zone_of
from generator.rules.obligation import Obligation
from generator.rules.sources import own
from generator.values import When, format_instant

RULE = Rule(
    name="action-item-overdue",
    code="LDG101",
    severity="error",
    doc=__doc__ or "",
    source="",
    sources=(
        own(
            "the due dates of its Action Items (CCADB IRG, Action Items)",
            "Action Items ... with the date by which each will be completed",
        ),
    ),
)


def obligations(ledger: Ledger, ctx: Context) -> Iterator[Obligation]:
    for incident in ledger.incidents.values():
        for item in incident.action_items:
            if item.status != "canceled":
                yield from item_obligations(incident, item, ctx)


def item_obligations(incident: Incident, item: ActionItem, ctx: Context) -> Iterator[Obligation]:
    """One action item's obligations: each due date it held, as things stood."""
    if item.completed is not None and not ctx.keep_history:
        return  # done: every due date it held is met, met late or missed, never open
    done = on_day(item.completed, zone_of(incident, ctx)) if item.completed is not None else None
    terms = commitments.dates(ctx, incident.path, "due", item.id, item.due)
    for term, later in pairwise(terms):
        # re-dated after it had passed, unmet: the old due date stays missed
        deadline = day_end(term.day, ctx)
        changed = later.since
        if changed is None or changed <= deadline or (done and met(done, deadline)):
            continue
        found = _obligation(
            incident.id,
            item,
            ctx,
            term,
            done if done is not None and done.utc <= changed else None,
            ended=changed,
            note=f"re-dated to {later.day} on {format_instant(changed)}, after it had passed",
        )
        if found is not None:
            yield found
    found = _obligation(incident.id, item, ctx, terms[-1], done)
    if found is not None:
        yield found


def _obligation(
    record: str,
    item: ActionItem,
    ctx: Context,
    term: commitments.Term,
    done: When | None,
    *,
    ended: datetime | None = None,
    note: str = "",
) -> Obligation | None:
    deadline = day_end(term.day, ctx)
    return obligation(
        RULE,
        ctx,
        item.pos,
        f"action item {item.id!r} (due {term.day})",
        record=record,
        deadline=deadline,
        fact=done,
        at=deadline,
        fix="complete the item, or re-date it and post an update",
        item=item.id,
        owner=item.owner or "",
        starts=None if term.first else term.since,
        ended=ended,
        ended_note=note,
        redated=ended is not None,
    )
