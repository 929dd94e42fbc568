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
from datetime import date, datetime, tzinfo

from generator.diagnostics import Diagnostic, Pos
from generator.model import Contact, Incident, Ledger, ProblemReport
from generator.rules.base import Context, Rule, finding
from generator.rules.clock import on_day, zone_of
from generator.values import When

RULE = Rule(
    name="future-date", code="LDG206", severity="error", kind="consistency",
    source="the record format (facts are recorded after they happen)", doc=__doc__ or "",
)

# (what, when, where, record)
_Fact = tuple[str, When, Pos, str]


def check(ledger: Ledger, ctx: Context) -> Iterator[Diagnostic]:
    facts: list[_Fact] = []
    for incident in ledger.incidents.values():
        facts.extend(_incident(incident, ctx))
    for contact in ledger.contacts.values():
        facts.extend(_contact(contact, ctx.policy.timezone))
    for report in ledger.problem_reports.values():
        facts.extend(_report(report))
    for what, when, pos, record in facts:
        if _future(when, ctx.now):
            found = finding(
                RULE, ctx, pos, f"{what} is dated {when.text}, after now ({_now(ctx.now, when)})",
                record=record, hint=f"correct the date (source: {RULE.source})",
            )
            if found is not None:
                yield found


def _future(when: When, now: datetime) -> bool:
    if when.day is not None:
        return when.day > now.astimezone(when.zone).date()
    return when.utc > now


def _now(now: datetime, when: When) -> str:
    local = now.astimezone(when.zone)
    return local.date().isoformat() if when.day is not None else local.isoformat(timespec="minutes")


def _incident(incident: Incident, ctx: Context) -> Iterator[_Fact]:
    zone, name = zone_of(incident, ctx), incident.id
    yield f"{name}: opened", incident.opened, incident.pos("opened"), name
    if incident.aware is not None:
        yield f"{name}: aware", incident.aware, incident.pos("aware"), name
    if incident.closed is not None:
        yield f"{name}: closed", on_day(incident.closed, zone), incident.pos("closed"), name
    for event in incident.timeline:
        yield f"{name}: a timeline event", event.at, event.pos, name
    for report in incident.reports:
        yield f"{name}: the {report.kind} report", report.at, report.pos, name
    for update in incident.updates:
        yield f"{name}: an update", update.at, update.pos, name
    for q in incident.questions:
        yield f"{name}: question {q.id!r} (asked)", q.asked, q.pos, name
        if q.answered is not None:
            yield f"{name}: question {q.id!r} (answered)", q.answered, q.pos, name
    for promise in incident.promises:
        if promise.kept is not None:
            yield f"{name}: promise {promise.what!r} (kept)", promise.kept, promise.pos, name
    yield from _completions(incident, zone)
    if incident.closure is not None:
        yield f"{name}: the closure summary", incident.closure.posted, incident.closure.pos, name


def _completions(incident: Incident, zone: tzinfo) -> Iterator[_Fact]:
    for item in incident.action_items:
        if item.completed is not None:
            yield (f"{incident.id}: action item {item.id!r} (completed)",
                   on_day(item.completed, zone), item.positions.get("completed", item.pos),
                   incident.id)


def _contact(contact: Contact, zone: tzinfo) -> Iterator[_Fact]:
    days: list[tuple[str, date, Pos]] = [
        ("a verification", v.on, v.pos) for v in contact.verifications]
    days += [(f"the registry update for owner {o.owner!r}", o.registry_updated, o.pos)
             for o in contact.owners if o.registry_updated is not None]
    for what, day, pos in days:
        yield f"contact {contact.id}: {what}", on_day(day, zone), pos, contact.id


def _report(report: ProblemReport) -> Iterator[_Fact]:
    for key in ("received", "acknowledged", "preliminary_report", "revoked", "cleared"):
        fact: When | None = getattr(report, key)
        if fact is not None:
            yield f"problem report {report.id}: {key}", fact, report.pos(key), report.id
