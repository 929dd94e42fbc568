"""What the compliance-calendar rules share: years and day windows, the as-of view of their
facts, and which audit lines and documents the calendar reads (docs/calendar.md).

A window of N calendar days after a date ends at 23:59:59 of the Nth day after it in the
policy zone (92 days after a period ending 2025-12-14: the end of 2026-03-16); a window after
an instant is N times 24 hours. A fact dated after the as-of instant has not happened yet.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from generator.model import Audit, AuditPeriod, Ledger
from generator.rules.asof import Clock
from generator.rules.base import Context
from generator.rules.clock import day_end, on_day
from generator.rules.sources import BR, CCADB, IRG, MRSP, Source, own
from generator.values import When

# --- the texts, as read (docs/calendar.md, "Sources, as read") ------------------------------
# Every CCADB program requires CA owners to follow the CCADB Policy (Mozilla Root Store Policy
# 3.1 §4, Chrome Root Program Policy 1.8 §1.1.2, Apple Root Program Policy 2.0 §1.3, Microsoft
# Trusted Root Program Requirements 1.2 §2.1.16), and the TLS BRs: these bind through ALL.
CCADB_2_0 = date(2025, 7, 15)
AUDIT_STATEMENT_V12 = Source(
    CCADB,
    '§5.1 "Audit Statement Content"',
    date(2023, 2, 15),
    "An authoritative English language version of publicly available audit information must be"
    " uploaded to the CCADB no later than three months after the end of the audit period.",
    until=CCADB_2_0,
)
AUDIT_STATEMENT_V20 = Source(
    CCADB,
    '§5.2 "Audit Statement Content"',
    CCADB_2_0,
    "An authoritative English language version of publicly available audit information MUST be"
    " uploaded to the CCADB no later than 92 calendar days from the point-in-time date or the"
    " end date of the period of time.",
)
AUDIT_PERIODS = Source(
    BR,
    '§8.1 "Frequency or circumstances of assessment"',
    date(2018, 10, 14),
    "The period during which the CA issues Certificates SHALL be divided into an unbroken"
    " sequence of audit periods. An audit period MUST NOT exceed one year in duration.",
)
AUDIT_FINDING_V32 = Source(
    IRG,
    '"What is considered an audit finding?"',
    date(2026, 3, 20),
    "an audit finding MUST be subject of an incident report.",
)
CP_CPS_REVIEW = Source(
    BR,
    '§2.3 "Time or frequency of publication"',
    date(2018, 10, 14),
    "The CA SHALL develop, implement, enforce, and annually update a Certificate Policy and/or"
    " Certification Practice Statement ...",
)
CP_CPS_REVIEW_MRSP = Source(
    MRSP,
    '§3.3 "CPs and CPSes" (4)',
    date(2026, 7, 1),
    "CP/CPS Documentation MUST be reviewed and updated as necessary at least once every 365 days",
    programs=frozenset({"mozilla"}),
)
CP_CPS_SUBMISSION = Source(
    CCADB,
    '§4 "Policy Disclosures"',
    CCADB_2_0,
    "CA Owners SHOULD ensure these updated policy document(s) are submitted to the CCADB within"
    " 7 calendar days of the policy document's effective date, and MUST ensure they are"
    " submitted within 14 calendar days of that effective date.",
)
CA_DISCLOSURE = Source(
    CCADB,
    '§3.2 "Subordinate CA Certificates"',
    CCADB_2_0,
    "Disclosure MUST take place within 7 calendar days of issuance ...; revocation of all"
    " subordinate CA certificates ... within 7 calendar days of revocation.",
)
CRL_DISCLOSURE_V20 = Source(
    CCADB,
    '§6.2 "Certificate Revocation List Disclosures"',
    CCADB_2_0,
    "within 7 days of the corresponding CA issuing its first certificate, CA Owners MUST"
    " disclose ...",
    until=date(2026, 3, 20),
)
CRL_DISCLOSURE_V21 = Source(
    CCADB,
    '§6.2 "Certificate Revocation List Disclosures"',
    date(2026, 3, 20),
    "CA Owners MUST disclose these URLs to the CCADB at the earlier of: within 7 days of the"
    " corresponding CA issuing the first certificate containing the URL; OR within 4 hours of"
    " the corresponding CA revoking the first certificate containing the URL.",
)
SELF_ASSESSMENT_V13 = Source(
    CCADB,
    '§5.3 "Annual CCADB Self-Assessments"',
    date(2023, 10, 25),
    "If an annual CCADB self-assessment is required by the individual Store policy ... must be"
    " completed and submitted to the CCADB within 92 calendar days from the CA Owner's earliest"
    ' appearing root record "BR Audit Period End Date" that is after December 31, 2023.',
    programs=frozenset({"mozilla", "chrome"}),
    until=CCADB_2_0,
)
SELF_ASSESSMENT_V20 = Source(
    CCADB,
    '§6.4 "Annual CCADB Self-Assessments"',
    CCADB_2_0,
    "An annual self-assessment MUST be completed and submitted to the CCADB within 92 calendar"
    ' days from the CA Owner\'s earliest appearing root record "BR Audit Period End Date."',
)
SURVEYS = Source(
    MRSP,
    '§4.2 "Surveys"',
    date(2026, 7, 1),
    "CA operators are REQUIRED to respond to the surveys with accurate information, within the"
    " timescale defined in the survey.",
    programs=frozenset({"mozilla"}),
)
REQUEST_DEADLINE = own(
    "a root program's request", "an answer by the deadline the request sets (any program)"
)

CP_CPS = ("cp", "cps", "cp-cps")
SELF_ASSESSMENT = "self-assessment"


def add_year(day: date) -> date:
    """The same day a year later (29 February → 28 February)."""
    try:
        return day.replace(year=day.year + 1)
    except ValueError:
        return day.replace(year=day.year + 1, day=28)


def add_months(day: date, months: int) -> date:
    """The same day `months` later, or the month's last day when it has none (31 → 30)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    for last in (day.day, 30, 29, 28):
        try:
            return day.replace(year=year, month=month, day=min(day.day, last))
        except ValueError:
            continue
    raise AssertionError("unreachable")


def year_end(start: date) -> date:
    """The last day of a one-year period that starts on `start`."""
    return add_year(start) - timedelta(days=1)


def days_after(day: date, days: int, ctx: Context) -> datetime:
    """The end of the `days`th calendar day after `day`, in the policy zone."""
    return day_end(day + timedelta(days=days), ctx)


def after(when: When, days: int, ctx: Context) -> datetime:
    """`days` calendar days after a date (to the end of the last one), or `days` times 24
    hours after an instant."""
    if when.day is not None:
        return days_after(when.day, days, ctx)
    return when.utc + timedelta(days=days)


class Seen:
    """The as-of view of the calendar's facts: only what had happened at as-of."""

    def __init__(self, ctx: Context) -> None:
        self.clock = Clock(ctx.as_of)
        self.zone = ctx.policy.timezone

    def when(self, fact: When | None) -> When | None:
        return fact if fact is not None and self.clock.when(fact) else None

    def day(self, fact: date | None) -> When | None:
        """A date fact as a day-precision `When` in the policy zone, if it had happened."""
        if fact is None or not self.clock.on(fact, self.zone):
            return None
        return on_day(fact, self.zone)


def published(period: AuditPeriod) -> date | None:
    """When the period's statement (or the auditor's letter explaining its delay) reached the
    CCADB: the disclosure date when recorded, else the statement date; the earlier of it and
    the letter."""
    facts = [d for d in (period.disclosed or period.statement, period.letter) if d is not None]
    return min(facts, default=None)


def root_audits(ledger: Ledger, kind: str) -> list[Audit]:
    """The audit lines of `kind` that cover a root certificate of the ledger."""
    roots = {c.id for c in ledger.certificates.values() if c.type == "root"}
    return [a for a in ledger.audits.values() if a.kind == kind and roots & set(a.certificates)]
