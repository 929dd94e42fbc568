"""The dashboard: counts, what is overdue (first), what falls due next, what changed, charts."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from generator.diagnostics import Diagnostic
from generator.rules.obligation import Obligation
from generator.site import charts, md, paths, safe, stats
from generator.site.inputs import SiteInput
from generator.site.pages.common import QUIET, by_deadline, findings_table, is_open, record_link
from generator.values import format_delay

SOON_DAYS = 14
UPCOMING_ROWS = 50
RECENT_ROWS = 20


def page(
    inp: SiteInput,
    obligations: Sequence[Obligation],
    upcoming: Sequence[Obligation],
    recent: Sequence[tuple[str, str, str]],
    stamp: str,
) -> str:
    """`obligations`: the engine's (clock started by as-of); `upcoming`: those still open."""
    ledger, as_of = inp.view, inp.as_of
    overdue, other = split_overdue(inp.findings.open, obligations, as_of)
    soon = [o for o in upcoming if o.due - as_of <= timedelta(days=SOON_DAYS)]
    open_incidents = sum(1 for i in ledger.incidents.values() if is_open(i, as_of))
    parts = [
        md.front_matter("Dashboard", hide=["navigation"], search_exclude=True),
        stamp,
        "# Compliance ledger\n",
        _counts(open_incidents, len(overdue), len(soon), len(other)),
        "## Overdue\n",
        _overdue(inp, overdue),
        _upcoming(inp, upcoming),
        _recent(recent),
        _charts(inp, obligations),
    ]
    if other:
        parts += [
            f"## Other open findings{QUIET}\n",
            findings_table(ledger, paths.DASHBOARD, by_deadline(other), as_of),
        ]
    return "\n".join(parts)


def split_overdue(
    found: Sequence[Diagnostic], obligations: Sequence[Obligation], as_of: datetime
) -> tuple[list[Diagnostic], list[Diagnostic]]:
    """The open findings of late obligations (overdue), and the other open findings."""
    late = {_key(o) for o in obligations if o.state(as_of) == "late"}
    overdue = [f for f in found if _finding_key(f) in late]
    other = [f for f in found if _finding_key(f) not in late]
    return overdue, other


def _key(o: Obligation) -> tuple[str, str, str | None, datetime | None]:
    return (o.pos.path, o.rule, o.item, o.due)


def _finding_key(f: Diagnostic) -> tuple[str, str, str | None, datetime | None]:
    item = next((value for key, value in f.extra if key == "item"), None)
    return (f.pos.path, f.name, item, f.deadline)


def _counts(open_incidents: int, overdue: int, soon: int, other: int) -> str:
    cells = [
        ("Open incidents", open_incidents, paths.INCIDENTS),
        ("Overdue", overdue, None),
        (f"Due in {SOON_DAYS} days", soon, None),
        ("Other findings", other, None),
    ]
    out = ['<div class="ledger-counts" data-search-exclude>']
    for label, n, _ in cells:
        cls = " ledger-bad" if label == "Overdue" and n else ""
        out.append(
            f'<div class="ledger-count{cls}"><span class="ledger-n">{n}</span> {label}</div>'
        )
    return "".join(out) + "</div>\n"


def _overdue(inp: SiteInput, overdue: list[Diagnostic]) -> str:
    if not overdue:
        return "Nothing is overdue at the as-of instant.\n"
    return findings_table(inp.view, paths.DASHBOARD, by_deadline(overdue), inp.as_of)


def _upcoming(inp: SiteInput, upcoming: Sequence[Obligation]) -> str:
    head = f"## Upcoming deadlines{QUIET}\n"
    if not upcoming:
        return head + "\nNo deadline falls due after the as-of instant.\n"
    rows = [
        [
            md.utc(o.due),
            f"in {format_delay(o.due - inp.as_of)}",
            record_link(inp.view, paths.DASHBOARD, o.pos.path, o.record),
            safe.inline(o.what),
            safe.code(o.rule),
            safe.inline(o.owner),
        ]
        for o in upcoming[:UPCOMING_ROWS]
    ]
    more = (
        f"\n{len(upcoming) - UPCOMING_ROWS} more in the "
        f"[calendar]({md.rel(paths.DASHBOARD, paths.CALENDAR)}).\n"
        if len(upcoming) > UPCOMING_ROWS
        else ""
    )
    return head + "\n" + md.table(["Due", "", "Record", "What", "Rule", "Owner"], rows) + more


def _recent(recent: Sequence[tuple[str, str, str]]) -> str:
    if not recent:
        return ""
    rows = [list(r) for r in recent[:RECENT_ROWS]]
    return f"## Recently changed{QUIET}\n\n" + md.table(["When", "Record", "Change"], rows)


def _charts(inp: SiteInput, obligations: Sequence[Obligation]) -> str:
    ledger, as_of = inp.view, inp.as_of
    first, full = stats.response_times(ledger, as_of)
    boxes = [
        charts.bar_chart(
            "Open action items at month end", stats.open_items_by_month(ledger, as_of), "items"
        ),
        charts.bar_chart("Days to first report (median, by quarter opened)", first, "days"),
        charts.bar_chart("Days to full report (median, by quarter opened)", full, "days"),
        charts.bar_chart(
            "Updates posted on time (by quarter)",
            stats.on_time_updates(obligations, as_of),
            "%",
        ),
    ]
    return f"## Charts{QUIET}\n\n" + "".join(
        f'<div class="ledger-chart-box">{b.strip()}</div>\n\n' for b in boxes
    )
