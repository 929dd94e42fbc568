"""The ledger's contacts lack a Primary Point of Contact and at least one other.

**What it checks.** Once `ledger/contacts/` holds a contact in use, at least two points of
contact must be in use (`purpose: primary-poc` or `poc`, not `retired`), at least one of them
a `primary-poc`. The finding points at the first contact's `purpose`.

**Why it matters.** CCADB and the root programs write to the points of contact when something
is wrong; the seed incident's reporter reached CFCA only through them.

**Source.** CCADB Policy v2.1 §2 "Contact Information Disclosures" (in force from
2026-03-20, the text verified).

**Passing:**

```yaml
# ledger/contacts/lead.yaml
address: lead@example.com
purpose: primary-poc
personal: true
owners: [{owner: Alice, from: 2026-01-01}]
```
(with a second contact of purpose `poc`)

**Failing** (as of 2026-04-01, a single point of contact):

```yaml
# ledger/contacts/lead.yaml
address: lead@example.com
purpose: primary-poc
personal: true
owners: [{owner: Alice, from: 2026-01-01}]
```
"""

from __future__ import annotations

from collections.abc import Iterator

from generator.diagnostics import Diagnostic
from generator.model import Ledger
from generator.rules.base import Context, Rule, finding
from generator.rules.contacts import in_use
from generator.rules.sources import POINTS_OF_CONTACT

RULE = Rule(
    name="points-of-contact-missing",
    code="LDG134",
    severity="error",
    doc=__doc__ or "",
    source="",
    kind="consistency",
    sources=(POINTS_OF_CONTACT,),
)


def check(ledger: Ledger, ctx: Context) -> Iterator[Diagnostic]:
    contacts = [c for c in ledger.contacts.values() if in_use(c, ctx)]
    if not contacts:
        return
    pocs = [c for c in contacts if c.purpose in ("primary-poc", "poc")]
    primary = [c for c in pocs if c.purpose == "primary-poc"]
    if primary and len(pocs) >= 2:
        return
    missing = "a Primary POC" if not primary else "a second point of contact"
    first = contacts[0]
    found = finding(
        RULE,
        ctx,
        first.pos("purpose"),
        f"the ledger's contacts in use have {len(pocs)} point(s) of contact: {missing} is"
        " missing (a Primary POC and at least one other)",
        record=first.id,
        at=ctx.as_of,
        hint="record the points of contact registered in CCADB under ledger/contacts/ with"
        " `purpose: primary-poc` or `poc`",
    )
    if found is not None:
        yield found
