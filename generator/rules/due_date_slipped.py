"""An action item whose `due` date was moved more than N times (default 2) in the git history.

**Why.** Re-dating an action item is allowed (with an update to the root program), but an item
re-dated again and again is a commitment that keeps slipping; auditors ask for exactly this
list. The record alone cannot show it: only the history of the file does.

**How.** Every commit that changed the item's `due` (comparing each version of the file with its
parent's, renames followed) counts as one move; adding the item is not a move. Only commits made
by the as-of instant count. Without a git history (not a repository), the rule finds nothing;
in a shallow clone `ledger check` stops and asks for `fetch-depth: 0`.

**Option.** `times` (default 2): the number of moves allowed.

**Source.** The organisation's own commitment (CCADB IRG v3.x action items); see docs/history.md.

Passing example: `due: 2024-06-01` committed, then moved once to `2024-06-15`.

```yaml
action_items:
  - {id: fix, action: Fix the linter., kind: prevent, due: 2024-06-15, status: ongoing}
```

Failing example: the same item committed with `due: 2024-06-01`, then re-dated in three later
commits to `2024-06-15`, `2024-07-01` and `2024-08-01` (three moves, more than 2).

```yaml
action_items:
  - {id: fix, action: Fix the linter., kind: prevent, due: 2024-08-01, status: delayed}
```
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from generator.diagnostics import Diagnostic
from generator.model import ActionItem, Incident, Ledger
from generator.rules.base import Context, Rule, finding

if TYPE_CHECKING:  # types only: importing generator.history loads git support
    from generator.history.model import FieldChange, History

RULE = Rule(
    name="due-date-slipped",
    code="LDG301",
    severity="warning",
    doc=__doc__ or "",
    source="the organisation's own commitment (CCADB IRG v3.x action items)",
    kind="history",
    options={"times": 2},
)


def check(ledger: Ledger, ctx: Context) -> Iterator[Diagnostic]:
    history: History | None = ctx.history
    if history is None:
        return
    allowed = int(ctx.option(RULE, "times"))
    for incident in ledger.incidents.values():
        for item in incident.action_items:
            moves = [
                c
                for c in history.changes(incident.path, "due", item=item.id, until=ctx.as_of)
                if c.old is not None
            ]
            if len(moves) > allowed:
                found = _finding(ctx, history, incident, item, moves, allowed)
                if found is not None:
                    yield found


def _finding(
    ctx: Context,
    history: History,
    incident: Incident,
    item: ActionItem,
    moves: list[FieldChange],
    allowed: int,
) -> Diagnostic | None:
    dates = " → ".join([moves[0].old or "?", *(m.new or "?" for m in moves)])
    total = sum(m.slip_days or 0 for m in moves)
    last = history.commits[moves[-1].commit]
    message = (
        f"action item {item.id!r} was re-dated {len(moves)} times ({dates}, "
        f"{total:+d} days in all), more than the {allowed} allowed; last by {last.author} "
        f"in {last.short}"
    )
    return finding(
        RULE,
        ctx,
        item.positions.get("due", item.pos),
        message,
        record=incident.id,
        at=last.committed,
        item=item.id,
        hint="post an update explaining the delays, or split the item into steps "
        "that can be kept (`ledger history " + incident.id + "` lists the moves)",
    )
