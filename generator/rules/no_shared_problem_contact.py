"""The ledger has contacts, but no shared problem-reporting address in use.

**What it checks.** As soon as `ledger/contacts/` holds a contact, at least one contact with
`purpose: problem-reporting` or `purpose: ca-email-alias` must be shared (`personal` false or
left out) and not `retired`. The finding points at the candidate that fails (the `retired` or
`personal` line), else at the first contact's `purpose`. Its deadline is the end of the day the
last shared address was retired, or, when there never was one, the end of the first day the
ledger records an owner for any contact (no deadline when no `from` is known). Only the
current gap is reported; past gaps are not listed in `--history`.

**Why it matters.** A problem report sent to one person's mailbox is lost when that person is
away or leaves; the seed incident's reporter only got an answer by writing to the personal
contacts after the shared one went unread.

**Source.** CCADB Policy §2 "Contact Information Disclosures" (from v1.2, 2023-02-15): "at
least one non-personal contact email alias that is more likely to continue working as
personnel change".

**Passing:**

```yaml
# ledger/contacts/cpr.yaml
address: cpr@example.com
purpose: problem-reporting
owners: [{owner: CPR team, from: 2024-01-01}]
```

**Failing** (the only problem-reporting contact is personal):

```yaml
# ledger/contacts/alice.yaml
address: alice@example.com
purpose: problem-reporting
personal: true
owners: [{owner: Alice, from: 2024-01-01}]
```
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

from generator.diagnostics import Diagnostic
from generator.model import Contact, Ledger
from generator.rules.base import Context, Rule, finding
from generator.rules.clock import day_end
from generator.rules.contacts import started
from generator.rules.sources import ALIAS
from generator.values import format_delay, format_instant

RULE = Rule(
    name="no-shared-problem-contact",
    code="LDG117",
    severity="error",
    source="",
    doc=__doc__ or "",
    sources=(ALIAS,),
)

_PURPOSES = ("problem-reporting", "ca-email-alias")


def check(ledger: Ledger, ctx: Context) -> Iterator[Diagnostic]:
    contacts = [c for c in ledger.contacts.values() if started(c, ctx)]
    if not contacts or any(_shared(c) and c.retired is None for c in contacts):
        return
    deadline = _since(contacts, ctx)
    if deadline is not None and ctx.as_of <= deadline:
        return
    since = (
        ""
        if deadline is None
        else f": {format_delay(ctx.as_of - deadline)} since {format_instant(deadline)}"
    )
    contact, field = _pointer(contacts)
    found = finding(
        RULE,
        ctx,
        contact.pos(field),
        f"no shared problem-reporting contact is in use (purpose problem-reporting or"
        f" ca-email-alias, not personal, not retired){since}",
        record=contact.id,
        deadline=deadline,
        hint="add a shared alias for problem reports to ledger/contacts/ and to CCADB"
        f" (source: {RULE.source})",
    )
    if found is not None:
        yield found


def _shared(contact: Contact) -> bool:
    return contact.purpose in _PURPOSES and not contact.personal


def _since(contacts: list[Contact], ctx: Context) -> datetime | None:
    """Since when the ledger has been without a shared address (None: unknown)."""
    retired = [c.retired for c in contacts if _shared(c) and c.retired is not None]
    if retired:
        return day_end(max(retired), ctx)
    starts = [c.owners[0].start for c in contacts if c.owners[0].start is not None]
    return day_end(min(starts), ctx) if starts else None


def _pointer(contacts: list[Contact]) -> tuple[Contact, str]:
    """The candidate that fails and the line that makes it fail, else the first contact."""
    for contact in contacts:
        if contact.purpose in _PURPOSES:
            return contact, "retired" if contact.retired is not None else "personal"
    return contacts[0], "purpose"
