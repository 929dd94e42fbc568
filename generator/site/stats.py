"""Figures for the dashboard charts: open action items by month, response times, on-time updates.

The ledger passed in is the as-of view; on-time updates are the engine's obligations."""

from __future__ import annotations

import statistics
from collections.abc import Iterable
from datetime import date, datetime, timedelta

from generator.model import Ledger
from generator.rules.obligation import Obligation
from generator.site.charts import Bar


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


def on_time_updates(obligations: Iterable[Obligation], as_of: datetime) -> list[Bar]:
    """Per quarter, the share of weekly-update obligations met on time: the engine's
    `update-overdue` obligations, met (on time) against met late, missed or late; those still
    open are not counted yet. The quarter is the update's, else the deadline's."""
    tally: dict[str, list[bool]] = {}
    for o in obligations:
        if o.rule != "update-overdue":
            continue
        state = o.state(as_of)
        if state == "open":
            continue
        moment = o.met if o.met is not None else o.due
        tally.setdefault(_quarter(moment.date()), []).append(state == "met")
    return [
        Bar(q, round(100 * sum(v) / len(v)), f"{sum(v)} of {len(v)} on time")
        for q, v in sorted(tally.items())
    ][-12:]
