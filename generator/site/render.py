"""SiteInput → every file of the docs dir, as {relative path: bytes}. No disk, no clock, no git."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import datetime
from importlib import resources

from generator.diagnostics import Diagnostic
from generator.site import deadlines as dl
from generator.site import export, feeds, md, paths, safe
from generator.site.inputs import SiteInput
from generator.site.pages import dashboard, incident, listings, misc
from generator.site.pages.common import Marks, record_link
from generator.site.stamp import stamp as make_stamp

ASSETS = ("ledger.js", "ledger.css")
RECORD_SCHEMAS = ("incident", "contact", "problem-report", "policy")


def render(inp: SiteInput) -> dict[str, bytes]:
    ledger, as_of = inp.ledger, inp.as_of
    all_deadlines = dl.derive(ledger, as_of)
    upcoming = dl.upcoming(all_deadlines, as_of)
    stamp = make_stamp(inp, upcoming[0] if upcoming else None)
    marks = Marks(as_of, int(ledger.policy.option("action-item-due-soon", "days", 7)))
    pages: dict[str, str] = {
        paths.DASHBOARD: dashboard.page(inp, upcoming, recent_changes(inp), stamp),
        paths.INCIDENTS: listings.incidents_index(ledger, as_of, stamp),
        paths.ACTIONS: listings.actions(ledger, marks, stamp),
        paths.CONTACTS: listings.contacts(ledger, stamp),
        paths.PROBLEMS: listings.problem_reports(ledger, as_of, stamp),
        paths.RULES: misc.rules(inp.rules_markdown, stamp),
        paths.TAGS: misc.tags(stamp),
    }
    pages.update({paths.year(y): text for y, text in listings.year_pages(ledger, stamp).items()})
    pages.update(_incident_pages(inp, marks, stamp))
    owners = feeds.by_owner(all_deadlines)
    pages[paths.FEEDS] = misc.feeds([(name, slug) for slug, (name, _) in owners.items()], stamp)
    files = {path: text.encode() for path, text in pages.items()}
    events = feeds.events(inp, all_deadlines)
    files[paths.CALENDAR] = feeds.calendar("Compliance ledger: all deadlines", events.values())
    for slug, (name, items) in owners.items():
        files[paths.owner_calendar(slug)] = feeds.calendar(
            f"Compliance ledger: deadlines of {name}", (events[d.uid] for d in items)
        )
    files[paths.ATOM] = feeds.atom(inp)
    files[paths.EXPORT] = export.ledger_json(inp, all_deadlines)
    files[paths.ACTIONS_CSV] = export.actions_csv(inp)
    files.update(_static())
    return files


def _by_path(findings: Sequence[Diagnostic]) -> dict[str, list[Diagnostic]]:
    out: dict[str, list[Diagnostic]] = defaultdict(list)
    for f in findings:
        out[f.pos.path].append(f)
    return out


def _incident_pages(inp: SiteInput, marks: Marks, stamp: str) -> dict[str, str]:
    open_by, late_by = _by_path(inp.findings.open), _by_path(inp.findings.history)
    return {
        paths.incident(inc.id): incident.page(
            inp.ledger,
            inc,
            marks,
            open_by.get(inc.path, []),
            late_by.get(inc.path, []),
            inp.history.get(inc.path),
            stamp,
        )
        for inc in inp.ledger.incidents.values()
    }


def recent_changes(inp: SiteInput) -> list[tuple[str, str, str]]:
    """The latest changes: commits when the history was read, else the latest dated activity."""
    ids = {
        r.path: r.id
        for kind in (inp.ledger.incidents, inp.ledger.contacts, inp.ledger.problem_reports)
        for r in kind.values()
    }
    rows: list[tuple[datetime, str, str, str]] = []
    if inp.history:
        for path, hist in inp.history.items():
            for c in hist.commits[:3]:
                rows.append(
                    (
                        c.at,
                        path,
                        ids.get(path, path),
                        f"commit {safe.code(c.sha[:10])} by {safe.inline(c.author)}: "
                        f"{safe.inline(c.subject)}",
                    )
                )
    else:
        for inc in inp.ledger.incidents.values():
            acts = [(u.at.utc, "update posted") for u in inc.updates] + [
                (r.at.utc, f"{r.kind} report posted") for r in inc.reports
            ]
            acts += [(inc.opened.utc, "incident opened")]
            known = [a for a in acts if a[0] <= inp.as_of]
            if known:
                at, what = max(known)
                rows.append((at, inc.path, inc.id, what))
    rows.sort(key=lambda r: (r[0], r[1]), reverse=True)
    return [
        (md.utc(at), record_link(inp.ledger, paths.DASHBOARD, path, rid), what)
        for at, path, rid, what in rows[: dashboard.RECENT_ROWS]
    ]


def _static() -> dict[str, bytes]:
    out = {
        f"assets/{name}": resources.files("generator.site").joinpath("assets", name).read_bytes()
        for name in ASSETS
    }
    for name in RECORD_SCHEMAS:
        out[f"schemas/{name}.schema.json"] = (
            resources.files("generator.schemas").joinpath(f"{name}.schema.json").read_bytes()
        )
    out[paths.EXPORT_SCHEMA] = (
        resources.files("generator.site")
        .joinpath("templates", "ledger-export.schema.json")
        .read_bytes()
    )
    return out
