"""Figures for the dashboard charts: open action items by month, response times, on-time updates."""

from __future__ import annotations

import statistics
from datetime import date, datetime, timedelta

from generator.model import Incident, Ledger
from generator.site.charts import Bar
from generator.values import end_of_day


def months_back(as_of: datetime, count: int) -> list[date]:
    """The first day of each of the last `count` months up to the as-of month, oldest first."""
    year, month = as_of.year, as_of.month
    out = []
    for _ in range(count):
        out.append(date(year, month, 1))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return out[::-1]


def _month_end(first: date) -> date:
    nxt = date(first.year + (first.month == 12), first.month % 12 + 1, 1)
    return nxt - timedelta(days=1)


def open_items_by_month(ledger: Ledger, as_of: datetime, count: int = 24) -> list[Bar]:
    """Action items open at the end of each month (or at the as-of day for this month)."""
    starts = {}
    for inc in ledger.incidents.values():
        for ai in inc.action_items:
            done = ai.completed if ai.status == "complete" else (None if ai.is_open else inc.closed)
            starts[(inc.id, ai.id)] = (inc.opened.utc.date(), done)
    bars: list[Bar] = []
    for first in months_back(as_of, count):
        cut = min(_month_end(first), as_of.date())
        n = sum(
            1 for opened, done in starts.values() if opened <= cut and (done is None or done > cut)
        )
        if n or bars or any(opened <= cut for opened, _ in starts.values()):
            bars.append(
                Bar(first.strftime("%Y-%m"), n)
            )  # no leading months before the first incident
    return bars


def _quarter(day: date) -> str:
    return f"{day.year}-Q{(day.month - 1) // 3 + 1}"


def _median_days(values: list[float]) -> float:
    return round(statistics.median(values), 1)


def response_times(ledger: Ledger, as_of: datetime) -> tuple[list[Bar], list[Bar]]:
    """Median days from awareness to the first report, and from opening to the full report."""
    first: dict[str, list[float]] = {}
    full: dict[str, list[float]] = {}
    for inc in ledger.incidents.values():
        quarter = _quarter(inc.opened.utc.date())
        reports = sorted(r.at.utc for r in inc.reports if r.at.utc <= as_of)
        start = inc.aware.utc if inc.aware else inc.opened.utc
        if reports:
            first.setdefault(quarter, []).append((reports[0] - start).total_seconds() / 86400)
        fulls = sorted(r.at.utc for r in inc.reports if r.kind == "full" and r.at.utc <= as_of)
        if fulls:
            full.setdefault(quarter, []).append((fulls[0] - inc.opened.utc).total_seconds() / 86400)
    return _bars(first), _bars(full)


def _bars(groups: dict[str, list[float]]) -> list[Bar]:
    return [Bar(q, _median_days(v), f"median of {len(v)}") for q, v in sorted(groups.items())][-12:]


def on_time_updates(ledger: Ledger, as_of: datetime) -> list[Bar]:
    """Per quarter, the share of updates posted within the update interval of the one before."""
    days = int(ledger.policy.option("update-overdue", "days", 7))
    tally: dict[str, list[bool]] = {}
    for inc in ledger.incidents.values():
        for quarter, ok in _update_gaps(inc, as_of, days, ledger):
            tally.setdefault(quarter, []).append(ok)
    return [
        Bar(q, round(100 * sum(v) / len(v)), f"{sum(v)} of {len(v)} on time")
        for q, v in sorted(tally.items())
    ][-12:]


def _update_gaps(
    inc: Incident, as_of: datetime, days: int, ledger: Ledger
) -> list[tuple[str, bool]]:
    posted = sorted([u.at.utc for u in inc.updates] + [r.at.utc for r in inc.reports])
    previous = inc.opened.utc
    out = []
    for moment in posted:
        if moment > as_of:
            break
        limit = end_of_day((previous + timedelta(days=days)).date(), ledger.policy.timezone)
        out.append((_quarter(moment.date()), moment <= limit))
        previous = moment
    return out
