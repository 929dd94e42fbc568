"""An audit finding not disclosed in an incident report within 72 hours.

**What it checks.** Each finding of an audit period (`findings:` in `ledger/audits/`) must be
linked to an incident (`incident: ID`) first disclosed within 72 hours (option `hours`) of
the CA owner becoming aware of the finding: `aware` when recorded, else 00:00 of the
statement date in the policy time zone. The incident's first disclosure is its first report,
or its `opened` instant. A finding with neither `aware` nor a statement date has no clock.
Applies to findings the CA owner became aware of from 2025-03-01.

**Why it matters.** About 100 of the public CA compliance bugs since 2014 are about audit
findings; the root programs read the audit statement and expect to have seen each finding
in Bugzilla already.

**Source.** CCADB Incident Reporting Guidelines v3.0 (2025-03-01) to v3.2 (2026-03-20),
"When are reports expected?": "Within 72 hours of a CA Owner becoming aware of an incident
... or an audit finding not previously disclosed in an Incident Report, the CA Owner MUST
... disclose a Preliminary or Full Incident Report"; v3.2 adds "an audit finding MUST be
subject of an incident report". The Guidelines bind through every CCADB program, as for the
incident rules.

Passing example (as of 2026-03-20T12:00Z; the finding is incident 2026-finding's, opened the next day):

```yaml
# ledger/audits/tls-br.yaml
kind: tls-br
periods:
  - start: 2024-12-15
    end: 2025-12-14
    statement: 2026-03-11
    findings:
      - {id: f1, text: One CRL was published late., incident: 2026-finding}
# incidents/2026-finding.yaml
title: Audit finding f1, a CRL published late
status: open
opened: 2026-03-12T09:00Z
owner: PKI team
summary: The auditor found one CRL published late.
timeline:
  - {at: 2026-03-11T09:00Z, event: The audit statement lists the finding.}
```

Failing example (as of 2026-03-14T00:00:01Z; 72 hours from 2026-03-11 00:00 UTC, no incident):

```yaml
# ledger/audits/tls-br.yaml
kind: tls-br
periods:
  - start: 2024-12-15
    end: 2025-12-14
    statement: 2026-03-11
    findings:
      - {id: f1, text: One CRL was published late.}
```
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

from generator.model import Ledger
from generator.rules.base import Context, Rule
from generator.rules.calendar import AUDIT_FINDING_V32, Seen
from generator.rules.clock import obligation, on_day
from generator.rules.obligation import Obligation
from generator.rules.sources import INITIAL_REPORT_V3
from generator.values import When

RULE = Rule(
    name="audit-finding-unreported",
    code="LDG151",
    severity="error",
    source="",
    doc=__doc__ or "",
    options={"hours": 72},
    sources=(INITIAL_REPORT_V3, AUDIT_FINDING_V32),
)


def obligations(ledger: Ledger, ctx: Context) -> Iterator[Obligation]:
    seen = Seen(ctx)
    window = timedelta(hours=float(ctx.option(RULE, "hours")))
    for audit in ledger.audits.values():
        for period in audit.periods:
            for item in period.findings:
                aware = item.aware or (
                    on_day(period.statement, ctx.policy.timezone) if period.statement else None
                )
                if aware is None:
                    continue
                found = obligation(
                    RULE,
                    ctx,
                    item.pos,
                    f"the incident report for audit finding {item.id} of {audit.id}",
                    record=audit.id,
                    deadline=aware.utc + window,
                    fact=_disclosed(ledger, item.incident, seen),
                    at=aware.utc,
                    fix="open an incident for the finding and link it (`incident: ID`)",
                    item=item.id,
                    owner=audit.owner or "",
                )
                if found is not None:
                    yield found


def _disclosed(ledger: Ledger, incident_id: str | None, seen: Seen) -> When | None:
    incident = ledger.incidents.get(incident_id) if incident_id else None
    if incident is None:
        return None
    firsts = [r.at for r in incident.reports]
    if incident.disclosed and seen.when(incident.opened) is not None:
        firsts.append(incident.opened)
    return min(firsts, key=lambda w: w.utc, default=None)
