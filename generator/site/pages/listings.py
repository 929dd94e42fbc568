"""Index pages: incidents by status and year, action items by due date, contacts, CPRs."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import datetime, timedelta

from generator.model import ActionItem, Contact, Incident, Ledger, ProblemReport
from generator.rules.obligation import Obligation
from generator.site import md, paths, safe
from generator.site.pages.common import QUIET, Marks, is_open, rule_option
from generator.values import format_delay

RECENTLY_DONE_DAYS = 90
PRELIMINARY = "cpr-preliminary-overdue"
NOT_OPENED = "not opened yet"


def status_at(inc: Incident, as_of: datetime) -> str:
    """open | closed | not opened yet, at the as-of instant (the view's status, see is_open)."""
    if is_open(inc, as_of):
        return "open"
    return inc.status if inc.opened.utc <= as_of else NOT_OPENED


def _incident_rows(
    ledger: Ledger, page: str, incidents: list[Incident], as_of: datetime
) -> list[list[str]]:
    return [
        [
            md.link(i.title, page, paths.incident(i.id)),
            f"`{i.id}`",
            status_at(i, as_of),
            safe.inline(i.owner),
            md.when(i.opened),
            md.day(i.closed),
        ]
        for i in incidents
    ]


HEADER = ["Title", "Id", "Status", "Owner", "Opened", "Closed"]


def incidents_index(ledger: Ledger, as_of: datetime, stamp: str) -> str:
    """Open incidents listed; every year linked with its counts by status at the as-of instant
    (`ledger` is the as-of view)."""
    page = paths.INCIDENTS
    incidents = sorted(ledger.incidents.values(), key=lambda i: (i.opened.utc, i.id), reverse=True)
    open_now = [i for i in incidents if is_open(i, as_of)]
    years: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for inc in incidents:
        years[inc.opened.utc.year][status_at(inc, as_of)] += 1
    year_rows = [
        [
            md.link(str(y), page, paths.year(y)),
            str(c["open"]),
            str(c["closed"]),
            str(sum(c.values())),
        ]
        for y, c in sorted(years.items(), reverse=True)
    ]
    return "\n".join(
        [
            md.front_matter("Incidents", search_exclude=True),
            stamp,
            "# Incidents\n",
            f"## By year{QUIET}\n",
            md.table(["Year", "Open", "Closed", "All"], year_rows),
            f"## Open ({len(open_now)})\n",
            md.table(HEADER, _incident_rows(ledger, page, open_now, as_of))
            if open_now
            else "No open incidents.\n",
        ]
    )


def year_pages(ledger: Ledger, as_of: datetime, stamp: str) -> dict[int, str]:
    by_year: dict[int, list[Incident]] = defaultdict(list)
    for inc in ledger.incidents.values():
        by_year[inc.opened.utc.year].append(inc)
    out = {}
    for year, incidents in by_year.items():
        page = paths.year(year)
        parts = [
            md.front_matter(f"Incidents opened in {year}", search_exclude=True),
            stamp,
            f"# Incidents opened in {year}\n",
        ]
        for status in ("open", "closed", NOT_OPENED):
            chosen = sorted(
                (i for i in incidents if status_at(i, as_of) == status),
                key=lambda i: (i.opened.utc, i.id),
            )
            if chosen:
                parts += [
                    f"## {status.capitalize()} ({len(chosen)}){QUIET}\n",
                    md.table(HEADER, _incident_rows(ledger, page, chosen, as_of)),
                ]
        out[year] = "\n".join(parts)
    return out


def actions(ledger: Ledger, marks: Marks, stamp: str) -> str:
    """Open action items across all incidents by due date, then those done in the last 90 days."""
    page = paths.ACTIONS
    items = sorted(
        ((ai.due, inc.id, ai) for inc in ledger.incidents.values() for ai in inc.action_items),
        key=lambda t: (t[0], t[1], t[2].id),
    )
    header = ["Due", "Incident", "Id", "Action", "Kind", "Owner", "Status"]

    def row(inc_id: str, ai: ActionItem) -> list[str]:
        inc = ledger.incidents[inc_id]
        status = f"{ai.status} {marks.of(inc_id, ai)}".strip()
        return [
            ai.due.isoformat(),
            md.link(inc_id, page, paths.incident(inc_id)),
            f"`{ai.id}`",
            safe.inline(ai.action),
            ai.kind,
            safe.inline(ai.owner or inc.owner),
            status,
        ]

    open_rows = [row(i, ai) for _, i, ai in items if marks.open(ai)]
    since = (marks.as_of - timedelta(days=RECENTLY_DONE_DAYS)).date()
    done_rows = [
        row(i, ai)
        for _, i, ai in items
        if not marks.open(ai) and ai.completed and ai.completed >= since
    ]
    csv = md.rel(page, paths.ACTIONS_CSV)
    return "\n".join(
        [
            # searchable: an open action item is found from the search box by its words (one
            # entry per section, so the index grows with open items only, not with history)
            md.front_matter("Action items"),
            stamp,
            "# Action items\n",
            f"Every action item, including all completed ones, is in the [CSV export]({csv}).\n",
            f"## Open ({len(open_rows)})\n",
            md.table(header, open_rows) if open_rows else "None.\n",
            f"## Completed in the last {RECENTLY_DONE_DAYS} days ({len(done_rows)})\n",
            md.table(header, done_rows) if done_rows else "None.\n",
        ]
    )


def contacts(ledger: Ledger, stamp: str) -> str:
    parts = [md.front_matter("Contacts"), stamp, "# Contacts\n"]
    for contact in ledger.contacts.values():
        parts.append(_contact(contact))
    if not ledger.contacts:
        parts.append("No contacts recorded.\n")
    return "\n".join(parts)


def _contact(c: Contact) -> str:
    current = next((o for o in c.owners if o.until is None), None)
    verified = max((v.on for v in c.verifications), default=None)
    state = f"retired {c.retired.isoformat()}" if c.retired else "in use"
    facts = [
        ("Address", f"`{c.address.replace('`', '')}`"),
        ("Purpose", c.purpose),
        ("Personal", "yes" if c.personal else "no"),
        ("Current owner", safe.inline(current.owner) if current else "**none**"),
        ("Registries", ", ".join(safe.inline(d) for d in c.disclosed_in) or "not disclosed"),
        ("Last verified", verified.isoformat() if verified else "**never**"),
        ("Verify every", f"{c.verify_every} days" if c.verify_every else "policy default"),
        ("Valid until", md.day(c.valid_until)),
        ("State", state),
        (
            "Replaced by",
            f"[{c.replaced_by}](#{paths.contact_anchor(c.replaced_by)})" if c.replaced_by else "",
        ),
        ("Record", f"`{c.path}`"),
    ]
    owners = md.table(
        ["Owner", "From", "Until", "Registry updated", "Note"],
        (
            [
                safe.inline(o.owner),
                md.day(o.start) or "(unknown)",
                md.day(o.until),
                md.day(o.registry_updated),
                safe.inline(o.note or ""),
            ]
            for o in c.owners
        ),
    )
    return (
        f"## {safe.plain(c.id)} {{ #{paths.contact_anchor(c.id)} }}\n\n"
        + md.table(["Field", "Value"], [r for r in facts if r[1]])
        + "\n**Ownership history**\n\n"
        + owners
    )


def problem_reports(
    ledger: Ledger, obligations: Iterable[Obligation], as_of: datetime, stamp: str
) -> str:
    hours = int(rule_option(ledger.policy, PRELIMINARY, "hours"))
    preliminary = {(o.record, o.item): o for o in obligations if o.rule == PRELIMINARY}
    parts = [
        md.front_matter("Problem reports"),
        stamp,
        "# Problem reports\n",
        f"The {hours}-hour status: whether the preliminary report reached the reporter and the "
        f"subscriber within {hours} hours of receipt (`{PRELIMINARY}`), as judged at the as-of "
        "instant.\n",
    ]
    for report in sorted(
        ledger.problem_reports.values(), key=lambda r: (r.received.utc, r.id), reverse=True
    ):
        parts.append(_problem(ledger, report, preliminary, hours, as_of))
    if not ledger.problem_reports:
        parts.append("No problem reports recorded.\n")
    return "\n".join(parts)


def status_24h(o: Obligation | None, as_of: datetime) -> str:
    """The preliminary report's obligation as words: met, met late by X, late by X, open."""
    if o is None:
        return "not judged (the rule is off, or the report came before it applied)"
    state = o.state(as_of)
    until = o.late_by(as_of)
    late = format_delay(until - o.due) if until is not None else ""
    if state == "met" and o.met is not None:
        return f"met (sent {md.utc(o.met)})"
    if state == "met-late" and o.met is not None:
        return f"**met late** by {late} (sent {md.utc(o.met)}, due {md.utc(o.due)})"
    if state in ("late", "waived"):
        waived = ", waived" if state == "waived" else ""
        return f"**late** by {late}{waived}: no preliminary report yet (due {md.utc(o.due)})"
    if state == "missed":
        return f"**missed** (due {md.utc(o.due)}; {safe.inline(o.ended_note)})"
    return f"open, due {md.utc(o.due)}"


def _problem(
    ledger: Ledger,
    r: ProblemReport,
    preliminary: dict[tuple[str, str | None], Obligation],
    hours: int,
    as_of: datetime,
) -> str:
    channel = (
        f"[{r.channel}]({md.rel(paths.PROBLEMS, paths.CONTACTS)}#{paths.contact_anchor(r.channel)})"
        if r.channel in ledger.contacts
        else f"`{r.channel}`"
    )
    incident = (
        md.link(r.incident, paths.PROBLEMS, paths.incident(r.incident))
        if r.incident is not None and r.incident in ledger.incidents
        else ""
    )
    facts = [
        ("Received", md.when(r.received)),
        ("Channel", channel),
        ("Reporter", safe.inline(r.reporter or "")),
        (f"{hours}-hour status, reporter", status_24h(preliminary.get((r.id, "reporter")), as_of)),
        (
            f"{hours}-hour status, subscriber",
            status_24h(preliminary.get((r.id, "subscriber")), as_of),
        ),
        ("Reason", r.reason or ""),
        ("Certificates", str(r.certificates) if r.certificates is not None else ""),
        ("Acknowledged", md.when(r.acknowledged) if r.acknowledged else ""),
        ("Preliminary report", md.when(r.preliminary_report) if r.preliminary_report else ""),
        (
            "Preliminary report to the subscriber",
            md.when(r.preliminary_report_subscriber) if r.preliminary_report_subscriber else "",
        ),
        ("Revoked", md.when(r.revoked) if r.revoked else ""),
        ("Cleared", md.when(r.cleared) if r.cleared else ""),
        ("No revocation because", safe.inline(r.no_revocation or "")),
        ("Incident", incident),
        ("Record", f"`{r.path}`"),
    ]
    return (
        f"## {safe.plain(r.id)} {{ #{paths.problem_anchor(r.id)} }}\n\n"
        f"{safe.markdown(r.summary)}\n\n" + md.table(["Field", "Value"], [f for f in facts if f[1]])
    )
