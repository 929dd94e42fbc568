"""An incident not reported within Chrome Root Program Policy 1.4's windows (2023-03-03 to
2024-01-15).

**What it checks.** While Chrome's policy 1.4 was in force it set its own reporting windows,
counted from the incident's initial identification (`aware`, else `opened`): 24 hours (option
`hours`) for an incident involving the loss of confidentiality, integrity or unplanned
availability of a CA system (tag the incident `ca-system`), and 7 calendar days (option
`days`) for every other incident. The first public disclosure (`opened`) or the first report
meets it. Chrome 1.5 (2024-01-16) replaced these windows with the CCADB's.

**Why it matters.** An organisation in the Chrome Root Program was judged by these windows in
2023, before the CCADB's 72-hour rule (IRG v2.0, 2023-10-17) and alongside it.

**Source.** Chrome Root Program Policy v1.4, "7. Responding to Incidents".

Passing example (as of 2023-06-20T00:00Z):

```yaml
# incidents/example.yaml
title: Example incident
status: open
opened: 2023-06-07T09:00Z
aware: 2023-06-01T09:00Z
owner: PKI team
summary: An example.
timeline:
  - {at: 2023-06-01T09:00Z, event: Reported.}
```

Failing example (as of 2023-06-08T10:00Z; the 7 days ended an hour before, disclosure came
on the 9th):

```yaml
# incidents/example.yaml
title: Example incident
status: open
opened: 2023-06-09T09:00Z
aware: 2023-06-01T09:00Z
owner: PKI team
summary: An example.
timeline:
  - {at: 2023-06-01T09:00Z, event: Reported.}
```
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

from generator.model import Incident, Ledger
from generator.rules.base import Context, Rule
from generator.rules.clock import obligation
from generator.rules.obligation import Obligation
from generator.rules.sources import CHROME_REPORT_V14
from generator.values import When

RULE = Rule(
    name="chrome-report-overdue",
    code="LDG133",
    severity="error",
    doc=__doc__ or "",
    source="",
    options={"hours": 24, "days": 7},
    sources=(CHROME_REPORT_V14,),
)


def obligations(ledger: Ledger, ctx: Context) -> Iterator[Obligation]:
    for incident in ledger.incidents.values():
        start = incident.aware or incident.opened
        if not ctx.applies(RULE, start.utc):
            continue  # identified outside Chrome 1.4's months (or not a Chrome member)
        system = any("ca-system" in tag for tag in incident.tags)
        window = (
            timedelta(hours=float(ctx.option(RULE, "hours")))
            if system
            else timedelta(days=float(ctx.option(RULE, "days")))
        )
        first = _first_report(incident, ctx)
        found = obligation(
            RULE,
            ctx,
            incident.pos("aware" if incident.aware else "opened"),
            f"the incident report Chrome 1.4 asked for within {'24 hours' if system else '7 days'}",
            record=incident.id,
            deadline=start.utc + window,
            fact=first,
            at=start.utc,
            fix="disclose the incident in Bugzilla (record `opened`) or post a report",
        )
        if found is not None:
            yield found


def _first_report(incident: Incident, ctx: Context) -> When | None:
    firsts = [r.at for r in incident.reports]
    if incident.disclosed and incident.opened.utc <= ctx.as_of:
        firsts.append(incident.opened)
    return min(firsts, key=lambda w: w.utc, default=None)
