"""An ownership change of a disclosed contact not brought to its registries within 14 days.

**What it checks.** For a contact with a non-empty `disclosed_in` (CCADB, the CPS, the web
site…), every `owners` entry after the first is an ownership change on its `from` date. Its
`registry_updated` date must be no later than 14 days (option `days`) after `from`: the
deadline ends at 23:59:59 of that day in the policy time zone. A change without
`registry_updated` is overdue from the next second; one updated late is listed in
`--history`. The first entry is not a change. Once the contact is `retired`, a change not yet
carried to its registries is no longer reported (nothing is in use to reach).

**Why it matters.** Root programs and reporters use the published copy; if it names a person
who left, reports go unread. This is how the seed incident began.

**Source.** CCADB Policy v2.0 §1 (Chrome's root program policy carried the same 14 days before).

**Passing:**

```yaml
address: cpr@example.com
purpose: problem-reporting
disclosed_in: [ccadb]
owners:
  - {owner: Alice, until: 2024-02-01}
  - {owner: CPR team, from: 2024-02-01, registry_updated: 2024-02-10}
```

**Failing** (as of 2024-02-16T00:00Z the change of 2024-02-01 is overdue, due 2024-02-15):

```yaml
address: cpr@example.com
purpose: problem-reporting
disclosed_in: [ccadb]
owners:
  - {owner: Alice, until: 2024-02-01}
  - {owner: CPR team, from: 2024-02-01}
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


def obligations(ledger: Ledger, ctx: Context) -> Iterator[Obligation]:
    for contact in ledger.contacts.values():
        if contact.disclosed_in:
            yield from _changes(contact, ctx)


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
