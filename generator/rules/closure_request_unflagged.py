"""A closure request that does not ask the CCADB incident-reporting address for information.

**What it checks.** From CCADB Incident Reporting Guidelines v3.1 (2025-07-15), the Bugzilla
comment that posts the closure summary and requests closure must also set needinfo on
incident-reporting@ccadb.org. Record whom the request flagged under `closure.needinfo`; a
closure summary posted on or after 2025-07-15 without that address there is reported.

**Why it matters.** The needinfo is how the CCADB moderators learn that a report is ready for
its final call for comments; without it the bug can sit open, and the weekly-update clock with
it.

**Source.** CCADB Incident Reporting Guidelines v3.1, "How are reports closed?".

**Passing** (posted 2025-08-01, flagged):

```yaml
closure: {description: D., root_causes: R., remediation: M., commitments: C., attested: true,
          posted: 2025-08-01, needinfo: [incident-reporting@ccadb.org]}
```

**Failing** (posted 2025-08-01, no needinfo recorded):

```yaml
closure: {description: D., root_causes: R., remediation: M., commitments: C., attested: true,
          posted: 2025-08-01}
```
"""

from __future__ import annotations

from collections.abc import Iterator

from generator.diagnostics import Diagnostic
from generator.model import Ledger
from generator.rules.base import Context, Rule, finding
from generator.rules.sources import CLOSURE_REQUEST

ADDRESS = "incident-reporting@ccadb.org"

RULE = Rule(
    name="closure-request-unflagged",
    code="LDG207",
    severity="error",
    doc=__doc__ or "",
    source="",
    kind="consistency",
    sources=(CLOSURE_REQUEST,),
)


def check(ledger: Ledger, ctx: Context) -> Iterator[Diagnostic]:
    for incident in ledger.incidents.values():
        closure = incident.closure
        if closure is None or ADDRESS in (a.strip().lower() for a in closure.needinfo):
            continue
        found = finding(
            RULE,
            ctx,
            incident.positions.get("closure.needinfo", closure.pos),
            f"the closure request of {incident.id} (posted {closure.posted.text}) did not set"
            f" needinfo on {ADDRESS}",
            record=incident.id,
            at=closure.posted.utc,
            hint=f"set needinfo on {ADDRESS} in the closure comment and record it as"
            f" `needinfo: [{ADDRESS}]` under `closure`",
        )
        if found is not None:
            yield found
