"""One record's history → text for people, JSON for machines (`ledger history`)."""

from __future__ import annotations

import json
from typing import Any

from generator.history.model import Commit, FieldChange, FileHistory, History, Recorded
from generator.textsafe import visible
from generator.values import format_instant


def as_data(history: History, found: FileHistory, record: str) -> dict[str, Any]:
    commits = [history.commits[sha] for sha in found.commits]
    return {
        "record": record,
        "path": found.path,
        "former_paths": list(found.former_paths),
        "head": history.head,
        "uncommitted": found.uncommitted,
        "created": _commit(commits[0]) if commits else None,
        "last_changed": _commit(commits[-1]) if commits else None,
        "authors": history.authors(found.path),
        "commits": [_commit(c) for c in commits],
        "changes": [_change(history, c) for c in found.changes],
        "recorded": [_recorded(history, r) for r in found.recorded],
    }


def _commit(c: Commit) -> dict[str, Any]:
    return {
        "sha": c.sha,
        "author": c.author,
        "email": c.email,
        "date": _iso(c),
        "subject": c.subject,
        "merge": c.merge,
    }


def _iso(c: Commit) -> str:
    return c.authored.strftime("%Y-%m-%dT%H:%M:%SZ")


def _change(history: History, c: FieldChange) -> dict[str, Any]:
    commit = history.commits[c.commit]
    return {
        "field": c.field,
        "item": c.item,
        "from": c.old,
        "to": c.new,
        "days": c.slip_days,
        "commit": c.commit,
        "author": commit.author,
        "date": _iso(commit),
    }


def _recorded(history: History, r: Recorded) -> dict[str, Any]:
    commit = history.commits[r.commit]
    return {
        "what": r.what,
        "key": r.key,
        "claimed": r.text,
        "commit": r.commit,
        "author": commit.author,
        "date": _iso(commit),
        "lag_days": (commit.authored.date() - r.claimed).days,
    }


def as_json(history: History, found: FileHistory, record: str) -> str:
    return json.dumps(as_data(history, found, record), indent=2, ensure_ascii=False) + "\n"


def as_text(history: History, found: FileHistory, record: str) -> str:
    data = as_data(history, found, record)
    lines = [f"{visible(found.path)} ({visible(record)})"]
    lines += [f"  formerly {visible(p)}" for p in found.former_paths]
    if found.uncommitted:
        lines.append(f"  uncommitted: {found.uncommitted} in the work tree (not in the history)")
    if not found.commits:
        lines.append("  no commits yet")
        return _join(lines)
    lines.append(f"  created       {_line(history.commits[found.commits[0]])}")
    lines.append(f"  last changed  {_line(history.commits[found.commits[-1]])}")
    lines.append(f"  authors       {visible(', '.join(data['authors']))}")
    lines.append(f"\ncommits ({len(found.commits)}, oldest first)")
    lines += [f"  {_line(history.commits[sha])}" for sha in found.commits]
    if found.changes:
        lines.append("\nfield history")
        lines += [f"  {_change_line(history, c)}" for c in found.changes]
    if found.recorded:
        lines.append("\nrecorded (claimed date → the commit that first recorded it)")
        lines += [f"  {_recorded_line(item)}" for item in data["recorded"]]
    return _join(lines)


def _line(c: Commit) -> str:
    merge = " (merge)" if c.merge else ""
    return (
        f"{format_instant(c.authored)}  {c.short}  {visible(c.author)}  {visible(c.subject)}{merge}"
    )


def _change_line(history: History, c: FieldChange) -> str:
    commit = history.commits[c.commit]
    what = f"action item {c.item!r} {c.field}" if c.item else _SUBJECT.get(c.field, c.field)
    if c.old is None:
        text = f"{what} set to {c.new}"
    else:
        slip = f" ({c.slip_days:+d} days)" if c.slip_days is not None else ""
        text = f"{what} {c.old} → {c.new}{slip}"
    who = visible(commit.author)
    return f"{format_instant(commit.authored)}  {commit.short}  {who}  {visible(text)}"


_SUBJECT = {"status": "status", "owner": "current owner"}


def _recorded_line(item: dict[str, Any]) -> str:
    name = "" if item["what"] == "update" else f" {item['key']!r}"
    return (
        f"{item['what']}{name} dated {item['claimed']}: recorded {item['date'][:10]} in "
        f"{item['commit'][:10]} by {visible(item['author'])} ({item['lag_days']} days later)"
    )


def _join(lines: list[str]) -> str:
    return "".join(line + "\n" for line in lines)
