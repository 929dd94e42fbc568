"""One page per incident: everything the record says, its findings and its git history."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from generator.diagnostics import Diagnostic
from generator.model import Incident, Ledger, Lesson, Revocation
from generator.rules.obligation import Obligation
from generator.site import charts, md, paths, safe
from generator.site.inputs import RecordHistory
from generator.site.pages.common import QUIET, Marks, findings_table

ACTION_HEADER = ["Id", "Action", "Kind", "Root causes", "Evaluation", "Due", "Status"]


def page(
    ledger: Ledger,
    inc: Incident,
    marks: Marks,
    open_findings: Sequence[Diagnostic],
    late: Sequence[Diagnostic],
    upcoming: Sequence[Obligation],
    history: RecordHistory | None,
    stamp: str,
) -> str:
    """`inc` as it stood at the as-of instant (from the view); `open_findings` and `late` (met
    late or missed) are the engine's, `upcoming` its open obligations for this incident, and
    `history` the commits up to the as-of instant."""
    here = paths.incident(inc.id)
    # No h1: the theme prints the (escaped) title as h1, and the summary before the first
    # heading becomes the text of the page's one search entry. Every section after it is
    # excluded from search: one small index entry per incident keeps search fast at 5,000.
    parts = [
        md.front_matter(inc.title, tags=inc.tags),
        stamp,
        safe.markdown(inc.summary) + "\n",
        f"## Record{QUIET}\n\n" + _facts(ledger, inc),
        _text("Impact", inc.impact),
    ]
    parts.append(_findings(ledger, here, open_findings, late, upcoming, marks))
    parts.append(action_items(ledger, inc, marks))
    parts.extend(_sections(ledger, inc, here, history))
    return "\n".join(p for p in parts if p)


def _facts(ledger: Ledger, inc: Incident) -> str:
    state = inc.status + (f" ({inc.resolution})" if inc.resolution else "")
    rows = [
        ("Id", f"`{inc.id}`"),
        ("Status", state),
        ("Owner", safe.inline(inc.owner)),
        ("Opened", md.when(inc.opened)),
        ("Aware", md.when(inc.aware) if inc.aware else ""),
        ("Closed", md.day(inc.closed)),
        ("Bug", md.ext_link(inc.bug or "", inc.bug) if inc.bug else ""),
        ("Source", inc.source or ""),
        ("Tags", ", ".join(f"`{t}`" for t in inc.tags)),
        ("Next update", md.day(inc.next_update)),
        ("Close on", md.day(inc.close_on)),
        ("Delayed revocation", "yes" if inc.revocation_delay else ""),
        ("Record", f"`{inc.path}`"),
    ]
    return md.table(["Field", "Value"], [r for r in rows if r[1]])


def _text(title: str, text: str | None) -> str:
    if not text:
        return ""
    return f"## {title}{QUIET}\n\n{safe.markdown(text)}\n"


def _findings(
    ledger: Ledger,
    here: str,
    open_findings: Sequence[Diagnostic],
    late: Sequence[Diagnostic],
    upcoming: Sequence[Obligation],
    marks: Marks,
) -> str:
    out = [f"## Findings{QUIET}\n"]
    out.append(
        findings_table(ledger, here, open_findings, marks.as_of, with_record=False)
        if open_findings
        else "No open findings at the as-of instant.\n"
    )
    if late:
        out.append(f"### Met late or missed{QUIET}\n")
        out.append(findings_table(ledger, here, late, marks.as_of, with_record=False, done=True))
    if upcoming:
        out.append(f"### Upcoming deadlines{QUIET}\n")
        out.append(
            md.table(
                ["Due", "What", "Rule", "Owner"],
                (
                    [md.utc(o.due), safe.inline(o.what), f"`{o.rule}`", safe.inline(o.owner)]
                    for o in upcoming
                ),
            )
        )
    return "\n".join(out)


def action_items(ledger: Ledger, inc: Incident, marks: Marks) -> str:
    """The action items table in the CCADB column order, with overdue and due-soon marks."""
    if not inc.action_items:
        return f"## Action items{QUIET}\n\nNone recorded.\n"
    rows = []
    for ai in inc.action_items:
        status = ai.status + (f" {ai.completed.isoformat()}" if ai.completed else "")
        rows.append(
            [
                f"`{ai.id}`",
                safe.inline(ai.action),
                ai.kind,
                ", ".join(f"`{r}`" for r in ai.root_causes),
                safe.inline(ai.evaluation or ""),
                ai.due.isoformat(),
                f"{status} {marks.of(inc.id, ai)}".strip(),
            ]
        )
    return f"## Action items{QUIET}\n\n" + md.table(ACTION_HEADER, rows)


def _sections(
    ledger: Ledger, inc: Incident, here: str, history: RecordHistory | None
) -> Iterator[str]:
    yield _timeline(inc)
    if inc.root_causes:
        yield (
            f"## Root causes{QUIET}\n\n"
            + "\n".join(
                f"- **`{rc.id}`** {safe.inline(rc.title)}: {safe.inline(rc.description)}"
                for rc in inc.root_causes
            )
            + "\n"
        )
    yield _lessons(inc)
    if inc.reports:
        yield f"## Reports{QUIET}\n\n" + md.table(
            ["Kind", "Posted", "Link"],
            (
                [r.kind, md.when(r.at), md.ext_link("link", r.url) if r.url else ""]
                for r in inc.reports
            ),
        )
    if inc.updates:
        yield f"## Updates{QUIET}\n\n" + md.table(
            ["Posted", "Update", "Revocation counts"],
            (
                [
                    md.when(u.at),
                    safe.inline(u.text) + (" " + md.ext_link("link", u.url) if u.url else ""),
                    _revocation(u.revocation),
                ]
                for u in inc.updates
            ),
        )
    if inc.questions:
        yield f"## Questions{QUIET}\n\n" + md.table(
            ["Id", "Asked", "By", "Question", "Answered"],
            (
                [
                    f"`{q.id}`",
                    md.when(q.asked),
                    safe.inline(q.by),
                    safe.inline(q.text),
                    md.when(q.answered) if q.answered else "**unanswered**",
                ]
                for q in inc.questions
            ),
        )
    if inc.promises:
        yield f"## Promises{QUIET}\n\n" + md.table(
            ["Promise", "Due", "Kept"],
            (
                [safe.inline(p.what), md.when(p.due), md.when(p.kept) if p.kept else ""]
                for p in inc.promises
            ),
        )
    yield _closure(inc)
    yield _related(ledger, inc, here)
    if inc.waivers:
        yield f"## Waivers{QUIET}\n\n" + md.table(
            ["Rule", "Item", "Until", "Reason", "Approved by"],
            (
                [
                    f"`{w.rule}`",
                    w.item or "",
                    w.until.isoformat(),
                    safe.inline(w.reason),
                    safe.inline(w.approved_by),
                ]
                for w in inc.waivers
            ),
        )
    yield _git(history)


def _timeline(inc: Incident) -> str:
    points = [
        charts.Point(e.at.utc, f"{i}. {e.kind or 'event'} — {md.when(e.at)}", e.kind or "other")
        for i, e in enumerate(inc.timeline, 1)
    ]
    rows = [
        [
            str(i),
            md.utc(e.at.utc) if e.at.day is None else e.at.day.isoformat(),
            md.original(e.at),
            e.kind or "",
            safe.inline(e.event),
        ]
        for i, e in enumerate(inc.timeline, 1)
    ]
    diagram = charts.timeline(f"Timeline of {inc.id}", points)
    return (
        f'## Timeline{QUIET}\n\n<div class="ledger-chart-box">{diagram.strip()}</div>\n\n'
        + md.table(["#", "UTC", "Original", "Kind", "Event"], rows)
    )


def _lessons(inc: Incident) -> str:
    groups = [
        ("Went well", inc.lessons.went_well),
        ("Went wrong", inc.lessons.went_wrong),
        ("Lucky", inc.lessons.lucky),
    ]
    if not any(items for _, items in groups):
        return ""
    out = [f"## Lessons{QUIET}\n"]
    for title, items in groups:
        if items:
            out.append(f"**{title}**\n\n" + "\n".join(_lesson(lesson) for lesson in items) + "\n")
    return "\n".join(out)


def _lesson(lesson: Lesson) -> str:
    linked = (
        f" (action items: {', '.join(f'`{a}`' for a in lesson.action_items)})"
        if lesson.action_items
        else ""
    )
    return f"- {safe.inline(lesson.text)}{linked}"


def _revocation(rev: Revocation | None) -> str:
    if rev is None:
        return ""
    eta = md.when(rev.eta) if rev.eta else "?"
    return f"revoked {rev.revoked}, remaining {rev.remaining}, expired {rev.expired}, ETA {eta}"


def _closure(inc: Incident) -> str:
    c = inc.closure
    if c is None:
        return ""
    rows = [
        ("Description", c.description),
        ("Root causes", c.root_causes),
        ("Remediation", c.remediation),
        ("Commitments", c.commitments),
    ]
    body = "\n".join(f"**{title}**: {safe.inline(text)}\n" for title, text in rows)
    return (
        f"## Closure summary{QUIET}\n\nPosted {md.when(c.posted)}; completion "
        f"{'attested' if c.attested else 'not attested'}.\n\n{body}"
    )


def _related(ledger: Ledger, inc: Incident, here: str) -> str:
    if not inc.related:
        return ""
    items = []
    for rel in inc.related:
        if rel.is_url:
            target = md.ext_link(rel.ref, rel.ref)
        elif rel.ref in ledger.incidents:
            target = md.link(ledger.incidents[rel.ref].title, here, paths.incident(rel.ref))
        else:
            target = f"`{rel.ref}`"
        items.append(f"- {rel.relation}: {target}")
    return f"## Related incidents{QUIET}\n\n" + "\n".join(items) + "\n"


def _git(history: RecordHistory | None) -> str:
    if history is None:
        return f"## Git history{QUIET}\n\nNo git history was read for this build.\n"
    if not history.commits:
        return f"## Git history{QUIET}\n\nNo commit had touched this record by the as-of instant.\n"
    out = [
        f"## Git history{QUIET}\n",
        md.table(
            ["Commit", "Date", "Author", "Subject"],
            (
                [f"`{c.sha[:10]}`", md.utc(c.at), safe.inline(c.author), safe.inline(c.subject)]
                for c in history.commits
            ),
        ),
    ]
    if history.slips:
        out.append("**Due-date slips**\n")
        out.append(
            md.table(
                ["Action item", "Due before", "Due after", "Commit", "Author", "Date"],
                (
                    [
                        f"`{s.item}`",
                        s.before,
                        s.after,
                        f"`{s.commit.sha[:10]}`",
                        safe.inline(s.commit.author),
                        md.utc(s.commit.at),
                    ]
                    for s in history.slips
                ),
            )
        )
    return "\n".join(out)
