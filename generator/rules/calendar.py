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
from generator.values import When

# the CCADB programs: each requires CA owners to follow the CCADB Policy (Mozilla Root Store
# Policy 3.1 §3.1 and §4, Chrome Root Program Policy 1.8 §1.1.2, Apple Root Program Policy 2.0
# §1.3 "Current Version of the CCADB Policy", Microsoft Trusted Root Program Requirements
# 1.2 §2.1.16)
CCADB_PROGRAMS = frozenset({"mozilla", "chrome", "apple", "microsoft"})
# the CCADB Incident Reporting Guidelines are Mozilla's and Chrome's incident process
IRG_PROGRAMS = frozenset({"mozilla", "chrome"})
CP_CPS = ("cp", "cps", "cp-cps")
SELF_ASSESSMENT = "self-assessment"


def add_year(day: date) -> date:
    """The same day a year later (29 February → 28 February)."""
    try:
        return day.replace(year=day.year + 1)
    except ValueError:
        return day.replace(year=day.year + 1, day=28)


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
