"""A problem report neither revoked nor cleared in time.

**What it checks.** After a problem report is `received`, the certificates it concerns must be
`revoked`, or the report `cleared` (it was decided that nothing had to be revoked), within the
window TLS BR §4.9.1.1 sets for its `reason`:

- **24 hours** (option `hours`): `subscriber-request`, `unauthorized-request`,
  `key-compromise`, `weak-key` (a demonstrated method computes the private key from the
  public key), `domain-validation` (the domain or IP validation, CAA included, cannot be
  relied on);
- **5 days** (option `days`): `misissuance`, `misuse`, `subscriber-breach`,
  `domain-no-longer-permitted`, `wildcard-fraud`, `inaccurate-information`, `ca-ceased`,
  `cp-cps-requires`, `other`, and a report whose `reason` is left out;
- **none**: `not-applicable` (a CRL or OCSP problem: nothing to revoke), and reports about
  short-lived certificates (`short_lived: true`), which BR exempts from revocation.

Whichever of `revoked` and `cleared` came first meets the deadline.

**Why it matters.** A certificate that must be revoked and stays valid is the most visible
failure a CA can have; root programs count the hours.

**Source.** CA/Browser Forum TLS Baseline Requirements §4.9.1.1 (applies to reports received
from 2018-10-30).

**Passing** (revoked within 24 hours of a key-compromise report):

```yaml
received: "2024-05-02T10:00Z"
channel: cpr-mailbox
summary: The private key of a subscriber certificate was posted publicly.
reason: key-compromise
preliminary_report: "2024-05-02T12:00Z"
revoked: "2024-05-03T09:00Z"
```

**Failing** (as of 2024-05-03T11:00Z, 1 hour overdue):

```yaml
received: "2024-05-02T10:00Z"
channel: cpr-mailbox
summary: The private key of a subscriber certificate was posted publicly.
reason: key-compromise
preliminary_report: "2024-05-02T12:00Z"
```
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

from generator.model import Ledger, ProblemReport
from generator.rules.base import Context, Rule
from generator.rules.clock import obligation
from generator.rules.obligation import Obligation
from generator.rules.sources import REVOCATION
from generator.values import When, format_delay

RULE = Rule(
    name="cpr-revocation-overdue",
    code="LDG111",
    severity="error",
    source="",
    doc=__doc__ or "",
    options={"hours": 24, "days": 5},
    sources=(REVOCATION,),
)


# TLS BR §4.9.1.1: the window each reason for revocation sets (None: nothing to revoke)
WINDOWS: dict[str, str | None] = {
    "subscriber-request": "hours",
    "unauthorized-request": "hours",
    "key-compromise": "hours",
    "weak-key": "hours",
    "domain-validation": "hours",
    "misissuance": "days",
    "misuse": "days",
    "subscriber-breach": "days",
    "domain-no-longer-permitted": "days",
    "wildcard-fraud": "days",
    "inaccurate-information": "days",
    "ca-ceased": "days",
    "cp-cps-requires": "days",
    "other": "days",
    "not-applicable": None,
}


def obligations(ledger: Ledger, ctx: Context) -> Iterator[Obligation]:
    for report in ledger.problem_reports.values():
        if window(report) is None:
            continue
        done, field = _first_outcome(report)
        limit = _limit(report, ctx)
        found = obligation(
            RULE,
            ctx,
            report.pos(field),
            f"the revocation or clearance for problem report {report.id} ({_why(report)}:"
            f" {format_delay(limit)})",
            record=report.id,
            deadline=report.received.utc + limit,
            fact=done,
            at=report.received.utc,
            fix="revoke the certificates and record `revoked`, or record `cleared` and"
            " `no_revocation` when nothing had to be revoked",
        )
        if found is not None:
            yield found


def window(report: ProblemReport) -> str | None:
    """`hours` or `days`: which window the report's reason sets; None when nothing is revoked."""
    if report.short_lived:
        return None
    return WINDOWS[report.reason or "other"]


def _limit(report: ProblemReport, ctx: Context) -> timedelta:
    if window(report) == "hours":
        return timedelta(hours=ctx.option(RULE, "hours"))
    return timedelta(days=ctx.option(RULE, "days"))


def _why(report: ProblemReport) -> str:
    return (report.reason or "reason not given").replace("-", " ")


def _first_outcome(report: ProblemReport) -> tuple[When | None, str]:
    """The earlier of `revoked` and `cleared`, with the field it came from (else `received`)."""
    outcomes = [
        (w, f)
        for w, f in ((report.revoked, "revoked"), (report.cleared, "cleared"))
        if w is not None
    ]
    if not outcomes:
        return None, "reason" if report.reason is not None else "received"
    return min(outcomes, key=lambda pair: pair[0].utc)
