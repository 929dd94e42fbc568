"""Timeline events out of time order.

**What it checks.** The `timeline` of an incident is written oldest first. An event dated
before the event above it is reported at its line. A date-only event (`at: 2024-03-04`) is
"some time that day": it is in order next to any event of the same day, compared as days in
the incident's `timezone` (else the policy time zone). An event is compared with every event
above it, not only the one just above, and the finding names the latest one it precedes.

**Why it matters.** Readers and the site take the timeline as written; an event out of order
tells a different story, and usually means a typo in a date.

**Source.** The record format: `timeline` is "in time order".

**Passing:**

```yaml
timeline:
  - {at: "2024-03-04T08:00+08:00", event: The report arrives.}
  - {at: 2024-03-04, event: Nobody reads it.}
  - {at: "2024-03-19T16:30+08:00", event: CFCA replies.}
```

**Failing** (the third event is dated before the second):

```yaml
timeline:
  - {at: "2024-03-04T08:00+08:00", event: The report arrives.}
  - {at: "2024-03-19T16:30+08:00", event: CFCA replies.}
  - {at: "2024-03-18T20:59+08:00", event: The reporter writes again.}
```
"""

from __future__ import annotations

from collections.abc import Iterator

from generator.diagnostics import Diagnostic
from generator.model import Ledger, TimelineEvent
from generator.rules.base import Context, Rule, finding
from generator.rules.clock import not_before

RULE = Rule(
    name="timeline-order",
    code="LDG203",
    severity="error",
    kind="consistency",
    source="the record format (timeline in time order)",
    doc=__doc__ or "",
)


def check(ledger: Ledger, ctx: Context) -> Iterator[Diagnostic]:
    for incident in ledger.incidents.values():
        for event, earlier in _out_of_order(incident.timeline):
            found = finding(
                RULE,
                ctx,
                event.pos,
                f"timeline event at {event.at.text} of {incident.id} comes after one at"
                f" {earlier.at.text}",
                record=incident.id,
                hint=f"move the event up to its place, or correct its date (source: {RULE.source})",
            )
            if found is not None:
                yield found


def _out_of_order(
    timeline: tuple[TimelineEvent, ...],
) -> Iterator[tuple[TimelineEvent, TimelineEvent]]:
    """Each event dated before an event above it, with the latest such event.

    Instants and dates are ordered apart (a date is any time of its day), so the latest of
    each kind so far is enough to compare with.
    """
    latest: dict[bool, TimelineEvent] = {}
    for event in timeline:
        above = [e for e in latest.values() if not not_before(event.at, e.at)]
        if above:
            yield event, max(above, key=lambda e: e.at.utc)
        kind = event.at.is_day
        if kind not in latest or event.at.utc > latest[kind].at.utc:
            latest[kind] = event
