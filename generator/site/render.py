"""SiteInput → every file of the docs dir, as {relative path: bytes}. No disk, no clock, no git."""

from __future__ import annotations

import functools
from collections import defaultdict
from collections.abc import Sequence
from datetime import datetime
from importlib import resources

from generator import due
from generator.diagnostics import Diagnostic
from generator.rules.obligation import Obligation
from generator.site import export, feeds, md, paths, safe
from generator.site.inputs import SiteInput, history_at
from generator.site.pages import calendar, dashboard, incident, listings, misc
from generator.site.pages.common import Marks, record_link
from generator.site.stamp import stamp as make_stamp

ALL_DEADLINES = "Compliance ledger"  # the name `ledger due --format ics` gives it
ASSETS = ("ledger.js", "ledger.css")
RECORD_SCHEMAS: tuple[str, ...] = ("incident", "contact", "problem-report", "policy")
RECORD_SCHEMAS += ("audit", "document", "certificate", "request")  # the compliance calendar


def render(inp: SiteInput) -> dict[str, bytes]:
    """Every page, calendar and export from the engine's judgement: the as-of view, its
    findings and its obligations. No date is computed here: every deadline is an obligation."""
    view, as_of = inp.view, inp.as_of
    obligations = inp.obligations
    upcoming = [o for o in obligations if o.state(as_of) == "open"]
    stamp = make_stamp(inp, upcoming[0] if upcoming else None)
    marks = Marks.judged(as_of, view.policy, obligations)
    pages: dict[str, str] = {
        paths.DASHBOARD: dashboard.page(inp, obligations, upcoming, recent_changes(inp), stamp),
        paths.INCIDENTS: listings.incidents_index(view, as_of, stamp),
        paths.ACTIONS: listings.actions(view, marks, stamp),
        paths.CONTACTS: listings.contacts(view, stamp),
        paths.PROBLEMS: listings.problem_reports(view, obligations, as_of, stamp),
        paths.RULES: misc.rules(inp.rules_markdown, stamp),
        paths.TAGS: misc.tags(stamp),
    }
    years = listings.year_pages(view, as_of, stamp)
    pages.update({paths.year(y): text for y, text in years.items()})
    pages.update(_incident_pages(inp, marks, upcoming, stamp))
    pages.update(calendar.pages(inp, obligations, stamp))
    # the calendars carry what `ledger due --format ics` carries
    owners = feeds.by_owner([o for o in obligations if due.in_calendar(o, as_of)])
    pages[paths.FEEDS] = misc.feeds([(name, slug) for slug, (name, _) in owners.items()], stamp)
    files = {path: text.encode() for path, text in pages.items()}
    files.update(calendars(inp, [o for o in obligations if due.in_calendar(o, as_of)], owners))
    files[paths.ATOM] = feeds.atom(inp)
    files[paths.EXPORT] = export.ledger_json(inp, obligations)
    files[paths.ACTIONS_CSV] = export.actions_csv(inp)
    files.update(_static())
    return files


def calendars(
    inp: SiteInput, obligations: list[Obligation], owners: dict[str, tuple[str, list[int]]]
) -> dict[str, bytes]:
    """`feeds/deadlines.ics` and one calendar per owner: `ledger due --format ics` for the
    same obligations, each event serialised once and shared by every calendar that lists it."""
    stamp = due.stamp_of(inp.feed_time)
    link = functools.partial(_event_url, inp)
    events = [due.event(o, inp.as_of, stamp, link) for o in obligations]
    out = {paths.CALENDAR: due.calendar(ALL_DEADLINES, events)}
    for slug, (name, positions) in owners.items():
        out[paths.owner_calendar(slug)] = due.calendar(
            f"Compliance ledger: deadlines of {name}", (events[n] for n in positions)
        )
    return out


def _event_url(inp: SiteInput, o: Obligation) -> str | None:
    """The page showing the obligation's record; only under site_url (a calendar client cannot
    resolve a relative address)."""
    if not inp.extra.get("site_url"):
        return None
    view = inp.view
    if o.kind == "incident" and o.record in view.incidents:
        return feeds.page_url(inp, paths.incident(o.record), paths.CALENDAR)
    if o.kind == "contact" and o.record in view.contacts:
        page = feeds.page_url(inp, paths.CONTACTS, paths.CALENDAR)
        return f"{page}#{paths.contact_anchor(o.record)}"
    if o.kind == "problem-report" and o.record in view.problem_reports:
        page = feeds.page_url(inp, paths.PROBLEMS, paths.CALENDAR)
        return f"{page}#{paths.problem_anchor(o.record)}"
    if o.kind in ("certificate", "audit") and o.record in getattr(view, f"{o.kind}s"):
        return feeds.page_url(inp, getattr(paths, o.kind)(o.record), paths.CALENDAR)
    return None


def _by_path(findings: Sequence[Diagnostic]) -> dict[str, list[Diagnostic]]:
    out: dict[str, list[Diagnostic]] = defaultdict(list)
    for f in findings:
        out[f.pos.path].append(f)
    return out


def _incident_pages(
    inp: SiteInput, marks: Marks, upcoming: list[Obligation], stamp: str
) -> dict[str, str]:
    open_by, late_by = _by_path(inp.findings.open), _by_path(inp.findings.history)
    due_by: dict[str, list[Obligation]] = defaultdict(list)
    for o in upcoming:
        due_by[o.pos.path].append(o)
    return {
        paths.incident(inc.id): incident.page(
            inp.view,
            inc,
            marks,
            open_by.get(inc.path, []),
            late_by.get(inc.path, []),
            due_by.get(inc.path, []),
            history_at(inp.history.get(inc.path), inp.as_of),
            stamp,
        )
        for inc in inp.view.incidents.values()
    }


def recent_changes(inp: SiteInput) -> list[tuple[str, str, str]]:
    """The latest changes up to the as-of instant: commits when the history was read (none
    after the instant), else the latest dated activity in the as-of view."""
    view = inp.view
    ids = {
        r.path: r.id
        for kind in (view.incidents, view.contacts, view.problem_reports)
        for r in kind.values()
    }
    rows: list[tuple[datetime, str, str, str]] = []
    if inp.history:
        for path, found in inp.history.items():
            hist = history_at(found, inp.as_of)
            for c in hist.commits[:3] if hist is not None else ():
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
        for inc in view.incidents.values():
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
        (md.utc(at), record_link(view, paths.DASHBOARD, path, rid), what)
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
