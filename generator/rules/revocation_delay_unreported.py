"""A revocation deadline missed without its own incident report within 72 hours.

**What it checks.** When a problem report's revocation deadline (`cpr-revocation-overdue`)
passes with nothing revoked or cleared, the delay is an incident of its own: an incident
tagged `revocation-delay` (or with `revocation_delay: true`) must be disclosed (`opened`)
within 72 hours (option `hours`) of the missed deadline. It counts when it is the report's
own `incident`, or an incident whose `related` names that incident, or a report elsewhere that
the report's incident lists under `related` with `relation: revocation-delay` and its
`opened` (e.g. a separate Bugzilla bug).

**Why it matters.** A delayed revocation is judged separately from the incident that caused
it: the root programs ask for a separate report, with its own timeline and counts.

**Source.** CCADB Incident Reporting Guidelines v3.0 ("Delayed revocation": the CA "MUST
submit an additional, separate Incident Report"), in force from 2025-03-01; TLS Baseline
Requirements §4.9.1.1 for the revocation windows.

**Passing** (revoked within 24 hours: nothing to report):

```yaml
received: "2025-05-02T10:00Z"
channel: cpr-mailbox
summary: The private key of a subscriber certificate was posted publicly.
reason: key-compromise
revoked: "2025-05-03T09:00Z"
```

**Failing** (as of 2025-05-06T10:00:01Z: the revocation was due 2025-05-03T10:00Z, no
revocation-delay incident by 2025-05-06T10:00Z):

```yaml
received: "2025-05-02T10:00Z"
channel: cpr-mailbox
summary: The private key of a subscriber certificate was posted publicly.
reason: key-compromise
```
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import timedelta

from generator.model import Incident, Ledger
from generator.rules import cpr_revocation_overdue
from generator.rules.base import Context, Rule
from generator.rules.clock import obligation
from generator.rules.obligation import Obligation
from generator.rules.sources import (
    CHROME_SECONDARY_REPORT,
    SEPARATE_REVOCATION_REPORT_V2,
    SEPARATE_REVOCATION_REPORT_V3,
)
from generator.values import When

RULE = Rule(
    name="revocation-delay-unreported",
    code="LDG130",
    severity="error",
    doc=__doc__ or "",
    source="",
    options={"hours": 72},
    sources=(
        SEPARATE_REVOCATION_REPORT_V2,
        SEPARATE_REVOCATION_REPORT_V3,
        CHROME_SECONDARY_REPORT,
    ),
)
_FIX = (
    "disclose a separate incident tagged `revocation-delay`, linked to the report's incident"
    " (`related`), and record its `opened`"
)


def obligations(ledger: Ledger, ctx: Context) -> Iterator[Obligation]:
    window = timedelta(hours=float(ctx.option(RULE, "hours")))
    every = replace(ctx, keep_history=True)  # the revocation deadlines met late count too
    reports: dict[str, list[When]] | None = None  # built once, for the first missed deadline
    for missed in cpr_revocation_overdue.obligations(ledger, every):
        if missed.state(ctx.as_of) not in ("late", "met-late", "waived"):
            continue
        report = ledger.problem_reports[missed.record]
        if reports is None:
            reports = _delay_reports(ledger)
        disclosed = min(reports.get(report.incident or "", ()), key=lambda w: w.utc, default=None)
        found = obligation(
            RULE,
            ctx,
            missed.pos,
            f"the separate incident report on the missed revocation of problem report {report.id}",
            record=report.id,
            deadline=missed.due + window,
            fact=disclosed,
            at=missed.due,
            starts=missed.due,
            fix=_FIX,
        )
        if found is not None:
            yield found


def _delay_reports(ledger: Ledger) -> dict[str, list[When]]:
    """Incident id → when each revocation-delay report linked to it was disclosed: a disclosed
    delay incident (the incident itself, or one whose `related` names it), or a report
    elsewhere the incident lists with `relation: revocation-delay`."""
    found: dict[str, list[When]] = {}
    for incident in ledger.incidents.values():
        if _is_delay(incident) and incident.disclosed:
            for ident in {incident.id, *(r.ref for r in incident.related)}:
                found.setdefault(ident, []).append(incident.opened)
        for r in incident.related:
            if r.relation == "revocation-delay" and r.opened is not None:
                found.setdefault(incident.id, []).append(r.opened)
    return found


def _is_delay(incident: Incident) -> bool:
    return incident.revocation_delay or any("revocation-delay" in tag for tag in incident.tags)
