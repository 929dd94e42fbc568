"""A root cause, or a "what went wrong" lesson, that no action item addresses.

**What it checks.** Every entry of `root_causes` must be named in the `root_causes` of at least
one action item, and every `lessons.went_wrong` entry must list at least one action item in its
`action_items` (a plain-text lesson lists none). Ids that do not exist are reported by
validation as `dangling-reference`, not here.

**Why it matters.** Since v3.0 the Incident Reporting Guidelines ask that every root cause and
every thing that went wrong be tied to the action items that fix it; an unmapped root cause is
an unfixed one.

**Source.** CCADB Incident Reporting Guidelines v3.x, Root Cause Analysis and Action Items.

**Passing:**

```yaml
root_causes:
  - {id: stale-registration, title: The registration went stale, description: ...}
lessons:
  went_wrong:
    - {text: Nobody owned the mailbox., action_items: [owner]}
action_items:
  - {id: owner, action: Name an owner., kind: prevent, due: 2024-04-20, status: ongoing,
     root_causes: [stale-registration]}
```

**Failing** (neither the root cause nor the lesson is mapped):

```yaml
root_causes:
  - {id: stale-registration, title: The registration went stale, description: ...}
lessons:
  went_wrong:
    - Nobody owned the mailbox.
action_items:
  - {id: owner, action: Name an owner., kind: prevent, due: 2024-04-20, status: ongoing}
```
"""

from __future__ import annotations

from collections.abc import Iterator

from generator.diagnostics import Diagnostic, Pos
from generator.model import Incident, Ledger
from generator.rules.base import Context, Rule, finding

RULE = Rule(
    name="root-cause-unmapped",
    code="LDG202",
    severity="error",
    kind="consistency",
    source="CCADB IRG v3.x, Root Cause Analysis and Action Items",
    doc=__doc__ or "",
)


def check(ledger: Ledger, ctx: Context) -> Iterator[Diagnostic]:
    for incident in ledger.incidents.values():
        for pos, message, fix in _unmapped(incident):
            found = finding(
                RULE, ctx, pos, message, record=incident.id, hint=f"{fix} (source: {RULE.source})"
            )
            if found is not None:
                yield found


def _unmapped(incident: Incident) -> Iterator[tuple[Pos, str, str]]:
    mapped = {cause for item in incident.action_items for cause in item.root_causes}
    for cause in incident.root_causes:
        if cause.id not in mapped:
            yield (
                cause.pos,
                f"root cause {cause.id!r} of {incident.id} has no action item",
                f"add `root_causes: [{cause.id}]` to the action item that addresses it",
            )
    for lesson in incident.lessons.went_wrong:
        if not lesson.action_items:
            yield (
                lesson.pos,
                f"the went_wrong lesson {_excerpt(lesson.text)!r} of {incident.id}"
                " names no action item",
                "write it as `{text: ..., action_items: [ids]}`",
            )


def _excerpt(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
