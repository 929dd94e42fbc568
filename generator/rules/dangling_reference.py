"""A reference to a record or an item that does not exist.

**What it checks.** Every id a record names must exist: an incident's `related` ids (URLs are
free), a problem report's `channel` (a contact) and `incident`, a contact's `replaced_by`, an
action item's `root_causes`, a lesson's `action_items`, a waiver's `item`.

**This rule is reported by validation.** `ledger validate` (and therefore `ledger check`,
which validates first) reports every dangling reference with this code and name, at the
line of the reference and with a "did you mean" hint when a known id is close; see
`generator/validate.py`. Validation is the one place the check lives, so this module's check
yields nothing: it exists to document the code and to let the policy list the rule. Being a
validation error, it cannot be waived or turned off.

**Why it matters.** A reference that leads nowhere breaks the site's links and hides the
record that should carry a deadline (a problem report on a channel that is not in the
ledger is nobody's to answer).

**Source.** The record format ("ids must exist").

**Passing:**

```yaml
# ledger/problem-reports/cpr-1.yaml, with ledger/contacts/cpr-mailbox.yaml present
received: "2024-03-04T08:00+08:00"
channel: cpr-mailbox
summary: A certificate may carry a wrong basicConstraints extension.
```

**Failing** (no contact `cpr-mailbx`; validation says "did you mean 'cpr-mailbox'?"):

```yaml
received: "2024-03-04T08:00+08:00"
channel: cpr-mailbx
summary: A certificate may carry a wrong basicConstraints extension.
```
"""

from __future__ import annotations

from collections.abc import Iterator

from generator import codes
from generator.diagnostics import Diagnostic
from generator.model import Ledger
from generator.rules.base import Context, Rule

RULE = Rule(
    name=codes.DANGLING.name,
    code=codes.DANGLING.code,
    severity="error",
    kind="consistency",
    source="the record format (ids must exist)",
    doc=__doc__ or "",
)


def check(ledger: Ledger, ctx: Context) -> Iterator[Diagnostic]:
    """Nothing: validation (generator/validate.py) reports dangling references."""
    return iter(())
