"""A waiver past its `until` date, on an incident still open.

**Why.** A waiver is a time-boxed, approved exception. Once its date has passed the waived
rule fires again, and this rule asks for the waiver to be renewed (with a new approval) or
removed, so that stale exceptions do not pile up in the records.

**Deadline.** 23:59:59 of `until` in the policy time zone; up to then the waiver silences
its rule (for one action item when `item` is set). Waivers on incidents closed at the as-of
instant are not reported: the exception ended with the incident.

**Source.** The ledger's waiver: its approver set the date.

Passing example (as of 2024-05-31T23:59:59Z):

```yaml
# incidents/example.yaml
title: Example incident
status: open
opened: 2024-05-01T09:00Z
owner: PKI team
summary: An example.
timeline:
  - {at: 2024-05-01T09:00Z, event: Reported.}
waivers:
  - {rule: update-overdue, until: 2024-05-31, reason: Agreed pause over the audit., approved_by: CISO}
```

Failing example (as of 2024-06-01T00:00Z):

```yaml
# incidents/example.yaml
title: Example incident
status: open
opened: 2024-05-01T09:00Z
owner: PKI team
summary: An example.
timeline:
  - {at: 2024-05-01T09:00Z, event: Reported.}
waivers:
  - {rule: update-overdue, until: 2024-05-31, reason: Agreed pause over the audit., approved_by: CISO}
```
"""

from __future__ import annotations

from collections.abc import Iterator

from generator.model import Ledger
from generator.rules.base import Context, Rule
from generator.rules.clock import day_end, obligation
from generator.rules.obligation import Obligation
from generator.rules.sources import own

RULE = Rule(
    name="waiver-expired",
    code="LDG118",
    severity="warning",
    doc=__doc__ or "",
    source="",
    sources=(
        own("the waiver's approver set the date", "a waiver ends on its `until` day", "warning"),
    ),
)


def obligations(ledger: Ledger, ctx: Context) -> Iterator[Obligation]:
    """Renew or remove each waiver of an open incident by the end of its `until` day."""
    for incident in ledger.incidents.values():
        if incident.status == "closed":
            continue
        for waiver in incident.waivers:
            deadline = day_end(waiver.until, ctx)
            scope = f" for action item {waiver.item!r}" if waiver.item else ""
            found = obligation(
                RULE,
                ctx,
                waiver.pos,
                f"renewing or removing the waiver of {waiver.rule}{scope} (until {waiver.until})",
                record=incident.id,
                deadline=deadline,
                fact=None,
                at=deadline,
                fix="renew the waiver with a new approval, or remove it",
                item=f"waiver:{waiver.rule}" + (f":{waiver.item}" if waiver.item else ""),
            )
            if found is not None:
                yield found
