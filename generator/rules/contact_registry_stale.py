"""A change of a registered point of contact not brought to its registries within 14 days.

**What it checks.** For a contact with a non-empty `disclosed_in` (CCADB, the CPS, the web
site…) whose owner the registry itself holds (a `primary-poc` or `poc`, or any `personal`
address), every `owners` entry after the first is a change of registry data on its `from`
date. A shared alias (`personal: false`, e.g. the problem-reporting mailbox) is registered by
its address: who reads it is arranged inside the organisation, so a change of its owner is
not a registry change (`contact-unowned` and `contact-verification-due` watch those). Its
`registry_updated` date must be no later than 14 days (option `days`) after `from`: the
deadline ends at 23:59:59 of that day in the policy time zone. A change without
`registry_updated` is overdue from the next second; one updated late is listed in
`--history`. The first entry is not a change. Once the contact is `retired`, a change not yet
carried to its registries is no longer reported (nothing is in use to reach).

**Why it matters.** Root programs and reporters use the published copy; if it names a person
who left, reports go unread. This is how the seed incident began.

**Source.** Chrome Root Program Policy 1.4 "8. Common CA Database" (14 calendar days, from
2023-03-03, Chrome members), then CCADB Policy v2.0 §1-§2 (14 calendar days, from 2025-07-15,
every program). No earlier text sets a number of days.

**Passing:**

```yaml
address: pki-lead@example.com
purpose: primary-poc
disclosed_in: [ccadb]
owners:
  - {owner: Alice, until: 2024-02-01}
  - {owner: Bob, from: 2024-02-01, registry_updated: 2024-02-10}
```

**Failing** (as of 2024-02-16T00:00Z the change of 2024-02-01 is overdue, due 2024-02-15):

```yaml
address: pki-lead@example.com
purpose: primary-poc
disclosed_in: [ccadb]
owners:
  - {owner: Alice, until: 2024-02-01}
  - {owner: Bob, from: 2024-02-01}
```
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

from generator.model import Contact, Ledger
from generator.rules.base import Context, Rule
from generator.rules.clock import day_end, obligation, on_day
from generator.rules.obligation import Obligation
from generator.rules.sources import CONTACTS_CCADB_V2, CONTACTS_CHROME_V14

RULE = Rule(
    name="contact-registry-stale",
    code="LDG114",
    severity="error",
    source="",
    doc=__doc__ or "",
    options={"days": 14},
    sources=(CONTACTS_CHROME_V14, CONTACTS_CCADB_V2),
)


# the registry holds these people: a change of who they are is a change of registry data
REGISTERED_PEOPLE = frozenset({"primary-poc", "poc"})


def obligations(ledger: Ledger, ctx: Context) -> Iterator[Obligation]:
    for contact in ledger.contacts.values():
        if contact.disclosed_in and registers_people(contact):
            yield from _changes(contact, ctx)


def registers_people(contact: Contact) -> bool:
    """Whether the registry holds who answers this contact (a point of contact, a personal
    address), not only an address whose readers the organisation arranges internally."""
    return contact.personal or contact.purpose in REGISTERED_PEOPLE


def _changes(contact: Contact, ctx: Context) -> Iterator[Obligation]:
    zone = ctx.policy.timezone
    limit = timedelta(days=ctx.option(RULE, "days"))
    for owner in contact.owners[1:]:
        if owner.start is None:
            continue  # a change without a date has no clock; the format asks for `from`
        updated = owner.registry_updated
        if updated is None and contact.retired is not None:
            continue
        deadline = day_end(owner.start + limit, ctx)
        found = obligation(
            RULE,
            ctx,
            owner.pos,
            f"the registry update ({', '.join(contact.disclosed_in)}) for contact {contact.id}"
            f" ({contact.address}) after its change of owner to {owner.owner} on {owner.start}",
            record=contact.id,
            deadline=deadline,
            fact=on_day(updated, zone) if updated is not None else None,
            at=deadline,
            fix="update every registry in `disclosed_in` and record the date as"
            " `registry_updated` on this owner",
        )
        if found is not None:
            yield found
