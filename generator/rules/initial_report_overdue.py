"""No report posted within N hours (default 72) of becoming `aware` of the incident.

**Why.** The CCADB Incident Reporting Guidelines ask for a preliminary or full report within
72 hours of the organisation becoming aware: "should" in v2.0 (from 2023-10-17, reported as a
warning), "must" in v3.0 (from 2025-03-01, an error). The strength in force on the day the
organisation became aware decides.

**Clock.** It starts at `aware` and is met by the first public disclosure: `opened` (the
initial report, by definition) or the first entry of `reports`, whichever is earlier. The
rule is judged even before `opened`: between `aware` and the first report the clock runs. A
new incident records `aware` and leaves `opened` out until it is disclosed.
Incidents without `aware` are not judged. Applies when `aware` is on or after 2023-10-17.

**Options.** `hours` (default 72).

**Source.** CCADB Incident Reporting Guidelines v2.0 ("should") / v3.0 ("must").

Passing example (as of 2025-06-10T00:00Z):

```yaml
# incidents/example.yaml
title: Example incident
status: open
aware: 2025-06-01T09:00Z
opened: 2025-06-03T09:00Z
owner: PKI team
summary: An example.
timeline:
  - {at: 2025-06-01T09:00Z, event: Aware.}
```

Failing example (as of 2025-06-04T12:00Z; once the report is posted on 5 June the miss moves
to `--history`):

```yaml
# incidents/example.yaml
title: Example incident
status: open
aware: 2025-06-01T09:00Z
opened: 2025-06-05T09:00Z
owner: PKI team
summary: An example.
timeline:
  - {at: 2025-06-01T09:00Z, event: Aware.}
```
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

from generator.model import Ledger
from generator.rules.base import Context, Rule
from generator.rules.clock import obligation
from generator.rules.obligation import Obligation
from generator.rules.sources import INITIAL_REPORT_V2, INITIAL_REPORT_V3

RULE = Rule(
    name="initial-report-overdue",
    code="LDG106",
    severity="warning",
    doc=__doc__ or "",
    source="",
    options={"hours": 72},
    sources=(INITIAL_REPORT_V2, INITIAL_REPORT_V3),
)


def obligations(ledger: Ledger, ctx: Context) -> Iterator[Obligation]:
    window = timedelta(hours=float(ctx.option(RULE, "hours")))
    for incident in ledger.incidents.values():
        aware = incident.aware
        if aware is None:
            continue
        # `opened` is the first disclosure even when the view says it lies after as-of: only
        # count it once it has happened
        firsts = [r.at for r in incident.reports]
        if incident.disclosed and incident.opened.utc <= ctx.as_of:
            firsts.append(incident.opened)
        first = min(firsts, key=lambda w: w.utc, default=None)
        found = obligation(
            RULE,
            ctx,
            incident.pos("aware"),
            "the initial report",
            record=incident.id,
            deadline=aware.utc + window,
            fact=first,
            at=aware.utc,
            fix="post a preliminary or full report on the incident",
        )
        if found is not None:
            yield found
