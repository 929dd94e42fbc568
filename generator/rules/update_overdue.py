"""An open incident whose organisation has not posted an update in time.

**Why.** Root programs expect an incident to move in public: the CCADB Incident Reporting
Guidelines ask for an update on or before the "Next update" date agreed in the bug, or else
within 7 days of the last one. Missed weekly updates became an incident of their own in the
seed case (Mozilla bug 1955799).

**Clock.** It starts at `opened` and restarts at every update or posted report (`updates`,
`reports`); it stops once the closure summary is posted (`closure.posted` or a `closure`
report) or the incident is closed. The next update is due N days (default 7) after the last
one, or, for the interval after the latest update, by `next_update` when that date is later
than the latest update (it ends 23:59:59 in the policy zone). The clock recurs: every missed
interval is a finding of its own, due N days after the previous deadline. Only the current
interval is an open failure; earlier missed intervals, and the one an update finally met late,
go to `ledger check --history`.

**Options.** `days`: the interval (default 7, at least 1).

**Source.** CCADB Incident Reporting Guidelines, "When are reports updated?" (v1.0: weekly;
v3.x: the Next update date, else 7 days).

Passing example (as of 2024-05-10T00:00Z):

```yaml
# incidents/example.yaml
title: Example incident
status: open
opened: 2024-05-01T09:00Z
owner: PKI team
summary: An example.
timeline:
  - {at: 2024-05-01T09:00Z, event: Reported.}
updates:
  - {at: 2024-05-07T12:00Z, text: Still investigating.}
```

Failing example (as of 2024-05-10T00:00Z):

```yaml
# incidents/example.yaml
title: Example incident
status: open
opened: 2024-05-01T09:00Z
owner: PKI team
summary: An example.
timeline:
  - {at: 2024-05-01T09:00Z, event: Reported.}
```
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, timedelta

from generator.diagnostics import Pos
from generator.model import Incident, Ledger
from generator.rules import commitments
from generator.rules.base import Context, Rule
from generator.rules.clock import (
    closure_summary,
    day_end,
    days,
    met,
    obligation,
    update_stop,
    zone_of,
)
from generator.rules.obligation import Obligation
from generator.rules.sources import (
    CLOSURE_ENDS_UPDATES,
    UPDATES_V1,
    UPDATES_V2,
    UPDATES_V3,
    UPDATES_V31,
)
from generator.values import When, format_instant

RULE = Rule(
    name="update-overdue",
    code="LDG103",
    severity="error",
    doc=__doc__ or "",
    source="",
    options={"days": 7},
    sources=(UPDATES_V1, UPDATES_V2, UPDATES_V3, UPDATES_V31),
)
_FIX = "post an update on the incident, with a Next update date"


def obligations(ledger: Ledger, ctx: Context) -> Iterator[Obligation]:
    step = days(ctx, RULE)
    if step <= timedelta(0):
        return
    for incident in ledger.incidents.values():
        yield from _incident(incident, ctx, step)


def _incident(incident: Incident, ctx: Context, step: timedelta) -> Iterator[Obligation]:
    if not incident.disclosed:
        return  # nothing public to update yet: the clock starts at `opened`
    stop = update_stop(incident, ctx)
    if stop is not None and not ctx.keep_history:
        return  # the clock has stopped: every gap has ended, and ended gaps are only history
    posts = [(u.at, u.pos) for u in incident.updates] + [(r.at, r.pos) for r in incident.reports]
    summary = closure_summary(incident)
    if summary is not None and ctx.day(summary.utc) >= CLOSURE_ENDS_UPDATES:
        # v3.1: no updates are owed after the closure summary until a question is raised
        asked = [(q.asked, q.pos) for q in incident.questions if q.asked.utc > summary.utc]
        posts += sorted(asked, key=lambda post: post[0].utc)[:1]
    posts.sort(key=lambda post: post[0].utc)
    if stop is not None:
        posts = [p for p in posts if p[0].utc < stop.utc]
    agreed = commitments.dates(ctx, incident.path, "next_update", None, incident.next_update)
    last, last_pos = incident.opened, incident.pos("opened")
    later = [p for p in posts if p[0].utc > last.utc]
    for i in range(len(later) + 1):
        end, end_pos = later[i] if i < len(later) else (stop, incident.pos("closure"))
        terms = _terms(agreed, last, end, final=i == len(later), history=ctx.history is not None)
        deadline, start_pos = last.utc + step, last_pos
        for term, redate in terms:
            moved = _agreed(incident, ctx, last, term.day) or (last.utc + step, last_pos)
            if redate and term.since is not None and term.since > deadline:
                found = _obligation(
                    incident,
                    ctx,
                    start_pos,
                    _what(last),
                    deadline,
                    None,
                    ended=term.since,
                    note=f"next update re-dated to {term.day} on {format_instant(term.since)},"
                    " after it had passed",
                    redated=True,
                )
                if found is not None:
                    yield found
            deadline, start_pos = moved
        yield from _gap(incident, ctx, step, last, start_pos, deadline, end, end_pos)
        if i < len(later):
            last, last_pos = later[i]


def _terms(
    agreed: list[commitments.Term], last: When, end: When | None, *, final: bool, history: bool
) -> list[tuple[commitments.Term, bool]]:
    """The agreed next-update dates that bear on the gap from `last` to `end`, in order, each
    with whether it re-dates (False: in force from the gap's start).

    Without history only the current value is known, and only for the gap still running. With
    history: the value in force when the gap began, then each value committed during it; a
    record's first committed value counts from the gap's start (it re-dates nothing).
    """
    known = [t for t in agreed if t.since is None]  # no commit says when: today's value
    if not history or known:
        return [(t, False) for t in known or agreed] if final else []
    start = last.utc
    before = [t for t in agreed if t.since is not None and t.since <= start]
    during = [
        t
        for t in agreed
        if t.since is not None and t.since > start and (end is None or t.since < end.utc)
    ]
    return [(t, False) for t in before[-1:]] + [(t, not t.first) for t in during]


def _agreed(incident: Incident, ctx: Context, last: When, day: date) -> tuple[datetime, Pos] | None:
    """The deadline an agreed next-update date sets for the gap after `last`: only a date
    after the day of the last post counts."""
    if day > last.local_day(zone_of(incident, ctx)):
        return day_end(day, ctx), incident.pos("next_update")
    return None


def _what(last: When) -> str:
    return f"the update after {last.text or format_instant(last.utc)}"


def _gap(
    incident: Incident,
    ctx: Context,
    step: timedelta,
    last: When,
    pos: Pos,
    deadline: datetime,
    end: When | None,
    end_pos: Pos,
) -> Iterator[Obligation]:
    """The obligations of one gap between posts: one per interval, until a post meets one."""
    what = _what(last)
    if end is not None and not ctx.keep_history:
        return  # a gap that has ended holds only history
    while True:
        following = deadline + step
        if (end is not None and met(end, following)) or (end is None and following >= ctx.as_of):
            # the post that ends the gap meets this interval, or it is the one still running
            found = _obligation(incident, ctx, end_pos if end else pos, what, deadline, end)
            if found is not None:
                yield found
            return
        found = _obligation(
            incident,
            ctx,
            pos,
            what,
            deadline,
            None,
            ended=following,
            note=f"the next one fell due {format_instant(following)}",
        )
        if found is not None:
            yield found
        deadline = following


def _obligation(
    incident: Incident,
    ctx: Context,
    pos: Pos,
    what: str,
    deadline: datetime,
    fact: When | None,
    *,
    ended: datetime | None = None,
    note: str = "",
    redated: bool = False,
) -> Obligation | None:
    return obligation(
        RULE,
        ctx,
        pos,
        what,
        record=incident.id,
        deadline=deadline,
        fact=fact,
        at=deadline,
        fix=_FIX,
        ended=ended,
        ended_note=note,
        redated=redated,
    )
