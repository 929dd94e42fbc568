"""A contact not verified within its interval (30 days unless the contact says otherwise).

**What it checks.** A contact in use must be verified — a test message sent and answered, the
CCADB entry checked, recorded under `verifications` — at least once in every interval of 30
days (option `days`; a contact's `verify_every` overrides it).

- **Where the intervals start.** Each owner's period starts its own schedule at that owner's
  `from`: a new owner must verify within the first interval. For a first owner without `from`
  (start unknown), the schedule starts at the contact's first verification. A contact whose
  only owner has no `from` and that has never been verified cannot be scheduled; it is
  reported at once, without a deadline, until either is recorded.
- **Recurring, not sliding.** The due dates are `from + 30 d`, `from + 60 d`, … . A due date
  is met by the first verification after the previous due date (the first one from the
  owner's `from` on). A late verification does not move the schedule: the next due date stays
  where it was. Consecutive due dates missed until the same verification form one finding,
  dated from the first of them.
- A due date ends at 23:59:59 of its day in the policy time zone. An owner's period ends at
  the next owner's `from`; a `retired` contact has no due date on or after its retirement.
- **From the commitment.** Option `since` (a date): the day the organisation committed to
  verifying its contacts. Periods then start no earlier than that day, so no verification is
  due before one interval after it.

**Severity.** A warning by default: no root program sets this interval (the policy can make
it an error).

**Why it matters.** An unverified address fails silently: the seed organisation promised a
monthly verification after its problem-reporting mailbox went unread for two weeks.

**Source.** The organisation's own commitment (the seed incident's remediation: verify
monthly).

**Passing** (as of 2024-03-20: due 2024-03-02 and met on 2024-02-25):

```yaml
address: cpr@example.com
purpose: problem-reporting
owners:
  - {owner: CPR team, from: 2024-02-01}
verifications:
  - {on: 2024-02-25, by: CPR team}
```

**Failing** (as of 2024-03-03T00:00Z: due 2024-03-02, never verified):

```yaml
address: cpr@example.com
purpose: problem-reporting
owners:
  - {owner: CPR team, from: 2024-02-01}
```
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta

from generator.diagnostics import Diagnostic, Pos
from generator.model import Contact, Ledger, Verification
from generator.rules.base import Context, Rule, finding
from generator.rules.clock import day_end, obligation, on_day
from generator.rules.contacts import started
from generator.rules.obligation import Obligation
from generator.rules.sources import own

RULE = Rule(
    name="contact-verification-due",
    code="LDG115",
    severity="error",
    source="",
    sources=(
        own(
            "its remediation: verify each contact monthly",
            "conduct CPR information verification once a month",
            "warning",
        ),
    ),
    doc=__doc__ or "",
    options={"days": 30, "since": None},
)


@dataclass(frozen=True, slots=True)
class _Due:
    opens: date  # a verification on or after this day counts for `day`
    day: date
    anchor: date
    pos: Pos  # the owner entry whose period this is


def _judged(ledger: Ledger, ctx: Context) -> Iterator[Contact]:
    for contact in ledger.contacts.values():
        if not started(contact, ctx) or (contact.retired is not None and not contact.verifications):
            continue  # not started yet, or retired and never verified: nothing to judge
        yield contact


def obligations(ledger: Ledger, ctx: Context) -> Iterator[Obligation]:
    for contact in _judged(ledger, ctx):
        if _schedulable(contact, ctx):
            yield from _missed(contact, ctx)


def check(ledger: Ledger, ctx: Context) -> Iterator[Diagnostic]:
    """A contact that cannot be scheduled has no due date: a plain finding, not an obligation."""
    for contact in _judged(ledger, ctx):
        if not _schedulable(contact, ctx):
            found = _unschedulable(contact, ctx)
            if found is not None:
                yield found


def _schedulable(contact: Contact, ctx: Context) -> bool:
    """Whether due dates can be counted: from an owner's start, a first verification, or the
    day the commitment was made (`since`)."""
    return (
        bool(contact.verifications)
        or any(o.start is not None for o in contact.owners)
        or _committed(ctx) is not None
    )


def _committed(ctx: Context) -> date | None:
    since = ctx.option(RULE, "since")
    return date.fromisoformat(since) if isinstance(since, str) else None


def _unschedulable(contact: Contact, ctx: Context) -> Diagnostic | None:
    return finding(
        RULE,
        ctx,
        contact.pos("owners"),
        f"contact {contact.id} ({contact.address}) has never been verified and its owner has"
        " no `from` date, so no verification interval can be counted",
        record=contact.id,
        hint="verify the contact and record it under `verifications`, or add `from` to the owner"
        f" (source: {RULE.source})",
    )


def _missed(contact: Contact, ctx: Context) -> Iterator[Obligation]:
    """One obligation per due date met on time, one per run of missed due dates ended by the
    same verification (or still open), and the next due date."""
    zone = ctx.policy.timezone
    done = sorted(contact.verifications, key=lambda v: v.on)
    days = [v.on for v in done]
    reported: list[Verification | None] = []
    for due in _schedule(contact, ctx):
        first = bisect_left(days, due.opens)
        met = done[first] if first < len(done) else None
        if reported and reported[-1] is met and (met is None or met.on > due.day):
            continue  # the same run of missed due dates: one obligation, from its first
        if met is None or met.on > due.day:
            reported.append(met)
        deadline = day_end(due.day, ctx)
        found = obligation(
            RULE,
            ctx,
            met.pos if met is not None else _last_pos(done, due),
            f"the verification of contact {contact.id} ({contact.address}, every"
            f" {_every(contact, ctx)} days from {due.anchor})",
            record=contact.id,
            deadline=deadline,
            fact=on_day(met.on, zone) if met is not None else None,
            at=deadline,
            fix="send a test message, check the published entry, and record it under"
            " `verifications`",
        )
        if found is not None:
            yield found


def _schedule(contact: Contact, ctx: Context) -> Iterator[_Due]:
    """Every due date that has passed at as_of, owner period by owner period, and in the
    period still running the first one to come."""
    every = timedelta(days=_every(contact, ctx))
    today = ctx.day(ctx.as_of)
    committed = _committed(ctx)
    for anchor, opens, end, pos in _periods(contact, committed):
        if committed is not None:  # nothing was promised before the commitment
            if end is not None and end <= committed:
                continue
            anchor, opens = max(anchor, committed), max(opens, committed)
        day = anchor + every
        while end is None or day < end:
            yield _Due(opens, day, anchor, pos)
            if day >= today:
                break
            day, opens = day + every, day + timedelta(days=1)


def _periods(
    contact: Contact, committed: date | None
) -> Iterator[tuple[date, date, date | None, Pos]]:
    """(start, first day a verification counts, end or None, owner position) of each owner
    period with a known start. A period started by its first verification needs the next one;
    a first owner with neither starts at the commitment (`since`)."""
    owners = contact.owners
    for i, owner in enumerate(owners):
        anchor, opens = owner.start, owner.start
        if anchor is None and i == 0 and contact.verifications:
            anchor = min(v.on for v in contact.verifications)
            opens = anchor + timedelta(days=1)
        elif anchor is None and i == 0 and committed is not None:
            anchor = opens = committed
        if anchor is None or opens is None:
            continue
        later = [o.start for o in owners[i + 1 :] if o.start is not None]
        end = later[0] if later else contact.retired
        yield anchor, opens, end, owner.pos


def _every(contact: Contact, ctx: Context) -> int:
    return contact.verify_every or int(ctx.option(RULE, "days"))


def _last_pos(done: list[Verification], due: _Due) -> Pos:
    """The last verification before the missed due date, else the owner entry."""
    before = [v for v in done if v.on <= due.day]
    return before[-1].pos if before else due.pos
