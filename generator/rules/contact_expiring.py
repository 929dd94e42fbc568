"""A contact whose `valid_until` date is within 30 days (warning), or past (error).

**What it checks.** A contact that is not `retired` and has `valid_until` (the alias, domain or
mailbox expires then) is reported as a warning from the day that is 30 days (option `days`)
before `valid_until`, counted in days in the policy time zone, and as an error once
`valid_until` has ended (23:59:59 of that day in the policy time zone). A `severity` set in the
policy applies to both. Retiring the contact, or renewing it and moving `valid_until`, ends the
finding.

**Why it matters.** An expired domain or alias bounces reports, or worse, delivers them to
whoever registers the name next.

**Source.** None beyond care: a published contact has to keep working.

**Passing** (as of 2024-05-01, more than 30 days ahead):

```yaml
address: cpr@example-ca.net
purpose: problem-reporting
owners: [{owner: CPR team, from: 2024-01-01}]
valid_until: 2024-06-15
```

**Failing** (as of 2024-06-01 a warning: expires in 14 days; from 2024-06-16 an error):

```yaml
address: cpr@example-ca.net
purpose: problem-reporting
owners: [{owner: CPR team, from: 2024-01-01}]
valid_until: 2024-06-15
```
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta

from generator.diagnostics import Diagnostic
from generator.model import Contact, Ledger
from generator.rules.base import Context, Rule, finding
from generator.rules.clock import day_end, obligation
from generator.rules.contacts import in_use
from generator.rules.obligation import Obligation
from generator.rules.sources import own
from generator.values import format_delay, format_instant

RULE = Rule(
    name="contact-expiring",
    code="LDG116",
    severity="warning",
    source="",
    sources=(
        own(
            "a published contact must keep working",
            "renew or replace a contact before it expires",
            "warning",
        ),
    ),
    doc=__doc__ or "",
    options={"days": 30},
)

_FIX = "renew it and move `valid_until`, or retire the contact and name its `replaced_by`"


def obligations(ledger: Ledger, ctx: Context) -> Iterator[Obligation]:
    """Renew or replace each contact in use by the end of its `valid_until` day (an error once
    it has passed)."""
    for contact in ledger.contacts.values():
        if contact.valid_until is not None and in_use(contact, ctx):
            ends = day_end(contact.valid_until, ctx)
            found = obligation(
                RULE,
                ctx,
                contact.pos("valid_until"),
                f"renewing or replacing contact {contact.id} ({contact.address}) before it expires",
                record=contact.id,
                deadline=ends,
                fact=None,
                at=ends,
                fix=_FIX,
                severity="error",
            )
            if found is not None:
                yield found


def check(ledger: Ledger, ctx: Context) -> Iterator[Diagnostic]:
    """The warning N days (option `days`) before a contact expires."""
    for contact in ledger.contacts.values():
        if contact.valid_until is not None and in_use(contact, ctx):
            found = _soon(contact, contact.valid_until, ctx)
            if found is not None:
                yield found


def _soon(contact: Contact, valid_until: date, ctx: Context) -> Diagnostic | None:
    ends = day_end(valid_until, ctx)
    warn_from = valid_until - timedelta(days=ctx.option(RULE, "days"))
    if ctx.as_of > ends or ctx.day(ctx.as_of) < warn_from:
        return None
    return finding(
        RULE,
        ctx,
        contact.pos("valid_until"),
        f"contact {contact.id} ({contact.address}) expires in {format_delay(ends - ctx.as_of)},"
        f" at {format_instant(ends)}",
        record=contact.id,
        deadline=ends,
        hint=f"{_FIX} (source: {RULE.source})",
    )
