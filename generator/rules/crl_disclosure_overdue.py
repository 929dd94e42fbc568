"""A CA's CRL URL not disclosed to the CCADB in time.

**What it checks.** Each CRL URL of an unrevoked CA certificate (`crls:` in
`ledger/certificates/`) must be `disclosed` to the CCADB at the earlier of 7 calendar days
(option `days`) after the CA issued the first certificate containing it (`first_issued`) and,
from 2026-03-20 (CCADB Policy 2.1), 4 hours (option `hours`) after the CA revoked the first
certificate containing it (`first_revoked`). A URL the CCADB report lists (`in_ccadb: true`)
is disclosed on a day the report does not give: it is not judged. A revoked CA certificate
needs no CRL disclosure. Applies from 2025-07-15 (CCADB Policy 2.0).

**Why it matters.** Browsers build their revocation sets (CRLite, CRLSet) from the CCADB's
CRL URLs: an undisclosed URL means revocations that never reach relying parties.

**Source.** CCADB Policy 2.0 (2025-07-15) §6.2 "within 7 days of the corresponding CA issuing
its first certificate"; 2.1 (2026-03-20) §6.2 "at the earlier of: within 7 days of the
corresponding CA issuing the first certificate containing the URL; OR within 4 hours of the
corresponding CA revoking the first certificate containing the URL".

Passing example (as of 2026-05-01T12:00Z; first used 2026-04-01, disclosed 2026-04-03):

```yaml
# ledger/certificates/issuing-ca-1.yaml
name: Example Issuing CA 1
sha256: 7A38F708A35A31E42E1CF3220F9A2D273E7666354618B2464657D43D8E77ADC2
type: intermediate
crls:
  - {url: "http://crl.example.com/ca1/1.crl", first_issued: 2026-04-01, disclosed: 2026-04-03}
```

Failing example (as of 2026-04-09T00:00:00Z; first used 2026-04-01, not disclosed):

```yaml
# ledger/certificates/issuing-ca-1.yaml
name: Example Issuing CA 1
sha256: 7A38F708A35A31E42E1CF3220F9A2D273E7666354618B2464657D43D8E77ADC2
type: intermediate
crls:
  - {url: "http://crl.example.com/ca1/1.crl", first_issued: 2026-04-01}
```
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta

from generator.model import Ledger
from generator.rules.base import Context, Rule
from generator.rules.calendar import CRL_DISCLOSURE_V20, CRL_DISCLOSURE_V21, Seen, after
from generator.rules.clock import obligation
from generator.rules.obligation import Obligation

RULE = Rule(
    name="crl-disclosure-overdue",
    code="LDG155",
    severity="error",
    source="",
    doc=__doc__ or "",
    options={"days": 7, "hours": 4},
    sources=(CRL_DISCLOSURE_V20, CRL_DISCLOSURE_V21),
)
FOUR_HOURS_FROM = CRL_DISCLOSURE_V21.effective


def obligations(ledger: Ledger, ctx: Context) -> Iterator[Obligation]:
    seen = Seen(ctx)
    for cert in ledger.certificates.values():
        if seen.when(cert.revoked) is not None:
            continue
        for crl in cert.crls:
            if crl.in_ccadb and crl.disclosed is None:
                continue
            clocks: list[tuple[datetime, datetime]] = []  # (deadline, start)
            issued = seen.when(crl.first_issued)
            if issued is not None:
                clocks.append((after(issued, int(ctx.option(RULE, "days")), ctx), issued.utc))
            revoked = seen.when(crl.first_revoked)
            if revoked is not None and ctx.day(revoked.utc) >= FOUR_HOURS_FROM:
                hours = timedelta(hours=float(ctx.option(RULE, "hours")))
                clocks.append((revoked.utc + hours, revoked.utc))
            if not clocks:
                continue
            deadline, start = min(clocks)
            found = obligation(
                RULE,
                ctx,
                crl.pos,
                f"disclosing CRL URL {crl.url} of {cert.id} to the CCADB",
                record=cert.id,
                deadline=deadline,
                fact=seen.when(crl.disclosed),
                at=start,
                fix="add the URL to the certificate's CRL fields in the CCADB and record "
                "`disclosed`",
                item=crl.url,
                owner=cert.owner or "",
            )
            if found is not None:
                yield found
