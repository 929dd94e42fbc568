"""Import again = sync: a record already drafted from a bug takes only what changed on Bugzilla.

The draft's state line (`# bugzilla-sync: {...}`) records what the last import took from the
bug: status, resolution, whiteboard tags and dates, the last comment read. A field is changed
only when Bugzilla changed it since then, so a human edit of a Bugzilla-sourced field stays
until Bugzilla changes that field again, and every other field, comment and blank line of the
record is kept byte for byte (the edits are textual, see `yaml_edit`). A record written by
hand (no state line) is taken as the last import: where it differs from the bug, the bug wins
for status, tags and dates, and comments after its latest update or question are added.
"""

from __future__ import annotations

import json
import re
from typing import Any

from generator import yaml_edit
from generator.errors import LedgerError
from generator.importers import bugzilla_draft as drafting
from generator.importers.bugzilla import (
    CLOSED_STATUSES,
    RESOLUTIONS,
    Bug,
    Comment,
    instant,
    is_question,
    without_quotes,
)
from generator.load import Document, parse
from generator.yaml_edit import date_scalar, scalar

_STATE = re.compile(r"^# bugzilla-sync: (\{.*\})[ \t]*$", re.MULTILINE)
_COUNT = re.compile(r"#c([0-9]+)\s*$")


def state_of(text: str) -> dict[str, Any] | None:
    found = _STATE.search(text)
    if not found:
        return None
    try:
        state = json.loads(found.group(1))
    except json.JSONDecodeError:
        return None
    return state if isinstance(state, dict) else None


def sync(text: str, rel: str, bug: Bug, base_url: str) -> tuple[str, list[str]]:
    """The record's text after taking what changed on the bug, and those changes in words."""
    state = state_of(text)
    if state is not None and drafting.snapshot(bug, _count(state)) == state:
        return text, []  # nothing changed on Bugzilla: no need to read the record
    doc = _parse(rel, text)
    base = state or _as_imported(doc.data)
    new = drafting.snapshot(bug, _count(base))
    changes: list[str] = []
    text = _status(text, rel, bug, base, changes)
    for key in ("next_update", "close_on"):
        text = _dated(text, rel, key, base.get(key), new[key], changes)
    text = _tags(text, rel, base, new, changes)
    if bug.with_comments:
        text = _comments(text, rel, bug, base, base_url, changes)
    line = drafting.state_line(new)
    found = _STATE.search(text)
    text = _STATE.sub(lambda _: line, text, count=1) if found else line + "\n" + text
    return text, changes


def _count(state: dict[str, Any]) -> int | None:
    count = state.get("comments")
    return count if isinstance(count, int) and not isinstance(count, bool) else None


def _parse(rel: str, text: str) -> Document:
    doc = parse(rel, text)
    if not isinstance(doc, Document):
        raise LedgerError(
            f"{rel} cannot be read: {doc.message}", "fix the record first (`ledger validate`)"
        )
    return doc


def _as_imported(data: dict[str, Any]) -> dict[str, Any]:
    """A hand-written record's fields, as if an import had written them."""
    closed = data.get("status") == "closed"
    return {
        "status": "RESOLVED" if closed else "NEW",
        "resolution": str(data.get("resolution") or "").upper() if closed else "",
        "tags": [str(t) for t in data.get("tags") or []],
        "next_update": _str(data.get("next_update")),
        "close_on": _str(data.get("close_on")),
        "comments": None,
    }


def _str(value: Any) -> str | None:
    return None if value is None else str(value)


def _status(text: str, rel: str, bug: Bug, base: dict[str, Any], changes: list[str]) -> str:
    now_closed = drafting.is_closed(bug)
    if now_closed == (str(base.get("status")) in CLOSED_STATUSES):
        return _resolution(text, rel, bug, base, changes)
    doc = _parse(rel, text)
    was = doc.data.get("status")
    said = f"{bug.data.get('status')} {bug.data.get('resolution') or ''}".strip()
    if now_closed and was != "closed":
        closed = drafting.closed_day(bug) or str(bug.data["creation_time"])[:10]
        text = yaml_edit.set_key(text, doc.node, "status", "closed", [])
        resolution = RESOLUTIONS.get(str(bug.data.get("resolution")), "fixed")
        text = yaml_edit.set_key(text, _parse(rel, text).node, "resolution", resolution, ["status"])
        text = yaml_edit.set_key(text, _parse(rel, text).node, "closed", closed, ["resolution"])
        if "closure" not in doc.data:
            lines = drafting.closure_lines(bug, [])
            text = text.rstrip("\n") + "\n" + "\n".join(lines) + "\n"
        changes.append(f"status: {was} → closed ({said})")
    elif not now_closed and was == "closed":
        text = yaml_edit.set_key(text, doc.node, "status", "open", [])
        for key in ("resolution", "closed"):
            text = yaml_edit.drop_key(text, _parse(rel, text).node, key)
        changes.append(f"status: closed → open ({said})")
    return text


def _resolution(text: str, rel: str, bug: Bug, base: dict[str, Any], changes: list[str]) -> str:
    new = str(bug.data.get("resolution") or "")
    if not drafting.is_closed(bug) or new == base.get("resolution") or new not in RESOLUTIONS:
        return text
    doc = _parse(rel, text)
    if doc.data.get("status") != "closed" or doc.data.get("resolution") == RESOLUTIONS[new]:
        return text
    changes.append(f"resolution: {doc.data.get('resolution')} → {RESOLUTIONS[new]}")
    return yaml_edit.set_key(text, doc.node, "resolution", RESOLUTIONS[new], ["status"])


def _dated(text: str, rel: str, key: str, old: Any, new: Any, changes: list[str]) -> str:
    if new == old:
        return text
    doc = _parse(rel, text)
    current = _str(doc.data.get(key))
    if new is None:
        if current is None or current != old:
            return text  # set by hand, or already gone: the whiteboard no longer says
        changes.append(f"{key}: {current} removed (no longer on the whiteboard)")
        return yaml_edit.drop_key(text, doc.node, key)
    if current == new:
        return text
    changes.append(f"{key}: {current or '(none)'} → {new}")
    after = ["close_on", "next_update", "tags", "bug", "owner"]
    return yaml_edit.set_key(text, doc.node, key, str(new), after)


def _tags(
    text: str, rel: str, base: dict[str, Any], new: dict[str, Any], changes: list[str]
) -> str:
    old_tags = [str(t) for t in base.get("tags") or []]
    new_tags = [str(t) for t in new["tags"]]
    added = [t for t in new_tags if t not in old_tags]
    removed = [t for t in old_tags if t not in new_tags]
    if not added and not removed:
        return text
    doc = _parse(rel, text)
    have = [str(t) for t in doc.data.get("tags") or []]
    result = [t for t in have if t not in removed] + [t for t in added if t not in have]
    if result == have:
        return text
    gained = [t for t in result if t not in have]
    lost = [t for t in have if t not in result]
    changes.append("tags: " + ", ".join([f"+{t}" for t in gained] + [f"-{t}" for t in lost]))
    return yaml_edit.set_key(text, doc.node, "tags", f"[{', '.join(result)}]", ["bug", "owner"])


def _comments(
    text: str, rel: str, bug: Bug, base: dict[str, Any], base_url: str, changes: list[str]
) -> str:
    doc = _parse(rel, text)
    last = base.get("comments")
    seen = _seen(doc.data)
    if not isinstance(last, int):  # a record written by hand: what came after its latest entry
        last = max(seen, default=-1)
        latest = _latest(doc.data)
        fresh = [c for c in bug.comments if c.count > last and instant(c.time)[:10] > latest]
    else:
        fresh = [c for c in bug.comments if c.count > last]
    account = drafting.ca_account(bug)
    closing = drafting.closing_comment(bug)
    url = drafting.bug_url(base_url, bug.id)
    questions = {str(q.get("id")) for q in doc.data.get("questions") or [] if isinstance(q, dict)}
    for c in fresh:
        if c.count in seen or c.count == 0 or c is closing:
            continue
        if c.creator == account:
            pairs = [
                ("at", date_scalar(instant(c.time))),
                ("text", scalar(without_quotes(c.text) or "(no text)", 0)),
                ("url", f"{url}#c{c.count}"),
            ]
            text = _append(text, rel, "updates", pairs)
            changes.append(f"update added from comment #{c.count}")
        elif is_question(c.text) and f"q{c.count}" not in questions:
            pairs = [
                ("id", f"q{c.count}"),
                ("asked", date_scalar(instant(c.time))),
                ("by", scalar(c.creator or "unknown", 0)),
                ("text", scalar(without_quotes(c.text) or "(no text)", 0)),
            ]
            text = _append(text, rel, "questions", pairs)
            changes.append(f"question q{c.count} added from comment #{c.count}")
    return _answers(text, rel, account, fresh, changes)


def _answers(text: str, rel: str, account: str, fresh: list[Comment], changes: list[str]) -> str:
    """An open question of the record answered by a new comment of the CA's: `answered`."""
    replies = [c for c in fresh if c.creator == account and c.count > 0]
    doc = _parse(rel, text)
    for index, question in enumerate(doc.data.get("questions") or []):
        if not isinstance(question, dict) or "answered" in question:
            continue
        asked = str(question.get("asked") or "")
        found = re.fullmatch(r"q([0-9]+)", str(question.get("id")))
        later = [
            c
            for c in replies
            if (c.count > int(found.group(1)) if found else instant(c.time) > asked)
        ]
        if not later or not (found or str(question.get("id", "")).startswith("needinfo-")):
            continue  # only questions the import wrote: a human's own are theirs to close
        line = f"answered: {date_scalar(instant(later[0].time))}"
        text = yaml_edit.add_to_item(text, _parse(rel, text).node, "questions", index, line)
        changes.append(f"question {question.get('id')} answered by comment #{later[0].count}")
    return text


def _append(text: str, rel: str, key: str, pairs: list[tuple[str, str]]) -> str:
    maker = yaml_edit.ItemMaker(pairs, pairs)
    return yaml_edit.append_to_list(text, _parse(rel, text).node, key, maker)


def _seen(data: dict[str, Any]) -> set[int]:
    """Comment numbers the record already holds: update and report links, question ids."""
    seen = set()
    for key in ("updates", "reports"):
        for item in data.get(key) or []:
            found = _COUNT.search(str(item.get("url") or "")) if isinstance(item, dict) else None
            if found:
                seen.add(int(found.group(1)))
    for item in data.get("questions") or []:
        found = re.fullmatch(r"q([0-9]+)", str(item.get("id"))) if isinstance(item, dict) else None
        if found:
            seen.add(int(found.group(1)))
    return seen


def _latest(data: dict[str, Any]) -> str:
    days = [
        str(item.get(field))[:10]
        for key, field in (("updates", "at"), ("questions", "asked"), ("reports", "at"))
        for item in data.get(key) or []
        if isinstance(item, dict) and item.get(field)
    ]
    return max(days, default="")
