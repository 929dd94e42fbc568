"""An open action item due within the next N days (default 7).

**Why.** A warning before the deadline leaves time to finish the item or to agree a new
date and post an update, instead of learning about it from a red CI run.

**When.** From N days before the end of the `due` day (23:59:59 in the policy time zone)
until that end; after it, `action-item-overdue` takes over. Items `complete` or `canceled`
are quiet.

**Options.** `days`: how far ahead to warn (default 7).

**Source.** The organisation's own commitment (an early warning; no external deadline).

Passing example (as of 2024-05-20T00:00Z):

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

Failing example (as of 2024-05-28T00:00Z):

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
from dataclasses import replace

from generator.diagnostics import Diagnostic
from generator.model import Ledger
from generator.rules import action_item_overdue
from generator.rules.base import Context, Rule, finding
from generator.rules.clock import days
from generator.rules.obligation import Obligation
from generator.rules.sources import own
from generator.values import format_delay, format_instant

RULE = Rule(
    name="action-item-due-soon",
    code="LDG102",
    severity="warning",
    doc=__doc__ or "",
    source="",
    sources=(
        own("early warning before an Action Item falls due", "warn before a due date", "warning"),
    ),
    options={"days": 7},
)


def check(ledger: Ledger, ctx: Context) -> Iterator[Diagnostic]:
    """A warning for each action-item obligation still open and due within the window: the
    due dates are action-item-overdue's own (as things stood), never computed again here."""
    window = days(ctx, RULE)
    every = replace(ctx, keep_history=True)  # open obligations too, not only late ones
    for o in _open_items(ledger, every):
        if o.state(ctx.as_of) != "open" or o.due > ctx.as_of + window:
            continue
        found = finding(
            RULE,
            ctx,
            o.pos,
            f"action item {o.item!r} is due in {format_delay(o.due - ctx.as_of)} "
            f"(deadline {format_instant(o.due)})",
            record=o.record,
            deadline=o.due,
            at=o.due,
            item=o.item,
            hint=f"finish it, or agree a new date and post an update (source: {RULE.source})",
        )
        if found is not None:
            yield found


def _open_items(ledger: Ledger, ctx: Context) -> Iterator[Obligation]:
    """The obligations of the items not done at as-of (only those can be open)."""
    for incident in ledger.incidents.values():
        for item in incident.action_items:
            if item.is_open:
                yield from action_item_overdue.item_obligations(incident, item, ctx)
