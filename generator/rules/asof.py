"""The as-of view: the ledger as it stood at an instant, for the deadline rules.

At `as_of`, only facts dated at or before it have happened: an incident opened later (and
not known earlier through `aware`), or a problem report received later, does not exist yet. A report, update, answer,
completion, kept promise, closure, ownership change, verification, registry update,
preliminary report, revocation or clearing dated later is taken out (or reset), an action
item completed later is still `ongoing`, and an incident closed later is still `open`. A
date-only fact has happened once its day has begun in its zone (the same day is not after).
Records are copied only when something in them lies after `as_of`, so a check "as of now"
costs one pass over the facts.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, tzinfo

from generator.model import PROBLEM_REPORT_FACTS, Contact, Incident, Ledger, ProblemReport
from generator.values import When


class Clock:
    """Answers "had this happened at as_of?" with the as-of day cached per zone.

    A date-only fact has happened once its day has begun in its zone; future-date asks the
    same question of the real clock.
    """

    def __init__(self, as_of: datetime) -> None:
        self.as_of = as_of.astimezone(UTC)
        self._days: dict[tzinfo, date] = {}

    def day(self, zone: tzinfo) -> date:
        found = self._days.get(zone)
        if found is None:
            found = self._days[zone] = self.as_of.astimezone(zone).date()
        return found

    def when(self, fact: When | None) -> bool:
        if fact is None:
            return True
        if fact.day is not None:
            return fact.day <= self.day(fact.zone)
        return fact.utc <= self.as_of

    def on(self, day: date | None, zone: tzinfo) -> bool:
        return day is None or day <= self.day(zone)


def view(ledger: Ledger, as_of: datetime) -> Ledger:
    """`ledger` as it stood at `as_of` (the same objects where nothing lies after it)."""
    clock = Clock(as_of)
    zone = ledger.policy.timezone
    return replace(
        ledger,
        incidents={
            k: _incident(v, clock, zone)
            for k, v in ledger.incidents.items()
            if clock.when(v.opened) or (v.aware is not None and clock.when(v.aware))
        },
        contacts={k: _contact(v, clock, zone) for k, v in ledger.contacts.items()},
        problem_reports={
            k: _problem_report(v, clock)
            for k, v in ledger.problem_reports.items()
            if clock.when(v.received)
        },
    )


def _incident(incident: Incident, clock: Clock, policy_zone: tzinfo) -> Incident:
    if incident.latest is not None and incident.latest <= clock.as_of:
        return incident  # nothing in it lies after as_of
    zone = incident.timezone or policy_zone
    changes: dict[str, object] = {}
    if incident.closed is not None and not clock.on(incident.closed, zone):
        changes.update(status="open", resolution=None, closed=None)
    if incident.closure is not None and not clock.when(incident.closure.posted):
        changes["closure"] = None
    for key in ("timeline", "reports", "updates", "notifications"):
        items = getattr(incident, key)
        kept = tuple(item for item in items if clock.when(item.at))
        if len(kept) != len(items):
            changes[key] = kept
    related = tuple(r for r in incident.related if clock.when(r.opened))
    if len(related) != len(incident.related):
        changes["related"] = related
    questions = tuple(
        q if clock.when(q.answered) else replace(q, answered=None)
        for q in incident.questions
        if clock.when(q.asked)
    )
    if questions != incident.questions:
        changes["questions"] = questions
    promises = tuple(p if clock.when(p.kept) else replace(p, kept=None) for p in incident.promises)
    if promises != incident.promises:
        changes["promises"] = promises
    items = tuple(
        a if clock.on(a.completed, zone) else replace(a, status="ongoing", completed=None)
        for a in incident.action_items
    )
    if items != incident.action_items:
        changes["action_items"] = items
    return replace(incident, **changes) if changes else incident  # type: ignore[arg-type]


def _contact(contact: Contact, clock: Clock, zone: tzinfo) -> Contact:
    changes: dict[str, object] = {}
    owners = tuple(
        o
        if clock.on(o.until, zone) and clock.on(o.registry_updated, zone)
        else replace(
            o,
            until=o.until if clock.on(o.until, zone) else None,
            registry_updated=o.registry_updated if clock.on(o.registry_updated, zone) else None,
        )
        for i, o in enumerate(contact.owners)
        if i == 0 or clock.on(o.start, zone)
    )
    if owners != contact.owners:
        changes["owners"] = owners
    verifications = tuple(v for v in contact.verifications if clock.on(v.on, zone))
    if len(verifications) != len(contact.verifications):
        changes["verifications"] = verifications
    if not clock.on(contact.retired, zone):
        changes.update(retired=None, replaced_by=None)
    return replace(contact, **changes) if changes else contact  # type: ignore[arg-type]


def _problem_report(report: ProblemReport, clock: Clock) -> ProblemReport:
    changes = {key: None for key in PROBLEM_REPORT_FACTS if not clock.when(getattr(report, key))}
    return replace(report, **changes) if changes else report  # type: ignore[arg-type]
