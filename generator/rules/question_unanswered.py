"""A question to the organisation (a needinfo, a root program's request) left unanswered for
more than N days (default 7).

**Why.** An unanswered question in a public incident is itself a compliance failure: the
CCADB Incident Reporting Guidelines require a response to questions within 7 days (v2.0:
"one week").

**Clock.** It starts at `asked` (a date starts at 00:00 in the record's zone) and is met by
`answered`. Applies to questions asked on or after 2023-10-17.

**Options.** `days` (default 7).

**Source.** CCADB Incident Reporting Guidelines v3.x (v2.0: "one week").

Passing example (as of 2024-05-20T00:00Z):

```yaml
# incidents/example.yaml
title: Example incident
status: open
opened: 2024-05-01T09:00Z
owner: PKI team
summary: An example.
timeline:
  - {at: 2024-05-01T09:00Z, event: Reported.}
questions:
  - {id: q1, asked: 2024-05-02T10:00Z, by: Root program, text: Which CAs are affected?, answered: 2024-05-06T09:00Z}
```

Failing example (as of 2024-05-20T00:00Z):

```yaml
# incidents/example.yaml
title: Example incident
status: open
opened: 2024-05-01T09:00Z
owner: PKI team
summary: An example.
timeline:
  - {at: 2024-05-01T09:00Z, event: Reported.}
questions:
  - {id: q1, asked: 2024-05-02T10:00Z, by: Root program, text: Which CAs are affected?}
```
"""

from __future__ import annotations

from collections.abc import Iterator

from generator.model import Ledger
from generator.rules.base import Context, Rule
from generator.rules.clock import days, obligation
from generator.rules.obligation import Obligation
from generator.rules.sources import QUESTIONS_CHROME_V14, QUESTIONS_V2, QUESTIONS_V3

RULE = Rule(
    name="question-unanswered",
    code="LDG105",
    severity="error",
    doc=__doc__ or "",
    source="",
    options={"days": 7},
    sources=(QUESTIONS_CHROME_V14, QUESTIONS_V2, QUESTIONS_V3),
)


def obligations(ledger: Ledger, ctx: Context) -> Iterator[Obligation]:
    window = days(ctx, RULE)
    for incident in ledger.incidents.values():
        for question in incident.questions:
            found = obligation(
                RULE,
                ctx,
                question.pos,
                f"the answer to question {question.id!r}",
                record=incident.id,
                deadline=question.asked.utc + window,
                fact=question.answered,
                at=question.asked.utc,
                fix="answer the question in the incident and record `answered`",
            )
            if found is not None:
                yield found
