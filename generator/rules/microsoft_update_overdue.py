"""No update to Microsoft within 24 hours of the last, while a security incident is open.

**What it checks.** Once Microsoft has been notified of a security incident (see
`microsoft-notice-overdue`), the CA must send Microsoft an update every 24 hours (option
`hours`) until the incident is remediated, unless Microsoft asked for another interval: each
`notifications` entry `to: microsoft` after the notice is an update. The clock stops when the
closure summary is posted or the incident is closed. Every missed interval is its own
obligation, as with `update-overdue`.

**Why it matters.** Microsoft's daily updates are private: the public Bugzilla updates do not
meet them.

**Source.** Microsoft Trusted Root Program, Security Incident Response Requirements, "CA
Responsibilities in the Event of an Incident", item 3.

Passing example (as of 2026-03-03T07:00Z):

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

Failing example (as of 2026-03-03T08:00:01Z):

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
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

from generator.model import Ledger
from generator.rules.base import Context, Rule
from generator.rules.clock import closure_summary, obligation, on_day, zone_of
from generator.rules.microsoft_notice_overdue import microsoft_notices
from generator.rules.obligation import Obligation
from generator.rules.sources import MICROSOFT_UPDATES
from generator.values import format_instant

RULE = Rule(
    name="microsoft-update-overdue",
    code="LDG132",
    severity="error",
    doc=__doc__ or "",
    source="",
    options={"hours": 24},
    sources=(MICROSOFT_UPDATES,),
)
_FIX = "send Microsoft an update on the incident and record it under `notifications`"


def obligations(ledger: Ledger, ctx: Context) -> Iterator[Obligation]:
    step = timedelta(hours=float(ctx.option(RULE, "hours")))
    if step <= timedelta(0):
        return
    for incident in ledger.incidents.values():
        sent = microsoft_notices(incident)
        if not incident.security_incident or not sent:
            continue
        stops = [w.utc for w in (closure_summary(incident),) if w is not None]
        if incident.closed is not None:
            stops.append(on_day(incident.closed, zone_of(incident, ctx)).utc)
        stop = min(stops, default=None)
        for i, (last, pos) in enumerate(sent):
            if stop is not None and last.utc >= stop:
                break
            after = f"the update to Microsoft after {last.text or format_instant(last.utc)}"
            deadline = last.utc + step
            following = sent[i + 1][0] if i + 1 < len(sent) else None
            while stop is None or deadline < stop:
                # each interval without an update is missed once the next one falls due
                met_here = following is not None and following.utc <= deadline + step
                running = following is None and deadline + step >= ctx.as_of
                ended = None if met_here or running else deadline + step
                found = obligation(
                    RULE,
                    ctx,
                    pos,
                    after,
                    record=incident.id,
                    deadline=deadline,
                    fact=following if met_here else None,
                    at=deadline,
                    fix=_FIX,
                    ended=ended,
                    ended_note=f"the next one fell due {format_instant(deadline + step)}"
                    if ended
                    else "",
                )
                if found is not None:
                    yield found
                if met_here or ended is None:
                    break
                deadline += step
