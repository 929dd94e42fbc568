"""A problem report with no preliminary report within 24 hours of being received.

**What it checks.** Every problem report in `ledger/problem-reports/` must have a
`preliminary_report` no later than 24 hours (option `hours`) after `received`. The clock starts
at `received`, the moment the report reached a published channel. An `acknowledged` reply
(an automatic receipt, a "we are looking into it") does not stop it.

**Why it matters.** The reporter and the subscriber are owed a first assessment within a day;
an unread problem-reporting mailbox shows up here first.

**Source.** CA/Browser Forum TLS Baseline Requirements §4.9.5 (since ballot SC6; applies to
reports received from 2018-10-30).

**Passing** (`preliminary_report` within 24 hours):

```yaml
received: "2024-03-04T08:00+08:00"
channel: cpr-mailbox
summary: A certificate may carry a wrong basicConstraints extension.
preliminary_report: "2024-03-05T07:30+08:00"
```

**Failing** (no preliminary report: as of 2024-03-05T09:00+08:00 it is 1 hour overdue; with
`preliminary_report: "2024-03-19T16:30+08:00"` it is listed in `--history` as 14 days 8 hours
late):

```yaml
received: "2024-03-04T08:00+08:00"
channel: cpr-mailbox
summary: A certificate may carry a wrong basicConstraints extension.
acknowledged: "2024-03-04T08:01+08:00"
```
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

from generator.model import Ledger
from generator.rules.base import Context, Rule
from generator.rules.clock import obligation
from generator.rules.obligation import Obligation
from generator.rules.sources import PRELIMINARY_REPORT

RULE = Rule(
    name="cpr-preliminary-overdue",
    code="LDG110",
    severity="error",
    source="",
    doc=__doc__ or "",
    options={"hours": 24},
    sources=(PRELIMINARY_REPORT,),
)


def obligations(ledger: Ledger, ctx: Context) -> Iterator[Obligation]:
    limit = timedelta(hours=ctx.option(RULE, "hours"))
    for report in ledger.problem_reports.values():
        done = report.preliminary_report
        found = obligation(
            RULE,
            ctx,
            report.pos("preliminary_report" if done else "received"),
            f"the preliminary report on problem report {report.id}",
            record=report.id,
            deadline=report.received.utc + limit,
            fact=done,
            at=report.received.utc,
            fix="send the preliminary report to the reporter and the subscriber and record it"
            " as `preliminary_report` (an acknowledgement does not count)",
        )
        if found is not None:
            yield found
