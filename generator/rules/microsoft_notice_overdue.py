"""A security incident not notified to Microsoft within 24 hours of its discovery.

**What it checks.** For an organisation in the Microsoft Trusted Root Program (`programs:`
includes `microsoft`), an incident marked `security_incident: true` (Microsoft's definition: a
private key compromise, a mis-issued certificate, a publicly reported compromise, a physical
compromise of the CA's infrastructure) must be notified to Microsoft (msroot@microsoft.com)
within 24 hours (option `hours`) of becoming `aware`. Record the notice under `notifications`
with `to: microsoft`; the first such entry meets it.

**Why it matters.** Microsoft's notice is private and separate from the public Bugzilla
report: a CA that files only the public report has still missed it.

**Source.** Microsoft Trusted Root Program, Security Incident Response Requirements, "CA
Responsibilities in the Event of an Incident" (published on GitHub since 2026-02-02; the rule
applies from then, the earliest date the text can be verified).

Passing example (as of 2026-03-10T00:00Z):

```yaml
# incidents/example.yaml
title: Example incident
status: open
opened: 2026-03-02T09:00Z
aware: 2026-03-01T09:00Z
owner: PKI team
summary: An example.
security_incident: true
notifications:
  - {to: microsoft, at: 2026-03-02T08:00Z}
timeline:
  - {at: 2026-03-01T09:00Z, event: Reported.}
```

Failing example (as of 2026-03-02T09:00:01Z):

```yaml
# incidents/example.yaml
title: Example incident
status: open
opened: 2026-03-02T09:00Z
aware: 2026-03-01T09:00Z
owner: PKI team
summary: An example.
security_incident: true
timeline:
  - {at: 2026-03-01T09:00Z, event: Reported.}
```
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

from generator.diagnostics import Pos
from generator.model import Incident, Ledger
from generator.rules.base import Context, Rule
from generator.rules.clock import obligation
from generator.rules.obligation import Obligation
from generator.rules.sources import MICROSOFT_NOTICE
from generator.values import When

RULE = Rule(
    name="microsoft-notice-overdue",
    code="LDG131",
    severity="error",
    doc=__doc__ or "",
    source="",
    options={"hours": 24},
    sources=(MICROSOFT_NOTICE,),
)


def obligations(ledger: Ledger, ctx: Context) -> Iterator[Obligation]:
    window = timedelta(hours=float(ctx.option(RULE, "hours")))
    for incident in ledger.incidents.values():
        if not incident.security_incident:
            continue
        start = incident.aware or incident.opened
        notices = microsoft_notices(incident)
        found = obligation(
            RULE,
            ctx,
            notices[0][1] if notices else incident.pos("security_incident"),
            "the security incident notice to Microsoft",
            record=incident.id,
            deadline=start.utc + window,
            fact=notices[0][0] if notices else None,
            at=start.utc,
            fix="send Microsoft's incident questions to msroot@microsoft.com and record it under"
            " `notifications` (to: microsoft)",
        )
        if found is not None:
            yield found


def microsoft_notices(incident: Incident) -> list[tuple[When, Pos]]:
    """(when, position) of each notification to Microsoft, in time order."""
    sent = [(n.at, n.pos) for n in incident.notifications if n.to == "microsoft"]
    return sorted(sent, key=lambda pair: pair[0].utc)
