"""Clocks and deadlines as rules.md defines them, shared by the deadline rules.

A clock that starts at a date-only value starts at 00:00 of that day in the record's zone
(`When.utc` already is that instant); a deadline written as a date ends at 23:59:59 of that
day in the policy zone; a date compared with an instant compares days in the date's zone, so
a fact dated the deadline's own day is on time.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, timedelta, tzinfo

from generator.diagnostics import Pos
from generator.model import Incident
from generator.rules.base import Context, Rule
from generator.rules.obligation import Obligation
from generator.rules.sources import CLOSURE_ENDS_UPDATES
from generator.values import When, end_of_day, format_instant, start_of_day


def day_end(day: date, ctx: Context) -> datetime:
    """When a deadline written as a date ends: 23:59:59 in the policy zone."""
    return end_of_day(day, ctx.policy.timezone)


def due(when: When, ctx: Context) -> datetime:
    """The instant a `when` deadline ends: a date ends at 23:59:59 in the policy zone."""
    return day_end(when.day, ctx) if when.day is not None else when.utc


def on_day(day: date, zone: tzinfo) -> When:
    """A plain date field (`completed`, `closed`) as a day-precision `When` in `zone`."""
    return When(start_of_day(day, zone), zone, day, day.isoformat())


def zone_of(incident: Incident, ctx: Context) -> tzinfo:
    return incident.timezone or ctx.policy.timezone


def closure_summary(incident: Incident) -> When | None:
    """When the closure summary was first posted (a `closure` report or `closure.posted`)."""
    posted = [r.at for r in incident.reports if r.kind == "closure"]
    if incident.closure is not None:
        posted.append(incident.closure.posted)
    return min(posted, key=lambda w: w.utc, default=None)


def update_stop(incident: Incident, ctx: Context) -> When | None:
    """When the update clocks stop: the incident is closed, or, from CCADB IRG v3.1
    (2025-07-15), its closure summary is posted and no question follows it."""
    stops = []
    summary = closure_summary(incident)
    if (
        summary is not None
        and ctx.day(summary.utc) >= CLOSURE_ENDS_UPDATES
        and not questions_after(incident, summary)
    ):
        stops.append(summary)
    if incident.closed is not None:
        stops.append(on_day(incident.closed, zone_of(incident, ctx)))
    return min(stops, key=lambda w: w.utc, default=None)


def questions_after(incident: Incident, moment: When) -> list[When]:
    """When questions were asked after `moment` (they restart the update obligation)."""
    return sorted((q.asked for q in incident.questions if q.asked.utc > moment.utc), key=_utc)


def _utc(when: When) -> datetime:
    return when.utc


def met(fact: When, deadline: datetime) -> bool:
    """Whether `fact` happened by `deadline`; a date counts as on time on the deadline's day."""
    if fact.day is not None:
        return fact.day <= deadline.astimezone(fact.zone).date()
    return fact.utc <= deadline


def not_before(fact: When, start: When) -> bool:
    """Whether `fact` happened at or after `start` (the same day is not "before")."""
    if fact.day is not None or start.day is not None:
        zone = fact.zone if fact.day is not None else start.zone
        return fact.local_day(zone) >= start.local_day(zone)
    return fact.utc >= start.utc


def first_after(facts: Iterable[When], start: When) -> When | None:
    """The earliest fact at or after `start`, in instant order (ties: the first written)."""
    best: When | None = None
    for fact in facts:
        if not_before(fact, start) and (best is None or fact.utc < best.utc):
            best = fact
    return best


def obligation(
    rule: Rule,
    ctx: Context,
    pos: Pos,
    what: str,
    *,
    record: str,
    deadline: datetime,
    fact: When | None,
    at: datetime,
    fix: str,
    item: str | None = None,
    severity: str | None = None,
    owner: str = "",
    starts: datetime | None = None,
    ended: datetime | None = None,
    ended_note: str = "",
    redated: bool = False,
) -> Obligation | None:
    """The obligation to do `what` by `deadline`, met by `fact` (None: not met at as-of).

    None when the policy turns the rule off or the rule does not apply to the event at `at`;
    with `ctx.keep_history` False (a plain CI check), also for whatever cannot be an open
    finding (met, missed, not yet due), so that check builds only what it reports.
    `ended` marks an obligation that stopped being owed unmet (the next interval began, or it
    was re-dated after it had passed); `ended_note` says how, for its history entry.
    """
    if not ctx.keep_history and (
        fact is not None or deadline >= ctx.as_of or (ended is not None and ended <= ctx.as_of)
    ):
        return None  # cannot be an open finding: the cheap test first, most obligations end here
    applies, setting, cite = ctx.verdict(rule, at)
    if not applies:
        return None
    if severity is not None and ctx.policy.option(rule.name, "severity", None) is None:
        setting = severity  # type: ignore[assignment]
    if setting == "off":
        return None
    on_time = fact is not None and met(fact, deadline)
    # a day-precision fact counts from the start of its day: the least delay the record proves
    done = None if fact is None else (fact.utc if on_time else max(fact.utc, deadline))
    return Obligation(
        rule=rule.name,
        code=rule.code,
        record=record,
        pos=pos,
        item=item,
        what=what,
        due=deadline,
        starts=starts if starts is not None else (at if at < deadline else None),
        met=done,
        met_text=(fact.text or format_instant(fact.utc)) if fact is not None else "",
        on_time=on_time,
        ended=ended,
        ended_note=ended_note,
        severity=setting,
        source=cite,
        fix=fix,
        owner=owner,
        redated=redated,
    )


def days(ctx: Context, rule: Rule, name: str = "days") -> timedelta:
    return timedelta(days=float(ctx.option(rule, name)))
