"""An audit statement not published within 92 calendar days after its audit period ended.

**What it checks.** For each period of an audit line (`ledger/audits/`), the statement is due
by the end of the 92nd calendar day after the period's `end` (23:59:59 in the policy time
zone). It is met by the day the statement reached the CCADB: `disclosed` when recorded, else
the `statement` date (what CCADB's report gives), or by an explanatory `letter` signed by the
auditor, whichever came first. When no later period is recorded, the next period is expected
to start the day after the last one ended and to last one year, so the next statement falls
due 92 days after that year ends: a period ended 2025-12-14 → next period 2025-12-15 to
2026-12-14 → next statement due by the end of 2027-03-16. `ledger due` and the site's
calendars show it as soon as the expected period has begun. An audit line `retired` before
that day (its certificates revoked, expired or out of scope) expects no further period.

**Why it matters.** A late audit statement is a compliance incident of its own (about 20 of
the public CA compliance bugs since 2014), and the root programs may require a new audit.

**Source.** CCADB Policy 2.0 (2025-07-15) and 2.1 §5.2 "no later than 92 calendar days from
the point-in-time date or the end date of the period of time" (an explanatory letter signed by
the Qualified Auditor instead); for periods that ended before 2025-07-15, CCADB Policy 1.2 to
1.3.1 §5.1 "no later than three months after the end of the audit period" (a period ended
2024-12-14: by the end of 2025-03-14). TLS BR 2.2.6 §8.6 also says three months. Imposed by
Mozilla, Chrome, Apple and Microsoft through the CCADB Policy.

Passing example (as of 2026-03-20T12:00Z; statement dated 2026-03-11, 87 days after the period):

```yaml
# ledger/audits/tls-br.yaml
kind: tls-br
periods:
  - {start: 2024-12-15, end: 2025-12-14, statement: 2026-03-11}
```

Failing example (as of 2026-03-17T00:00Z; no statement 92 days after the period ended):

```yaml
# ledger/audits/tls-br.yaml
kind: tls-br
periods:
  - {start: 2024-12-15, end: 2025-12-14}
```
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, timedelta

from generator.model import Audit, AuditPeriod, Ledger
from generator.rules.base import Context, Rule
from generator.rules.calendar import (
    AUDIT_STATEMENT_V12,
    AUDIT_STATEMENT_V20,
    Seen,
    add_months,
    days_after,
    published,
    year_end,
)
from generator.rules.clock import day_end, obligation
from generator.rules.obligation import Obligation
from generator.values import start_of_day

RULE = Rule(
    name="audit-statement-overdue",
    code="LDG150",
    severity="error",
    source="",
    doc=__doc__ or "",
    options={"days": 92},
    sources=(AUDIT_STATEMENT_V12, AUDIT_STATEMENT_V20),
)

_FIX = (
    "upload the audit statement to the CCADB and record its date (`statement` or "
    "`disclosed`), or upload the auditor's explanatory letter and record `letter`"
)


def obligations(ledger: Ledger, ctx: Context) -> Iterator[Obligation]:
    seen = Seen(ctx)
    window = int(ctx.option(RULE, "days"))
    for audit in ledger.audits.values():
        for period in audit.periods:
            found = _period(audit, period, seen, window, ctx)
            if found is not None:
                yield found
        if audit.periods:
            found = _next(audit, max(p.end for p in audit.periods), window, ctx)
            if found is not None:
                yield found


def statement_due(end: date, window: int, ctx: Context) -> datetime:
    """92 calendar days after the period's end (CCADB Policy 2.0 on); for a period that ended
    before 2025-07-15, three months (CCADB Policy 1.2 to 1.3.1)."""
    if end < AUDIT_STATEMENT_V20.effective:
        return day_end(add_months(end, 3), ctx)
    return days_after(end, window, ctx)


def _what(audit: Audit, start: date, end: date) -> str:
    return f"the {audit.kind} audit statement for {start} to {end}"


def _period(
    audit: Audit, period: AuditPeriod, seen: Seen, window: int, ctx: Context
) -> Obligation | None:
    deadline = statement_due(period.end, window, ctx)
    return obligation(
        RULE,
        ctx,
        period.pos,
        _what(audit, period.start, period.end),
        record=audit.id,
        deadline=deadline,
        fact=seen.day(published(period)),
        at=day_end(period.end, ctx),
        fix=_FIX,
        item=f"period-{period.end}",
        owner=audit.owner or "",
        starts=start_of_day(period.start, ctx.policy.timezone),
    )


def _next(audit: Audit, last_end: date, window: int, ctx: Context) -> Obligation | None:
    """The statement of the period expected after the last one recorded (none once the line
    is retired by then)."""
    start = last_end + timedelta(days=1)
    if audit.retired is not None and audit.retired < start:
        return None
    end = year_end(start)
    return obligation(
        RULE,
        ctx,
        audit.pos("periods"),
        _what(audit, start, end) + " (the next period, expected)",
        record=audit.id,
        deadline=statement_due(end, window, ctx),
        fact=None,
        at=day_end(end, ctx),
        fix="record the next audit period and its statement",
        item=f"period-{end}",
        owner=audit.owner or "",
        starts=start_of_day(start, ctx.policy.timezone),
    )
