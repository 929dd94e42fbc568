"""Consecutive periods of an audit line that are not contiguous, or a period over a year.

**What it checks.** The periods of one audit line (`ledger/audits/`), in order of their start,
must follow each other without a gap or an overlap (each starts the day after the previous
one ended) and none may last more than one year (a period starting 2024-12-15 may end
2025-12-14 at the latest). A period that ends before it starts is reported too.

**Why it matters.** The Baseline Requirements want an unbroken sequence of audit periods; a
gap is time during which nobody attested the CA's operations, and the CCADB warns the root
programs about it.

**Source.** TLS BR 2.2.6 §8.1 "an unbroken sequence of audit periods. An audit period MUST
NOT exceed one year in duration"; Mozilla Root Store Policy 3.1 §3.1.3 "Successive
period-of-time audits ... MUST be contiguous (no gaps)"; CCADB Policy 2.1 §5.2 (the CCADB
warns when audit periods are not consecutive).

**Passing**: 2023-12-15 to 2024-12-14, then 2024-12-15 to 2025-12-14.

**Failing**:

```yaml
kind: tls-br
periods:
  - {start: 2023-12-15, end: 2024-12-14}
  - {start: 2025-01-15, end: 2025-12-14}   # a month is not covered
```
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

from generator.diagnostics import Diagnostic
from generator.model import Ledger
from generator.rules.base import Context, Rule, finding
from generator.rules.calendar import AUDIT_PERIODS, year_end

RULE = Rule(
    name="audit-period-gap",
    code="LDG250",
    severity="error",
    kind="consistency",
    source="",
    doc=__doc__ or "",
    sources=(AUDIT_PERIODS,),
)


def check(ledger: Ledger, ctx: Context) -> Iterator[Diagnostic]:
    for audit in ledger.audits.values():
        periods = sorted(audit.periods, key=lambda p: (p.start, p.end))
        for i, period in enumerate(periods):
            problem, hint = None, ""
            if period.end < period.start:
                problem = f"ends {period.end}, before it starts ({period.start})"
                hint = "swap or correct the dates"
            elif period.end > year_end(period.start):
                problem = (
                    f"lasts from {period.start} to {period.end}, more than one year (it may "
                    f"end {year_end(period.start)} at the latest)"
                )
                hint = "an audit period may not exceed one year: correct the dates"
            elif i > 0 and period.start != periods[i - 1].end + timedelta(days=1):
                before = periods[i - 1].end
                gap = (period.start - before).days - 1
                problem = f"starts {period.start}, but the previous period ended {before}: " + (
                    f"{gap} days are not covered" if gap > 0 else "the periods overlap"
                )
                hint = "periods must be contiguous: record the missing period or correct dates"
            if problem is None:
                continue
            found = finding(
                RULE,
                ctx,
                period.pos,
                f"audit period of {audit.id} ({audit.kind}) {problem}",
                record=audit.id,
                hint=f"{hint} (source: {RULE.source})",
            )
            if found is not None:
                yield found
