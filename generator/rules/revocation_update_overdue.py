"""A delayed-revocation incident (`revocation_delay: true`) whose updates come too far apart,
or an update on it without the four revocation counts.

**Why.** While certificates that should have been revoked are still valid, root programs want
to follow progress closely: updates should come every 3 days and must come at least every 7,
each with the number of certificates revoked, remaining and expired, and the expected date of
completion.

**Clock.** From `opened`, then from each update (only `updates` count here, since they carry
the counts), until the closure summary is posted or the incident is closed. One finding per
gap: a warning once it exceeds `warning_days` (default 3), an error once it exceeds
`error_days` (default 7). An update without all of `revocation: {revoked, remaining,
expired, eta}` is an error at that update. Applies to gaps and updates from 2025-03-01.

**Options.** `warning_days` (default 3), `error_days` (default 7). A `severity` in the policy
replaces both levels.

**Source.** CCADB Incident Reporting Guidelines v3.0 (delayed revocation), Mozilla Root Store
Policy section 6.1.3.

Passing example (as of 2025-06-06T00:00Z):

```yaml
# incidents/example.yaml
title: Example incident
status: open
opened: 2025-06-01T09:00Z
owner: PKI team
summary: An example.
revocation_delay: true
timeline:
  - {at: 2025-06-01T09:00Z, event: Reported.}
updates:
  - at: 2025-06-03T09:00Z
    text: Revocation continues.
    revocation: {revoked: 10, remaining: 5, expired: 1, eta: 2025-06-20}
```

Failing example (as of 2025-06-06T00:00Z):

```yaml
# incidents/example.yaml
title: Example incident
status: open
opened: 2025-06-01T09:00Z
owner: PKI team
summary: An example.
revocation_delay: true
timeline:
  - {at: 2025-06-01T09:00Z, event: Reported.}
```
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

from generator.diagnostics import Diagnostic, Pos
from generator.model import Incident, Ledger
from generator.rules.base import Context, Rule, finding
from generator.rules.clock import days, obligation, update_stop
from generator.rules.obligation import Obligation
from generator.rules.sources import REVOCATION_UPDATES
from generator.values import When

RULE = Rule(
    name="revocation-update-overdue",
    code="LDG108",
    severity="error",
    doc=__doc__ or "",
    source="",
    options={"warning_days": 3, "error_days": 7},
    sources=(REVOCATION_UPDATES,),
)
_FIX = "post an update with the revoked, remaining and expired counts and the ETA"


def obligations(ledger: Ledger, ctx: Context) -> Iterator[Obligation]:
    limits = (
        ("error", days(ctx, RULE, "error_days")),
        ("warning", days(ctx, RULE, "warning_days")),
    )
    for incident in ledger.incidents.values():
        if incident.revocation_delay and incident.disclosed:
            yield from _gaps(incident, ctx, limits)


def check(ledger: Ledger, ctx: Context) -> Iterator[Diagnostic]:
    for incident in ledger.incidents.values():
        if incident.revocation_delay:
            yield from _counts(incident, ctx)


def _gaps(
    incident: Incident, ctx: Context, limits: tuple[tuple[str, timedelta], ...]
) -> Iterator[Obligation]:
    stop = update_stop(incident, ctx)
    updates = sorted(
        (u for u in incident.updates if stop is None or u.at.utc < stop.utc), key=lambda u: u.at.utc
    )
    starts: list[tuple[When, Pos]] = [(incident.opened, incident.pos("opened"))]
    starts += [(u.at, u.pos) for u in updates if u.at.utc > incident.opened.utc]
    for i, (start, pos) in enumerate(starts):
        end = starts[i + 1][0] if i + 1 < len(starts) else stop
        for level, limit in limits:
            found = obligation(
                RULE,
                ctx,
                pos,
                f"the revocation update after {start.text or 'opening'}",
                record=incident.id,
                deadline=start.utc + limit,
                fact=end,
                at=start.utc,
                fix=_FIX,
                severity=level,
            )
            if found is not None:
                yield found
                if found.state(ctx.as_of) in ("late", "met-late", "missed"):
                    break  # the stricter level failed: the milder one says nothing more


def _counts(incident: Incident, ctx: Context) -> Iterator[Diagnostic]:
    for update in incident.updates:
        if update.revocation is not None and update.revocation.complete:
            continue
        found = finding(
            RULE,
            ctx,
            update.pos,
            f"the revocation update of {update.at.text} lacks the revoked, remaining "
            "and expired counts or the ETA",
            record=incident.id,
            at=update.at.utc,
            hint=f"add `revocation: {{revoked, remaining, expired, eta}}` (source: {RULE.source})",
        )
        if found is not None:
            yield found
