"""The latest version of a CP, CPS or combined CP/CPS older than 365 days.

**What it checks.** Each version of a policy document (`ledger/documents/`, kind `cp`, `cps`
or `cp-cps`) must be followed by a new version (a new version number and a dated changelog
entry, even if nothing else changes) within 365 days (option `days`) of its `effective`
date: the review is due by 23:59:59, in the policy time zone, of the 365th day after it. A
version effective 2024-08-29 with nothing newer is overdue from 2025-08-30 00:00 (due by the
end of 2025-08-29). A newer version met it on the day it took effect; a version not yet
effective at the as-of instant does not count.

**Why it matters.** An outdated CP/CPS is a finding in the next audit and a common
compliance bug: the document must describe how the CA implements the latest requirements.

**Source.** TLS BR 2.2.6 §2.3 "annually update a Certificate Policy and/or Certification
Practice Statement ... by incrementing the version number and adding a dated changelog
entry, even if no other changes are made"; Mozilla Root Store Policy 3.1 §3.3 (4) "reviewed
and updated as necessary at least once every 365 days". The BRs bind every CCADB program.

Passing example (as of 2025-08-29T23:59:59Z; the last second of the 365th day):

```yaml
# ledger/documents/cps.yaml
kind: cp-cps
title: Example CA CP/CPS
versions:
  - {version: "1.0", effective: 2024-08-29}
```

Failing example (as of 2025-08-30T00:00:00Z):

```yaml
# ledger/documents/cps.yaml
kind: cp-cps
title: Example CA CP/CPS
versions:
  - {version: "1.0", effective: 2024-08-29}
```
"""

from __future__ import annotations

from collections.abc import Iterator

from generator.model import Ledger
from generator.rules.base import Context, Rule
from generator.rules.calendar import CP_CPS, CP_CPS_REVIEW, CP_CPS_REVIEW_MRSP, Seen, days_after
from generator.rules.clock import obligation
from generator.rules.obligation import Obligation
from generator.values import start_of_day

RULE = Rule(
    name="cp-cps-review-overdue",
    code="LDG152",
    severity="error",
    source="",
    doc=__doc__ or "",
    options={"days": 365},
    sources=(CP_CPS_REVIEW, CP_CPS_REVIEW_MRSP),
)


def obligations(ledger: Ledger, ctx: Context) -> Iterator[Obligation]:
    seen = Seen(ctx)
    window = int(ctx.option(RULE, "days"))
    for document in ledger.documents.values():
        if document.kind not in CP_CPS:
            continue
        versions = sorted(
            (v for v in document.versions if seen.day(v.effective) is not None),
            key=lambda v: v.effective,
        )
        for i, version in enumerate(versions):
            newer = next((v for v in versions[i + 1 :] if v.effective > version.effective), None)
            found = obligation(
                RULE,
                ctx,
                version.pos,
                f"the annual review of {document.id} ({document.title}) version "
                f"{version.version or version.effective}",
                record=document.id,
                deadline=days_after(version.effective, window, ctx),
                fact=seen.day(newer.effective) if newer is not None else None,
                at=start_of_day(version.effective, ctx.policy.timezone),
                fix="publish a new version (new number, dated changelog line) and record it",
                item=f"version-{version.effective}",
                owner=document.owner or "",
            )
            if found is not None:
                yield found
