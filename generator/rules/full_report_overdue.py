"""No `full` report within N days (default 14) of the incident's first disclosure (`opened`).

**Why.** The CCADB Incident Reporting Guidelines give the organisation 14 days (earlier
versions: "two weeks") from the initial disclosure to post the full incident report with its
root-cause analysis and action items.

**Clock.** It starts at `opened` (a date starts at 00:00 in the record's zone) and is met by
the first report of kind `full`. A full report posted late stops failing once it is posted
and is listed by `ledger check --history`.

**Options.** `days` (default 14).

**Source.** CCADB Incident Reporting Guidelines v3.x (earlier: "two weeks").

Passing example (as of 2024-06-01T00:00Z):

```yaml
# incidents/example.yaml
title: Example incident
status: open
opened: 2024-05-01T09:00Z
owner: PKI team
summary: An example.
timeline:
  - {at: 2024-05-01T09:00Z, event: Reported.}
reports:
  - {kind: full, at: 2024-05-10T09:00Z}
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
reports:
  - {kind: preliminary, at: 2024-05-01T09:00Z}
```
"""

from __future__ import annotations

from collections.abc import Iterator

from generator.model import Ledger
from generator.rules.base import Context, Rule
from generator.rules.clock import days, obligation
from generator.rules.obligation import Obligation
from generator.rules.sources import FULL_REPORT_V1, FULL_REPORT_V2, FULL_REPORT_V3

RULE = Rule(
    name="full-report-overdue",
    code="LDG107",
    severity="error",
    doc=__doc__ or "",
    source="",
    options={"days": 14},
    sources=(FULL_REPORT_V1, FULL_REPORT_V2, FULL_REPORT_V3),
)


def obligations(ledger: Ledger, ctx: Context) -> Iterator[Obligation]:
    window = days(ctx, RULE)
    for incident in ledger.incidents.values():
        full = min(
            (r for r in incident.reports if r.kind == "full"), key=lambda r: r.at.utc, default=None
        )
        found = obligation(
            RULE,
            ctx,
            full.pos if full is not None else incident.pos("opened"),
            "the full incident report",
            record=incident.id,
            deadline=incident.opened.utc + window,
            fact=full.at if full else None,
            at=incident.opened.utc,
            fix="post the full report (kind: full)",
        )
        if found is not None:
            yield found
