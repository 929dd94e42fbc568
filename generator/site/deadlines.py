"""Every deadline the records imply, derived (never typed in): for calendars and "upcoming".

The rules engine decides what is *late*; this module lists what is *due*, with each rule's
options read from the rule itself (a policy's options override them), so that the dashboard
can show what falls due next and the calendar can carry every date an owner must meet.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from generator.model import Contact, Incident, Ledger, Policy, ProblemReport
from generator.rules import REGISTRY
from generator.values import When, end_of_day, start_of_day


@dataclass(frozen=True, slots=True)
class Deadline:
    due: datetime
    what: str
    rule: str
    kind: str  # incident | contact | problem-report
    record: str
    path: str
    owner: str
    item: str = ""
    met: datetime | None = None
    start: datetime | None = None  # the fact that started the clock; None: always there

    @property
    def uid(self) -> str:
        return f"{self.kind}/{self.record}/{self.rule}/{self.item or '-'}"


def _opt(policy: Policy, rule: str, name: str) -> int:
    """The rule's option as the policy sets it, else the rule's own default (one source)."""
    return int(policy.option(rule, name, REGISTRY[rule].RULE.options[name]))


def _known(moment: datetime | None, as_of: datetime) -> datetime | None:
    """A fact dated after the as-of instant has not happened yet."""
    return moment if moment is not None and moment <= as_of else None


def _first(whens: list[When], as_of: datetime) -> datetime | None:
    known = sorted(w.utc for w in whens if w.utc <= as_of)
    return known[0] if known else None


def _due(value: When, policy: Policy) -> datetime:
    return value.end_of_day(policy.timezone) if value.is_day else value.utc


def derive(ledger: Ledger, as_of: datetime) -> list[Deadline]:
    """All deadlines, sorted by due instant then record: met ones carry `met`."""
    out: list[Deadline] = []
    for incident in ledger.incidents.values():
        out.extend(_incident(incident, ledger.policy, as_of))
    for contact in ledger.contacts.values():
        out.extend(_contact(contact, ledger.policy, as_of))
    for report in ledger.problem_reports.values():
        out.extend(_problem_report(report, ledger.policy, as_of))
    # a clock started by a fact dated after the as-of instant has not started yet
    out = [d for d in out if d.start is None or d.start <= as_of]
    return sorted(out, key=lambda d: (d.due, d.kind, d.record, d.rule, d.item))


def _incident(inc: Incident, policy: Policy, as_of: datetime) -> Iterator[Deadline]:
    tz = policy.timezone

    def make(
        due: datetime,
        what: str,
        rule: str,
        met: datetime | None,
        item: str = "",
        owner: str | None = None,
        start: datetime | None = None,
    ) -> Deadline:
        return Deadline(
            due,
            what,
            rule,
            "incident",
            inc.id,
            inc.path,
            owner or inc.owner,
            item,
            met,
            start or inc.opened.utc,
        )

    for ai in inc.action_items:
        done = end_of_day(ai.completed, tz) if ai.completed else None
        met = (
            _known(done, as_of)
            if ai.status == "complete"
            else (as_of if ai.status == "canceled" else None)
        )
        yield make(
            end_of_day(ai.due, tz),
            f"Action item {ai.id}: {ai.action}",
            "action-item-overdue",
            met,
            ai.id,
            ai.owner,
        )
    for number, promise in enumerate(inc.promises, 1):
        yield make(
            _due(promise.due, policy),
            f"Promise: {promise.what}",
            "promise-overdue",
            _known(promise.kept.utc if promise.kept else None, as_of),
            f"promise-{number}",
        )
    for q in inc.questions:
        due = q.asked.utc + timedelta(days=_opt(policy, "question-unanswered", "days"))
        yield make(
            due,
            f"Answer question {q.id}",
            "question-unanswered",
            _known(q.answered.utc if q.answered else None, as_of),
            q.id,
            start=q.asked.utc,
        )
    full = [r.at for r in inc.reports if r.kind == "full"]
    yield make(
        inc.opened.utc + timedelta(days=_opt(policy, "full-report-overdue", "days")),
        "Full incident report",
        "full-report-overdue",
        _first(full, as_of),
    )
    if inc.aware is not None:
        yield make(
            inc.aware.utc + timedelta(hours=_opt(policy, "initial-report-overdue", "hours")),
            "Initial incident report",
            "initial-report-overdue",
            _first([r.at for r in inc.reports], as_of),
            start=inc.aware.utc,
        )
    update = _next_update(inc, policy, as_of)
    if update is not None:
        yield make(update, "Next status update", "update-overdue", None)


def _next_update(inc: Incident, policy: Policy, as_of: datetime) -> datetime | None:
    """The update the incident owes at the as-of instant, while it is open then."""
    closed = inc.closure is not None and inc.closure.posted.utc <= as_of
    if closed or inc.opened.utc > as_of:
        return None
    posted = [u.at.utc for u in inc.updates] + [r.at.utc for r in inc.reports] + [inc.opened.utc]
    last = max(p for p in posted if p <= as_of)
    if inc.next_update is not None and end_of_day(inc.next_update, policy.timezone) > last:
        return end_of_day(inc.next_update, policy.timezone)
    return last + timedelta(days=_opt(policy, "update-overdue", "days"))


def _contact(contact: Contact, policy: Policy, as_of: datetime) -> Iterator[Deadline]:
    if contact.retired is not None and contact.retired <= as_of.date():
        return
    tz = policy.timezone
    current = next((o.owner for o in contact.owners if o.until is None), contact.owners[-1].owner)

    def make(
        due: datetime,
        what: str,
        rule: str,
        met: datetime | None,
        item: str = "",
        start: datetime | None = None,
    ) -> Deadline:
        return Deadline(
            due, what, rule, "contact", contact.id, contact.path, current, item, met, start
        )

    if contact.disclosed_in:
        for change in contact.owners[1:]:
            if change.start is None:
                continue
            met = end_of_day(change.registry_updated, tz) if change.registry_updated else None
            yield make(
                end_of_day(
                    change.start + timedelta(days=_opt(policy, "contact-registry-stale", "days")),
                    tz,
                ),
                f"Update the registries for the new owner {change.owner}",
                "contact-registry-stale",
                _known(met, as_of),
                f"owner-{change.start.isoformat()}",
                start_of_day(change.start, tz),
            )
    every = contact.verify_every or _opt(policy, "contact-verification-due", "days")
    yield make(
        end_of_day(_verification_base(contact, as_of) + timedelta(days=every), tz),
        f"Verify {contact.address}",
        "contact-verification-due",
        None,
    )
    if contact.valid_until is not None:
        yield make(
            end_of_day(contact.valid_until, tz),
            f"{contact.address} expires",
            "contact-expiring",
            None,
        )


def _verification_base(contact: Contact, as_of: datetime) -> date:
    done = [v.on for v in contact.verifications if v.on <= as_of.date()]
    starts = [o.start for o in contact.owners if o.start is not None]
    return max(done) if done else (min(starts) if starts else as_of.date())


def _problem_report(report: ProblemReport, policy: Policy, as_of: datetime) -> Iterator[Deadline]:
    owner = report.channel

    def make(due: datetime, what: str, rule: str, met: datetime | None) -> Deadline:
        return Deadline(
            due,
            what,
            rule,
            "problem-report",
            report.id,
            report.path,
            owner,
            "",
            met,
            report.received.utc,
        )

    hours = _opt(policy, "cpr-preliminary-overdue", "hours")
    yield make(
        report.received.utc + timedelta(hours=hours),
        "Preliminary report to the reporter",
        "cpr-preliminary-overdue",
        _known(report.preliminary_report.utc if report.preliminary_report else None, as_of),
    )
    if report.reason != "not-applicable":
        window = (
            timedelta(hours=_opt(policy, "cpr-revocation-overdue", "hours"))
            if report.reason == "key-compromise"
            else timedelta(days=_opt(policy, "cpr-revocation-overdue", "days"))
        )
        done = [w.utc for w in (report.revoked, report.cleared) if w is not None and w.utc <= as_of]
        yield make(
            report.received.utc + window,
            "Revoke, or clear with a reason",
            "cpr-revocation-overdue",
            min(done) if done else None,
        )


def upcoming(deadlines: list[Deadline], as_of: datetime) -> list[Deadline]:
    return [d for d in deadlines if d.met is None and d.due > as_of]
