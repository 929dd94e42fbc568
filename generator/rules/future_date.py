"""A fact dated after the moment the check runs.

**What it checks.** Something recorded as having happened cannot lie in the future. The rule
compares with the real clock (`now`), not with `--as-of`, which may lie in the past; it
reports:

- in incidents: `opened`, `aware`, `closed`, timeline events, `reports`, `updates`, a question's
  `asked` and `answered`, a promise's `kept`, an action item's `completed`, the closure
  summary's `posted`;
- in contacts: `verifications` (`on`) and an owner's `registry_updated`;
- in problem reports: `received`, `acknowledged`, `preliminary_report`, `revoked`, `cleared`.

Dates that are plans stay free to lie ahead: `due`, `next_update`, `close_on`, `valid_until`,
`retired`, an owner's `from` and `until`, a revocation `eta`. A date-only value is in the future
once its day has not begun yet in the record's `timezone` (else the policy time zone): today is
never in the future.

**Why it matters.** A future date is a typo (2025 for 2024) or a claim written before the fact;
either way every deadline computed from it is wrong, and the as-of view would hide it.

**Source.** The record format (facts are recorded after they happen).

**Passing** (checked on 2024-03-20):

```yaml
updates:
  - {at: "2024-03-19T16:30+08:00", text: We replied to the reporter.}
```

**Failing** (checked on 2024-03-20, the update is dated a year ahead):

```yaml
updates:
  - {at: "2025-03-19T16:30+08:00", text: We replied to the reporter.}
```
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, tzinfo

from generator.diagnostics import Diagnostic, Pos
from generator.model import PROBLEM_REPORT_FACTS, Contact, Incident, Ledger, ProblemReport
from generator.rules.asof import Clock
from generator.rules.base import Context, Rule, finding
from generator.rules.clock import on_day, zone_of
from generator.values import When

RULE = Rule(
    name="future-date",
    code="LDG206",
    severity="error",
    kind="consistency",
    source="the record format (facts are recorded after they happen)",
    doc=__doc__ or "",
)

# (when, where, record, what): only facts dated after now are collected, and `what` is
# formatted only for them, since a large ledger holds hundreds of thousands of facts.
_Fact = tuple[When, Pos, str, tuple[str, ...]]


def check(ledger: Ledger, ctx: Context) -> Iterator[Diagnostic]:
    clock = Clock(ctx.now)
    facts: list[_Fact] = []
    for incident in ledger.incidents.values():
        facts.extend(_incident(incident, ctx, clock))
    for contact in ledger.contacts.values():
        facts.extend(_contact(contact, ctx.policy.timezone, clock))
    for report in ledger.problem_reports.values():
        facts.extend(_report(report, clock))
    for when, pos, record, what in facts:
        message = f"{_what(what)} is dated {when.text}, after now ({_now(ctx.now, when)})"
        found = finding(
            RULE, ctx, pos, message, record=record, hint=f"correct the date (source: {RULE.source})"
        )
        if found is not None:
            yield found


def _what(parts: tuple[str, ...]) -> str:
    record, kind, *rest = parts
    if kind == "question":
        return f"{record}: question {rest[0]!r} ({rest[1]})"
    if kind == "promise":
        return f"{record}: promise {rest[0]!r} (kept)"
    if kind == "action item":
        return f"{record}: action item {rest[0]!r} (completed)"
    if kind == "report":
        return f"{record}: the {rest[0]} report"
    return f"{record}: {kind}"


def _now(now: datetime, when: When) -> str:
    local = now.astimezone(when.zone)
    return local.date().isoformat() if when.day is not None else local.isoformat(timespec="minutes")


def _incident(incident: Incident, ctx: Context, clock: Clock) -> Iterator[_Fact]:
    name, happened = incident.id, clock.when
    for key in ("opened", "aware"):
        when: When | None = getattr(incident, key)
        if when is not None and not happened(when):
            yield when, incident.pos(key), name, (name, key)
    zone = zone_of(incident, ctx)
    if incident.closed is not None and not clock.on(incident.closed, zone):
        yield on_day(incident.closed, zone), incident.pos("closed"), name, (name, "closed")
    for event in incident.timeline:
        if not happened(event.at):
            yield event.at, event.pos, name, (name, "a timeline event")
    for report in incident.reports:
        if not happened(report.at):
            yield report.at, report.pos, name, (name, "report", report.kind)
    for update in incident.updates:
        if not happened(update.at):
            yield update.at, update.pos, name, (name, "an update")
    for q in incident.questions:
        if not happened(q.asked):
            yield q.asked, q.pos, name, (name, "question", q.id, "asked")
        if q.answered is not None and not happened(q.answered):
            yield q.answered, q.pos, name, (name, "question", q.id, "answered")
    for promise in incident.promises:
        if promise.kept is not None and not happened(promise.kept):
            yield promise.kept, promise.pos, name, (name, "promise", promise.what)
    for item in incident.action_items:
        if item.completed is not None and not clock.on(item.completed, zone):
            yield (
                on_day(item.completed, zone),
                item.positions.get("completed", item.pos),
                name,
                (name, "action item", item.id),
            )
    if incident.closure is not None and not happened(incident.closure.posted):
        yield incident.closure.posted, incident.closure.pos, name, (name, "the closure summary")


def _contact(contact: Contact, zone: tzinfo, clock: Clock) -> Iterator[_Fact]:
    record = f"contact {contact.id}"
    for v in contact.verifications:
        if not clock.on(v.on, zone):
            yield on_day(v.on, zone), v.pos, contact.id, (record, "a verification")
    for o in contact.owners:
        if o.registry_updated is not None and not clock.on(o.registry_updated, zone):
            yield (
                on_day(o.registry_updated, zone),
                o.pos,
                contact.id,
                (record, f"the registry update for owner {o.owner!r}"),
            )


def _report(report: ProblemReport, clock: Clock) -> Iterator[_Fact]:
    for key in ("received", *PROBLEM_REPORT_FACTS):
        fact: When | None = getattr(report, key)
        if fact is not None and not clock.when(fact):
            yield fact, report.pos(key), report.id, (f"problem report {report.id}", key)
