"""A new version of a CP, CPS or combined CP/CPS not submitted to the CCADB within 14 days.

**What it checks.** Each version of a policy document (`ledger/documents/`, kind `cp`, `cps`
or `cp-cps`) must be `submitted` to the CCADB within 14 calendar days (option `days`) of its
`effective` date: by 23:59:59 of the 14th day after it, in the policy time zone. A version
the CCADB report lists (`in_ccadb: true`, written by `ledger import ccadb`) was submitted on
a day the report does not give: it is not judged. Applies to versions effective from
2025-07-15 (CCADB Policy 2.0).

**Why it matters.** Root programs read the CCADB: a CP/CPS in force but not disclosed there
is a disclosure incident (about 140 public compliance bugs since 2014 are about disclosure).

**Source.** CCADB Policy 2.0 (2025-07-15) and 2.1 §4 "SHOULD ensure these updated policy
document(s) are submitted to the CCADB within 7 calendar days of the policy document's
effective date, and MUST ensure they are submitted within 14 calendar days".

Passing example (as of 2026-04-01T12:00Z; submitted 5 days after it took effect):

```yaml
# ledger/documents/cps.yaml
kind: cp-cps
title: Example CA CP/CPS
versions:
  - {version: "2.0", effective: 2026-03-01, submitted: 2026-03-06}
```

Failing example (as of 2026-03-16T00:00:00Z; effective 2026-03-01, not submitted):

```yaml
# ledger/documents/cps.yaml
kind: cp-cps
title: Example CA CP/CPS
versions:
  - {version: "2.0", effective: 2026-03-01}
```
"""

from __future__ import annotations

from collections.abc import Iterator

from generator.model import Ledger
from generator.rules.base import Context, Rule
from generator.rules.calendar import CP_CPS, CP_CPS_SUBMISSION, Seen, days_after
from generator.rules.clock import obligation
from generator.rules.obligation import Obligation
from generator.values import start_of_day

RULE = Rule(
    name="cp-cps-disclosure-overdue",
    code="LDG153",
    severity="error",
    source="",
    doc=__doc__ or "",
    options={"days": 14},
    sources=(CP_CPS_SUBMISSION,),
)


def obligations(ledger: Ledger, ctx: Context) -> Iterator[Obligation]:
    seen = Seen(ctx)
    window = int(ctx.option(RULE, "days"))
    for document in ledger.documents.values():
        if document.kind not in CP_CPS:
            continue
        for version in document.versions:
            if version.in_ccadb and version.submitted is None:
                continue
            found = obligation(
                RULE,
                ctx,
                version.pos,
                f"submitting {document.id} ({document.title}) version "
                f"{version.version or version.effective} to the CCADB",
                record=document.id,
                deadline=days_after(version.effective, window, ctx),
                fact=seen.day(version.submitted),
                at=start_of_day(version.effective, ctx.policy.timezone),
                fix="submit the version to the CCADB (Add/Update Root Request case, or the "
                "subordinate CA's record) and record `submitted`",
                item=f"version-{version.effective}",
                owner=document.owner or "",
            )
            if found is not None:
                yield found
