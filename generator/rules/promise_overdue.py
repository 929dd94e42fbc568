"""A date promised in the public record (`promises`) that passed without being `kept`.

**Why.** "We will post the full report by 6 April" is the organisation's own word in the
bug; root programs hold it to that date as much as to any guideline.

**Deadline.** The promise's `due`: a date ends 23:59:59 in the policy zone, an instant is
exact. Met by `kept`; kept late, it is listed by `ledger check --history`.

**Source.** The organisation's own word in the public record.

Passing example (as of 2024-05-10T00:00Z):

```yaml
# incidents/example.yaml
title: Example incident
status: open
opened: 2024-05-01T09:00Z
owner: PKI team
summary: An example.
timeline:
  - {at: 2024-05-01T09:00Z, event: Reported.}
promises:
  - {what: A full incident report, due: 2024-05-06, kept: 2024-05-06T18:00Z}
```

Failing example (as of 2024-05-10T00:00Z):

```yaml
# incidents/example.yaml
title: Example incident
status: open
opened: 2024-05-01T09:00Z
owner: PKI team
summary: An example.
timeline:
  - {at: 2024-05-01T09:00Z, event: Reported.}
promises:
  - {what: A full incident report, due: 2024-05-06}
```
"""

from __future__ import annotations

from collections.abc import Iterator

from generator.model import Ledger
from generator.rules.base import Context, Rule
from generator.rules.clock import due, obligation
from generator.rules.obligation import Obligation
from generator.rules.sources import own

RULE = Rule(
    name="promise-overdue",
    code="LDG112",
    severity="error",
    doc=__doc__ or "",
    source="",
    sources=(own("its word in the public record", "a date promised in the incident report"),),
)


def obligations(ledger: Ledger, ctx: Context) -> Iterator[Obligation]:
    for incident in ledger.incidents.values():
        for promise in incident.promises:
            deadline = due(promise.due, ctx)
            found = obligation(
                RULE,
                ctx,
                promise.pos,
                f"the promise {promise.what!r}",
                record=incident.id,
                deadline=deadline,
                fact=promise.kept,
                at=deadline,
                fix="keep the promise and record `kept`, or post a new date",
            )
            if found is not None:
                yield found
