"""A date before the one it depends on.

**What it checks.** Pairs of dates whose order is fixed by their meaning:

- an incident `closed` before it was `opened`;
- an action item `completed` before the incident was `opened`;
- a question `answered` before it was `asked`;
- a contact owner's `until` before its `from`;
- a problem report `acknowledged`, `preliminary_report`, `revoked` or `cleared` before it was
  `received` (added by this project: each answers the report, so none can precede it).

A date-only value is compared as a day, in the record's `timezone` (else the policy time
zone): the same day is never "before". The finding points at the later field of the pair.
Consistency rules see the whole ledger, whatever the `--as-of`.

**Why it matters.** Such a pair is almost always a typo, and it silently changes every deadline
computed from these dates.

**Source.** The record format (the meaning of each field).

**Passing:**

```yaml
opened: "2024-03-29T10:00+08:00"
closed: 2025-04-02
```

**Failing** (closed a year before it was opened):

```yaml
opened: "2024-03-29T10:00+08:00"
closed: 2023-04-02
```
"""

from __future__ import annotations

from collections.abc import Iterator

from generator.diagnostics import Diagnostic, Pos
from generator.model import PROBLEM_REPORT_FACTS, Contact, Incident, Ledger, ProblemReport
from generator.rules.base import Context, Rule, finding
from generator.rules.clock import not_before, on_day, zone_of
from generator.values import When

RULE = Rule(
    name="date-order",
    code="LDG204",
    severity="error",
    kind="consistency",
    source="the record format (the meaning of each field)",
    doc=__doc__ or "",
)

# (pos of the later field, what it says, record id)
_Problem = tuple[Pos, str, str]


def check(ledger: Ledger, ctx: Context) -> Iterator[Diagnostic]:
    problems: list[_Problem] = []
    for incident in ledger.incidents.values():
        problems.extend(_incident(incident, ctx))
    for contact in ledger.contacts.values():
        problems.extend(_contact(contact))
    for report in ledger.problem_reports.values():
        problems.extend(_report(report))
    for pos, message, record in problems:
        found = finding(
            RULE,
            ctx,
            pos,
            message,
            record=record,
            hint=f"correct the earlier or the later date (source: {RULE.source})",
        )
        if found is not None:
            yield found


def _before(later: When, earlier: When) -> bool:
    return not not_before(later, earlier)


def _incident(incident: Incident, ctx: Context) -> Iterator[_Problem]:
    zone, opened = zone_of(incident, ctx), incident.opened
    name = incident.id
    if incident.closed is not None and _before(on_day(incident.closed, zone), opened):
        yield (
            incident.pos("closed"),
            f"{name} is closed on {incident.closed}, before it was opened ({opened.text})",
            name,
        )
    for item in incident.action_items:
        if item.completed is not None and _before(on_day(item.completed, zone), opened):
            yield (
                item.positions.get("completed", item.pos),
                f"action item {item.id!r} of {name}"
                f" was completed on {item.completed}, before the incident was opened"
                f" ({opened.text})",
                name,
            )
    for question in incident.questions:
        if question.answered is not None and _before(question.answered, question.asked):
            yield (
                question.pos,
                f"question {question.id!r} of {name} was answered"
                f" ({question.answered.text}) before it was asked ({question.asked.text})",
                name,
            )


def _contact(contact: Contact) -> Iterator[_Problem]:
    for owner in contact.owners:
        if owner.start is not None and owner.until is not None and owner.until < owner.start:
            yield (
                owner.pos,
                f"owner {owner.owner!r} of contact {contact.id} hands over on"
                f" {owner.until}, before taking over on {owner.start}",
                contact.id,
            )


def _report(report: ProblemReport) -> Iterator[_Problem]:
    for key in PROBLEM_REPORT_FACTS:
        fact: When | None = getattr(report, key)
        if fact is not None and _before(fact, report.received):
            yield (
                report.pos(key),
                f"problem report {report.id} has `{key}` {fact.text}, before"
                f" it was received ({report.received.text})",
                report.id,
            )
