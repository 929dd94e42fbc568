"""A contact in use with no current owner.

**What it checks.** The `owners` list of a contact that is not `retired` must end with an entry
without `until`: the current owner. The rule fires the day after the last owner's `until`
when nobody took over; a `retired` contact needs no owner. `until` is the owner's last day:
a next owner whose `from` is that day or the day after leaves no gap. A later `from` leaves
days in which nobody owned the contact; they are listed in `--history` with their length.

**Why it matters.** A mailbox nobody owns is a mailbox nobody reads: the seed incident began
when the administrator of the registered problem-reporting address changed and no one took
over the reading.

**Source.** TLS BR §4.9.3: "a continuous 24x7 ability to accept and respond to revocation
requests and Certificate Problem Reports" (someone must read the problem-reporting address);
CCADB Policy §2: the contact details in CCADB are kept up to date (from v1.2, 2023-02-15).

**Passing** (a handover on the same day):

```yaml
address: cpr@example.com
purpose: problem-reporting
owners:
  - {owner: Alice, from: 2024-01-01, until: 2024-02-01}
  - {owner: CPR team, from: 2024-02-01}
```

**Failing** (from 2024-02-02 nobody owns it):

```yaml
address: cpr@example.com
purpose: problem-reporting
owners:
  - {owner: Alice, from: 2024-01-01, until: 2024-02-01}
```
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

from generator.model import Contact, Ledger, Ownership
from generator.rules.base import Context, Rule
from generator.rules.clock import day_end, obligation, on_day
from generator.rules.contacts import started
from generator.rules.obligation import Obligation
from generator.rules.sources import CONTACTS_MAINTAINED, PROBLEM_REPORTING

RULE = Rule(
    name="contact-unowned",
    code="LDG113",
    severity="error",
    source="",
    sources=(PROBLEM_REPORTING, CONTACTS_MAINTAINED),
    doc=__doc__ or "",
)

_FIX = "add an `owners` entry without `until` for whoever reads and answers this contact now"


def obligations(ledger: Ledger, ctx: Context) -> Iterator[Obligation]:
    for contact in ledger.contacts.values():
        if started(contact, ctx):
            yield from _gaps(contact, ctx)


def _gaps(contact: Contact, ctx: Context) -> Iterator[Obligation]:
    """One finding per period without an owner: between two entries, or after the last."""
    zone = ctx.policy.timezone
    owners = contact.owners
    following: list[Ownership | None] = [*owners[1:], None]
    for owner, successor in zip(owners, following, strict=True):
        if owner.until is None or (successor is None and contact.retired is not None):
            continue  # a retired contact is not in use: it needs no owner any more
        start = successor.start if successor is not None else None
        if successor is not None and (start is None or start <= owner.until + timedelta(days=1)):
            continue  # handed over on the day (or the next): no day without an owner
        deadline = day_end(owner.until, ctx)
        found = obligation(
            RULE,
            ctx,
            successor.pos if successor is not None else owner.pos,
            f"a new owner for contact {contact.id} ({contact.address}) after {owner.owner}",
            record=contact.id,
            deadline=deadline,
            fact=on_day(start, zone) if start is not None else None,
            at=deadline,
            fix=_FIX,
        )
        if found is not None:
            yield found
