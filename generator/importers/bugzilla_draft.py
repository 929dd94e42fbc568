"""The draft incident's YAML text, built from a loaded Bugzilla bug (see `bugzilla.load`)."""

from __future__ import annotations

from dataclasses import dataclass

from generator.importers.bugzilla import (
    CLOSED_STATUSES,
    RESOLUTIONS,
    Bug,
    Comment,
    closure_summary,
    instant,
    is_attested,
    is_question,
    whiteboard,
    without_quotes,
)
from generator.yaml_edit import date_scalar, scalar


@dataclass(frozen=True, slots=True)
class Draft:
    title: str
    opened: str
    text: str


def draft(bug: Bug, base_url: str) -> Draft:
    data = bug.data
    assignee = str(data.get("assigned_to") or "")
    owner = str((data.get("assigned_to_detail") or {}).get("real_name") or assignee or "unassigned")
    mine = [c for c in bug.comments if c.creator == assignee]
    closing = next(
        (c for c in reversed(mine) if closure_summary(c.text) and is_attested(c.text)), None
    )
    lines = _header(bug, base_url, owner, closing)
    lines += _timeline(bug, closing)
    reports = _reported(bug, assignee, closing)
    lines += _reports(reports, bug.id, base_url)
    posted = {id(c) for _, c in reports}
    lines += _updates([c for c in mine if c.count > 0 and id(c) not in posted], base_url, bug.id)
    lines += _questions(bug, assignee)
    if closing is not None and _closed(bug):
        lines += _closure(closing)
    return Draft(
        str(data.get("summary", "")), instant(str(data["creation_time"])), "\n".join(lines) + "\n"
    )


def _closed(bug: Bug) -> bool:
    return str(bug.data.get("status", "")) in CLOSED_STATUSES


def _header(bug: Bug, base_url: str, owner: str, closing: Comment | None) -> list[str]:
    data = bug.data
    tags, next_update, close_on = whiteboard(str(data.get("whiteboard") or ""))
    lines = [
        f"# Draft imported from Bugzilla bug {bug.id}: review every field before committing.",
        "schema_version: 1",
        f"title: {scalar(str(data.get('summary', '')), 0)}",
    ]
    if _closed(bug) and closing is not None:
        resolved = str(
            data.get("cf_last_resolved") or data.get("last_change_time") or data["creation_time"]
        )
        lines += [
            "status: closed",
            f"resolution: {RESOLUTIONS.get(str(data.get('resolution')), 'fixed')}",
            f"closed: {resolved[:10]}",
        ]
    else:
        if _closed(bug):
            lines.append(
                f"# The bug is {data.get('status')} {data.get('resolution')}, "
                "but no closure summary comment "
                "was found: add `closure:` before closing the record."
            )
        lines.append("status: open")
    lines += [
        f"opened: {date_scalar(instant(str(data['creation_time'])))}",
        f"owner: {scalar(owner, 0)}",
        f"bug: {base_url.rstrip('/')}/show_bug.cgi?id={bug.id}",
        f"tags: [{', '.join(tags)}]",
    ]
    lines += [f"next_update: {next_update}"] * bool(next_update) + [f"close_on: {close_on}"] * bool(
        close_on
    )
    see_also = [str(u) for u in data.get("see_also") or []]
    if see_also:
        lines.append("related:")
        lines += [f"  - {scalar(url, 2)}" for url in see_also]
    lines.append(f"summary: {scalar(_summary(bug), 0)}")
    return lines


def _summary(bug: Bug) -> str:
    first = without_quotes(bug.comments[0].text) if bug.comments else ""
    paragraphs = [p.strip() for p in first.split("\n\n") if p.strip()]
    for i, paragraph in enumerate(paragraphs):  # a report's "Summary" heading: take what follows it
        if paragraph.lower().lstrip("#* ").startswith("summary") and i + 1 < len(paragraphs):
            return paragraphs[i + 1][:1000]
    return (paragraphs[0] if paragraphs else str(bug.data.get("summary", "")))[:1000]


def _timeline(bug: Bug, closing: Comment | None) -> list[str]:
    data = bug.data
    lines = [
        "timeline:",
        f"  - at: {date_scalar(instant(str(data['creation_time'])))}",
        "    kind: report-posted",
        f"    event: {scalar(f'Bug {bug.id} filed: ' + str(data.get('summary', '')), 4)}",
    ]
    resolved = data.get("cf_last_resolved")
    if _closed(bug) and resolved and closing is not None:
        event = f"Bug resolved {data.get('resolution') or ''}".strip()
        lines += [
            f"  - at: {date_scalar(instant(str(resolved)))}",
            "    kind: end",
            f"    event: {scalar(event, 4)}",
        ]
    return lines


def _is_full(text: str) -> bool:
    lowered = text.lower()
    return "root cause" in lowered and "action item" in lowered


def _reported(bug: Bug, assignee: str, closing: Comment | None) -> list[tuple[str, Comment]]:
    """The assignee's comments that are reports: the first comment, full reports, the closure."""
    out = []
    for c in bug.comments:
        if c.creator != assignee or c is closing:
            continue
        if _is_full(c.text):
            out.append(("full", c))
        elif c.count == 0:
            out.append(("preliminary", c))
    return out + ([("closure", closing)] if closing is not None else [])


def _reports(reports: list[tuple[str, Comment]], bug_id: int, base_url: str) -> list[str]:
    if not reports:
        return []
    lines = ["reports:"]
    for kind, comment in reports:
        lines += [
            f"  - kind: {kind}",
            f"    at: {date_scalar(instant(comment.time))}",
            f"    url: {base_url.rstrip('/')}/show_bug.cgi?id={bug_id}#c{comment.count}",
        ]
    return lines


def _updates(comments: list[Comment], base_url: str, bug_id: int) -> list[str]:
    if not comments:
        return []
    lines = ["updates:"]
    for c in comments:
        text = without_quotes(c.text) or "(no text)"
        lines += [
            f"  - at: {date_scalar(instant(c.time))}",
            f"    text: {scalar(text, 4)}",
            f"    url: {base_url.rstrip('/')}/show_bug.cgi?id={bug_id}#c{c.count}",
        ]
    return lines


def _questions(bug: Bug, assignee: str) -> list[str]:
    asked = [
        c for c in bug.comments if c.count > 0 and c.creator != assignee and is_question(c.text)
    ]
    lines: list[str] = []
    for c in asked:
        answer = next(
            (a for a in bug.comments if a.creator == assignee and a.count > c.count), None
        )
        lines += [
            f"  - id: q{c.count}",
            f"    asked: {date_scalar(instant(c.time))}",
            f"    by: {scalar(c.creator, 4)}",
            f"    text: {scalar(without_quotes(c.text), 4)}",
        ]
        if answer is not None:
            lines.append(f"    answered: {date_scalar(instant(answer.time))}")
    lines += _needinfo(bug, {c.creator for c in asked})
    return ["questions:", *lines] if lines else []


def _needinfo(bug: Bug, covered: set[str]) -> list[str]:
    """Open needinfo requests whose setter asked nothing in a comment we already took."""
    lines = []
    for flag in bug.data.get("flags") or []:
        if (
            flag.get("name") != "needinfo"
            or flag.get("status") != "?"
            or flag.get("setter") in covered
        ):
            continue
        who = str(flag.get("requestee") or "the assignee")
        lines += [
            f"  - id: needinfo-{flag.get('id')}",
            f"    asked: {date_scalar(instant(str(flag['creation_date'])))}",
            f"    by: {scalar(str(flag.get('setter') or 'unknown'), 4)}",
            f"    text: {scalar(f'Needinfo requested of {who}.', 4)}",
        ]
    return lines


def _closure(comment: Comment) -> list[str]:
    fields = closure_summary(comment.text) or {}
    lines = ["closure:"]
    lines += [
        f"  {key}: {scalar(fields[key], 2)}"
        for key in ("description", "root_causes", "remediation", "commitments")
    ]
    lines += ["  attested: true", f"  posted: {date_scalar(instant(comment.time))}"]
    return lines
