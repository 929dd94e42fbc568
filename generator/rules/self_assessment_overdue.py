"""The annual CCADB self-assessment not submitted within 92 days of the BR audit period end.

**What it checks.** Each year, the earliest end of a TLS BR audit period (`kind: tls-br` in
`ledger/audits/`) of an audit line covering a root certificate (`type: root` in
`ledger/certificates/`) starts a 92-day clock (option `days`): a self-assessment (a
`ledger/documents/` record of kind `self-assessment`) must be `submitted` to the CCADB by
23:59:59 of the 92nd day after it, in the policy time zone. A submission counts for the first
such year whose deadline follows the previous year's deadline. When no later period is
recorded, next year's self-assessment falls due 92 days after the same day a year later.
Periods ending from 2024-01-01 count (CCADB Policy 1.3, 2023-10-25: "after December 31,
2023", where a program's policy requires the self-assessment: Mozilla and Chrome); from
CCADB Policy 2.0 (2025-07-15) every program.

**Why it matters.** The self-assessment is how the root programs check a CP/CPS against
every current requirement; a missing one is noticed at the next audit at the latest.

**Source.** CCADB Policy 1.3 (2023-10-25) §5.3, 2.0 and 2.1 §6.4 "An annual self-assessment
MUST be completed and submitted to the CCADB within 92 calendar days from the CA Owner's
earliest appearing root record 'BR Audit Period End Date'"; Mozilla Root Store Policy 3.1
§3.4.

Passing example (as of 2026-04-01T12:00Z; submitted with the audit statement):

```yaml
# ledger/certificates/root-1.yaml
name: Example Root 1
sha256: 8AC552AD577E37AD2C6808D72AA331D6A96B4B3FEBFF34CE9BC0578E08055EC3
type: root
# ledger/audits/tls-br.yaml
kind: tls-br
certificates: [root-1]
periods:
  - {start: 2024-12-15, end: 2025-12-14, statement: 2026-03-11}
# ledger/documents/self-assessment.yaml
kind: self-assessment
title: CCADB self-assessment
versions:
  - {effective: 2026-03-01, submitted: 2026-03-11}
```

Failing example (as of 2026-03-17T00:00:00Z; no self-assessment 92 days after 2025-12-14):

```yaml
# ledger/certificates/root-1.yaml
name: Example Root 1
sha256: 8AC552AD577E37AD2C6808D72AA331D6A96B4B3FEBFF34CE9BC0578E08055EC3
type: root
# ledger/audits/tls-br.yaml
kind: tls-br
certificates: [root-1]
periods:
  - {start: 2024-12-15, end: 2025-12-14, statement: 2026-03-11}
```
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, timedelta

from generator.diagnostics import Pos
from generator.model import Audit, Ledger
from generator.rules.base import Context, Rule
from generator.rules.calendar import (
    SELF_ASSESSMENT,
    SELF_ASSESSMENT_V13,
    SELF_ASSESSMENT_V20,
    Seen,
    add_year,
    days_after,
    root_audits,
)
from generator.rules.clock import day_end, obligation, on_day
from generator.rules.obligation import Obligation
from generator.values import start_of_day

RULE = Rule(
    name="self-assessment-overdue",
    code="LDG156",
    severity="error",
    source="",
    doc=__doc__ or "",
    options={"days": 92},
    sources=(SELF_ASSESSMENT_V13, SELF_ASSESSMENT_V20),
)
FIRST_END = date(2024, 1, 1)  # CCADB Policy 1.3: a period end "after December 31, 2023"


def obligations(ledger: Ledger, ctx: Context) -> Iterator[Obligation]:
    seen = Seen(ctx)
    window = int(ctx.option(RULE, "days"))
    anchors: dict[int, tuple[date, Audit, Pos]] = {}  # year → its earliest root BR period end
    for audit in root_audits(ledger, "tls-br"):
        for period in audit.periods:
            if period.end < FIRST_END:
                continue
            known = anchors.get(period.end.year)
            if known is None or period.end < known[0]:
                anchors[period.end.year] = (period.end, audit, period.pos)
    if not anchors:
        return
    chain = sorted(anchors.values(), key=lambda a: a[0])
    last, audit, _ = chain[-1]
    if any(a.retired is None or a.retired > last for a in root_audits(ledger, "tls-br")):
        chain.append((add_year(last), audit, audit.pos("periods")))  # next year's, expected
    submissions = sorted(
        fact.utc
        for document in ledger.documents.values()
        if document.kind == SELF_ASSESSMENT
        for version in document.versions
        if (fact := seen.day(version.submitted)) is not None
    )
    previous: datetime | None = None
    expecting = len(chain) - 1 if chain[-1][0] > last else None
    for i, (end, audit, pos) in enumerate(chain):
        deadline = days_after(end, window, ctx)
        done = next((s for s in submissions if previous is None or s > previous), None)
        expected = i == expecting
        found = obligation(
            RULE,
            ctx,
            pos,
            f"the CCADB self-assessment for the BR audit period ended {end}"
            + (" (the next period, expected)" if expected else ""),
            record=audit.id,
            deadline=deadline,
            fact=None if done is None else on_day(ctx.day(done), ctx.policy.timezone),
            at=day_end(end, ctx),
            fix="submit the self-assessment to the CCADB and record it in a `self-assessment` "
            "document with `submitted`",
            item=f"self-assessment-{end}",
            owner=audit.owner or "",
            starts=start_of_day(last + timedelta(days=1), ctx.policy.timezone)
            if expected
            else None,
        )
        if found is not None:
            yield found
        previous = deadline
