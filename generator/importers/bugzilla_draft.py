"""The draft incident's YAML text, built from a loaded Bugzilla bug (see `bugzilla.load`)."""

from __future__ import annotations

import json
from dataclasses import dataclass

from generator.importers import whiteboard
from generator.importers.bugzilla import (
    CLOSED_STATUSES,
    RESOLUTIONS,
    Bug,
    Comment,
    closure_summary,
    instant,
    is_attested,
    is_question,
    without_quotes,
)
from generator.yaml_edit import date_scalar, scalar


@dataclass(frozen=True, slots=True)
class Draft:
    bug_id: int
    title: str
    opened: str
    text: str
    notes: list[str]  # what the reviewer must know (a date not read, a placeholder), for stderr


STATE = "# bugzilla-sync: "  # the line that records what was last imported (see bugzilla_sync)


def record_id(bug_id: int) -> str:
    """The incident id of a bug: derived from the bug number only, so it never changes when
    the bug's summary does, and two imports of one bug can never make two records."""
    return f"bug-{bug_id}"


def bug_url(base_url: str, bug_id: int) -> str:
    return f"{base_url.rstrip('/')}/show_bug.cgi?id={bug_id}"


def ca_account(bug: Bug) -> str:
    """The CA's Bugzilla account: the assignee, else whoever filed the bug."""
    return str(bug.data.get("assigned_to") or bug.data.get("creator") or "")


def ca_owner(bug: Bug) -> str:
    """The CA from the summary's "Owner: title" convention, else the assignee's name."""
    head, colon, _ = str(bug.data.get("summary", "")).partition(":")
    if colon and 0 < len(head.strip()) <= 80 and "//" not in head:
        return head.strip()
    detail = bug.data.get("assigned_to_detail") or {}
    return str(detail.get("real_name") or bug.data.get("assigned_to") or "unassigned")


def is_closed(bug: Bug) -> bool:
    return str(bug.data.get("status", "")) in CLOSED_STATUSES


def closing_comment(bug: Bug) -> Comment | None:
    mine = [c for c in bug.comments if c.creator == ca_account(bug)]
    return next(
        (c for c in reversed(mine) if closure_summary(c.text) and is_attested(c.text)), None
    )


def snapshot(bug: Bug, base_comments: int | None = None) -> dict[str, object]:
    """What this import takes from Bugzilla, as recorded in the draft's state line."""
    board = whiteboard.parse(str(bug.data.get("whiteboard") or ""))
    counts = [c.count for c in bug.comments]
    return {
        "bug": bug.id,
        "status": str(bug.data.get("status", "")),
        "resolution": str(bug.data.get("resolution") or ""),
        "tags": board.tags,
        "next_update": board.next_update.isoformat() if board.next_update else None,
        "close_on": board.close_on.isoformat() if board.close_on else None,
        "comments": max([*counts, base_comments or -1]) if bug.with_comments else base_comments,
    }


def state_line(state: dict[str, object]) -> str:
    return STATE + json.dumps(state, sort_keys=True)


def draft(bug: Bug, base_url: str) -> Draft:
    data = bug.data
    account = ca_account(bug)
    mine = [c for c in bug.comments if c.creator == account]
    closing = closing_comment(bug)
    notes: list[str] = []
    lines = _header(bug, base_url, closing, notes)
    lines += _timeline(bug)
    reports = _reported(bug, account, closing)
    lines += _reports(reports, bug.id, base_url)
    posted = {id(c) for _, c in reports}
    lines += _updates([c for c in mine if c.count > 0 and id(c) not in posted], base_url, bug.id)
    lines += _questions(bug, account)
    if is_closed(bug):
        lines += closure_lines(bug, notes)
    opened = instant(str(data["creation_time"]))
    return Draft(bug.id, str(data["summary"]), opened, "\n".join(lines) + "\n", notes)


def closed_day(bug: Bug) -> str | None:
    data = bug.data
    resolved = data.get("cf_last_resolved") or data.get("last_change_time")
    return str(resolved)[:10] if resolved else None


def _header(bug: Bug, base_url: str, closing: Comment | None, notes: list[str]) -> list[str]:
    data = bug.data
    board = whiteboard.parse(str(data.get("whiteboard") or ""))
    lines = [
        f"# Draft imported from Bugzilla bug {bug.id}: review every field before committing.",
        "# The next line records what was imported, for the next import: leave it as it is.",
        state_line(snapshot(bug)),
        "schema_version: 1",
        f"title: {scalar(str(data['summary']), 0)}",
    ]
    if is_closed(bug):
        closed = closed_day(bug)
        if closed is None:
            closed = str(data["creation_time"])[:10]
            lines.append(
                "# closed: the import holds no resolution date (cf_last_resolved); the day the"
                " bug was filed stands in: correct it from the bug."
            )
            notes.append("closed date not in the import (cf_last_resolved): filing day used")
        lines += [
            "status: closed",
            f"resolution: {RESOLUTIONS.get(str(data.get('resolution')), 'fixed')}",
            f"closed: {closed}",
        ]
    else:
        lines.append("status: open")
    lines += [
        f"opened: {date_scalar(instant(str(data['creation_time'])))}",
        f"owner: {scalar(ca_owner(bug), 0)}",
        f"bug: {bug_url(base_url, bug.id)}",
        f"tags: [{', '.join(board.tags)}]",
    ]
    for problem in board.problems:
        lines.append(f"# {clean_comment(problem)}: set it by hand from the bug.")
        notes.append(problem)
    if board.next_update:
        lines.append(f"next_update: {board.next_update.isoformat()}")
    if board.close_on:
        lines.append(f"close_on: {board.close_on.isoformat()}")
    see_also = [str(u) for u in data.get("see_also") or []]
    if see_also:
        lines.append("related:")
        lines += [f"  - {scalar(url, 2)}" for url in see_also]
    lines.append(f"summary: {scalar(_summary(bug), 0)}")
    return lines


def clean_comment(text: str) -> str:
    """Text safe inside a one-line YAML comment."""
    return " ".join(text.split())[:300]


def _summary(bug: Bug) -> str:
    first = without_quotes(bug.comments[0].text) if bug.comments else ""
    paragraphs = [p.strip() for p in first.split("\n\n") if p.strip()]
    for i, paragraph in enumerate(paragraphs):  # a report's "Summary" heading: take what follows it
        if paragraph.lower().lstrip("#* ").startswith("summary") and i + 1 < len(paragraphs):
            return paragraphs[i + 1][:1000]
    return (paragraphs[0] if paragraphs else str(bug.data.get("summary", "")))[:1000]


def _timeline(bug: Bug) -> list[str]:
    data = bug.data
    lines = [
        "timeline:",
        f"  - at: {date_scalar(instant(str(data['creation_time'])))}",
        "    kind: report-posted",
        f"    event: {scalar(f'Bug {bug.id} filed: ' + str(data['summary']), 4)}",
    ]
    resolved = data.get("cf_last_resolved")
    if is_closed(bug) and resolved:
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


def closure_lines(bug: Bug, notes: list[str]) -> list[str]:
    """`closure:` from the CA's closure summary comment, else placeholders that say where it is."""
    closing = closing_comment(bug)
    return _closure(closing) if closing is not None else _placeholder_closure(bug, notes)


def _placeholder_closure(bug: Bug, notes: list[str]) -> list[str]:
    """A closed bug whose closure summary is not in the import: the record must still be
    closed (the bug is), so the closure names where the summary is instead of inventing it."""
    notes.append("closure summary not in the imported comments: placeholders written")
    missing = "Not imported: see the closure summary on the bug."
    lines = [
        "# The closure summary is not in the imported comments: copy it from the bug.",
        "closure:",
        f"  description: {scalar(str(bug.data['summary']), 2)}",
    ]
    lines += [
        f"  {key}: {scalar(missing, 2)}" for key in ("root_causes", "remediation", "commitments")
    ]
    posted = closed_day(bug) or str(bug.data["creation_time"])[:10]
    return [*lines, "  attested: true", f"  posted: {posted}"]


def _closure(comment: Comment) -> list[str]:
    fields = closure_summary(comment.text) or {}
    lines = ["closure:"]
    lines += [
        f"  {key}: {scalar(fields[key], 2)}"
        for key in ("description", "root_causes", "remediation", "commitments")
    ]
    lines += ["  attested: true", f"  posted: {date_scalar(instant(comment.time))}"]
    return lines
