"""A root program's survey, CA communication or question not answered by its deadline.

**What it checks.** A program request (`ledger/requests/`) must be `answered` by its
`deadline` (a date: 23:59:59 of that day in the policy time zone; an instant: that instant).
A request from a program the policy does not list (`programs` in policy.yaml) is not judged;
requests from the CCADB itself always are.

**Why it matters.** Surveys and CA communications carry their own deadlines; a missed one is
a compliance bug like any other, and the answers are often commitments the next audit reads.

**Source.** Mozilla Root Store Policy 3.1 §4.2 "REQUIRED to respond to the surveys with
accurate information, within the timescale defined in the survey"; the CCADB Policy 2.1 §7
(Mailshots) and the other programs' policies, which require following the CCADB Policy.

Passing example (as of 2026-03-01T12:00Z; answered before the deadline):

```yaml
# ledger/requests/2026-survey.yaml
program: mozilla
kind: survey
title: 2026 CA survey
received: 2026-01-15
deadline: 2026-02-15
answered: 2026-02-10
```

Failing example (as of 2026-02-16T00:00:00Z; not answered):

```yaml
# ledger/requests/2026-survey.yaml
program: mozilla
kind: survey
title: 2026 CA survey
received: 2026-01-15
deadline: 2026-02-15
```
"""

from __future__ import annotations

from collections.abc import Iterator

from generator.model import Ledger
from generator.rules.base import Context, Rule
from generator.rules.calendar import REQUEST_DEADLINE, SURVEYS, Seen
from generator.rules.clock import due, obligation
from generator.rules.obligation import Obligation

RULE = Rule(
    name="program-request-overdue",
    code="LDG157",
    severity="error",
    source="",
    doc=__doc__ or "",
    sources=(SURVEYS, REQUEST_DEADLINE),
)


def obligations(ledger: Ledger, ctx: Context) -> Iterator[Obligation]:
    seen = Seen(ctx)
    for request in ledger.requests.values():
        if request.program != "ccadb" and request.program not in ctx.policy.programs:
            continue
        received = seen.when(request.received)
        if received is None:
            continue
        found = obligation(
            RULE,
            ctx,
            request.pos("deadline"),
            f"answering the {request.program} {request.kind} {request.title!r}",
            record=request.id,
            deadline=due(request.deadline, ctx),
            fact=seen.when(request.answered),
            at=received.utc,
            fix="answer the request and record `answered` (and `answer`)",
            owner=request.owner or "",
        )
        if found is not None:
            yield found
