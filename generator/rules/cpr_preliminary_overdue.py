"""A problem report with no preliminary report within 24 hours of being received.

**What it checks.** TLS BR §4.9.5 asks for a preliminary report on the findings "to both the
Subscriber and the entity who filed the Certificate Problem Report": every problem report in
`ledger/problem-reports/` must record `preliminary_report` (to the reporter) and
`preliminary_report_subscriber` (to the subscriber; the same moment when they are one) no
later than 24 hours (option `hours`) after `received`; each is an obligation of its own. The clock starts
at `received`, the moment the report reached a published channel. An `acknowledged` reply
(an automatic receipt, a "we are looking into it") does not stop it.

**Why it matters.** The reporter and the subscriber are owed a first assessment within a day;
an unread problem-reporting mailbox shows up here first.

**Source.** CA/Browser Forum TLS Baseline Requirements §4.9.5 (since ballot SC6, BR 1.6.1,
in force from 2018-10-14).

**Passing** (`preliminary_report` within 24 hours):

```yaml
received: "2024-03-04T08:00+08:00"
channel: cpr-mailbox
summary: A certificate may carry a wrong basicConstraints extension.
preliminary_report: "2024-03-05T07:30+08:00"
preliminary_report_subscriber: "2024-03-05T07:45+08:00"
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


# to whom the preliminary report is owed, and the field that records it
RECIPIENTS = (("reporter", "preliminary_report"), ("subscriber", "preliminary_report_subscriber"))


def obligations(ledger: Ledger, ctx: Context) -> Iterator[Obligation]:
    limit = timedelta(hours=ctx.option(RULE, "hours"))
    for report in ledger.problem_reports.values():
        for whom, key in RECIPIENTS:
            done = getattr(report, key)
            found = obligation(
                RULE,
                ctx,
                report.pos(key if done else "received"),
                f"the preliminary report to the {whom} on problem report {report.id}",
                record=report.id,
                deadline=report.received.utc + limit,
                fact=done,
                at=report.received.utc,
                fix=f"send the preliminary report to the {whom} and record it as `{key}` (an"
                " acknowledgement does not count)",
                item=whom,
            )
            if found is not None:
                yield found
