"""A new or revoked subordinate CA certificate not disclosed to the CCADB within 7 days.

**What it checks.** An intermediate CA certificate (`ledger/certificates/`, `type:
intermediate`) must be `disclosed` to the CCADB within 7 calendar days (option `days`) of
its `created` instant (a date: by 23:59:59 of the 7th day after it in the policy time zone;
an instant: 7 times 24 hours), and its revocation (`revoked`) within 7 days too
(`revocation_disclosed`). A certificate with a `ccadb_id` (it is in the CCADB report) is
disclosed on a day the report does not give: its disclosure is not judged. Applies to
certificates created (or revoked) from 2025-07-15 (CCADB Policy 2.0).

**Why it matters.** An undisclosed intermediate is invisible to the root programs and to
CT-based monitoring; it is among the most frequent public compliance bugs.

**Source.** CCADB Policy 2.0 (2025-07-15) and 2.1 §3.2 "Disclosure MUST take place within 7
calendar days of issuance ... revocation ... within 7 calendar days of revocation"; Mozilla
Root Store Policy 3.1 §5.3.2 "within seven (7) days of certificate creation".

Passing example (as of 2026-02-01T12:00Z; created 2026-01-05, disclosed 2026-01-09):

```yaml
# ledger/certificates/issuing-ca-1.yaml
name: Example Issuing CA 1
sha256: 7A38F708A35A31E42E1CF3220F9A2D273E7666354618B2464657D43D8E77ADC2
type: intermediate
created: 2026-01-05
disclosed: 2026-01-09
```

Failing example (as of 2026-01-13T00:00:00Z; created 2026-01-05, not disclosed):

```yaml
# ledger/certificates/issuing-ca-1.yaml
name: Example Issuing CA 1
sha256: 7A38F708A35A31E42E1CF3220F9A2D273E7666354618B2464657D43D8E77ADC2
type: intermediate
created: 2026-01-05
```
"""

from __future__ import annotations

from collections.abc import Iterator

from generator.model import Ledger
from generator.rules.base import Context, Rule
from generator.rules.calendar import CA_DISCLOSURE, Seen, after
from generator.rules.clock import obligation
from generator.rules.obligation import Obligation

RULE = Rule(
    name="ca-certificate-disclosure-overdue",
    code="LDG154",
    severity="error",
    source="",
    doc=__doc__ or "",
    options={"days": 7},
    sources=(CA_DISCLOSURE,),
)


def obligations(ledger: Ledger, ctx: Context) -> Iterator[Obligation]:
    seen = Seen(ctx)
    window = int(ctx.option(RULE, "days"))
    for cert in ledger.certificates.values():
        if cert.type != "intermediate":
            continue
        created = seen.when(cert.created)
        if created is not None and not (cert.ccadb_id and cert.disclosed is None):
            found = obligation(
                RULE,
                ctx,
                cert.pos("created"),
                f"disclosing CA certificate {cert.id} ({cert.name}) to the CCADB",
                record=cert.id,
                deadline=after(created, window, ctx),
                fact=seen.when(cert.disclosed),
                at=created.utc,
                fix="disclose the certificate in the CCADB and record `disclosed`",
                item="issuance",
                owner=cert.owner or "",
            )
            if found is not None:
                yield found
        revoked = seen.when(cert.revoked)
        if revoked is not None:
            found = obligation(
                RULE,
                ctx,
                cert.pos("revoked"),
                f"disclosing the revocation of CA certificate {cert.id} ({cert.name})",
                record=cert.id,
                deadline=after(revoked, window, ctx),
                fact=seen.when(cert.revocation_disclosed),
                at=revoked.utc,
                fix="update the certificate's revocation status in the CCADB and record "
                "`revocation_disclosed`",
                item="revocation",
                owner=cert.owner or "",
            )
            if found is not None:
                yield found
