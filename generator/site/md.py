"""Small Markdown writers the pages share: front matter, tables, links, times, the stamp."""

from __future__ import annotations

import json
import posixpath
from collections.abc import Iterable, Sequence
from datetime import UTC, date, datetime, timedelta

from generator.site import safe
from generator.values import When, format_instant


def front_matter(
    title: str, *, tags: Sequence[str] = (), search_exclude: bool = False, hide: Sequence[str] = ()
) -> str:
    # JSON is valid YAML and quotes every value, so no title can break the front matter (ASCII
    # escapes: YAML refuses C1 controls raw); the theme prints the title unescaped (<title>,
    # header, navigation), so it is escaped here
    lines = ["---", f"title: {json.dumps(safe.attr(' '.join(title.split())))}"]
    if tags:
        lines.append(f"tags: {json.dumps(list(tags))}")
    if hide:
        lines.append(f"hide: {json.dumps(list(hide))}")
    if search_exclude:
        lines.append("search:\n  exclude: true")
    return "\n".join([*lines, "---", ""]) + "\n"


def table(header: Sequence[str], rows: Iterable[Sequence[str]]) -> str:
    """A Markdown table; cells must already be inline-safe (see `safe.inline`)."""
    out = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    out.extend("| " + " | ".join(cell or " " for cell in row) + " |" for row in rows)
    return "\n".join(out) + "\n"


def rel(from_page: str, to_path: str) -> str:
    """A relative link between two docs-dir paths (MkDocs checks these in --strict)."""
    return posixpath.relpath(to_path, posixpath.dirname(from_page) or ".")


def link(text: str, from_page: str, to_path: str, anchor: str = "") -> str:
    return f"[{safe.plain(text)}]({rel(from_page, to_path)}{'#' + anchor if anchor else ''})"


def ext_link(text: str, url: str | None) -> str:
    """An outside link when its scheme is safe, else the address as plain text."""
    good = safe.safe_url(url)
    if good is None:
        return safe.plain(url or text)
    return f"[{safe.plain(text)}](<{good.replace('>', '%3E').replace(' ', '%20')}>)"


def utc(moment: datetime) -> str:
    return format_instant(moment)


def when(value: When) -> str:
    """A record's moment as people need it: UTC, and the original offset when it differs."""
    if value.day is not None:
        return value.day.isoformat()
    shown = format_instant(value.utc)
    if (value.local.utcoffset() or timedelta(0)) == timedelta(0):
        return shown
    return f"{shown} ({original(value)})"


def original(value: When) -> str:
    """The moment as the record wrote it: local time and offset (a date stays a date)."""
    if value.day is not None:
        return value.day.isoformat()
    local = value.local
    return f"{local.strftime('%Y-%m-%d %H:%M')} {_offset(local.utcoffset() or timedelta(0))}"


def _offset(delta: timedelta) -> str:
    minutes = int(delta.total_seconds()) // 60
    sign = "+" if minutes >= 0 else "-"
    hours, mins = divmod(abs(minutes), 60)
    return f"UTC{sign}{hours:02d}:{mins:02d}"


def day(value: date | None) -> str:
    return value.isoformat() if value else ""


def iso(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
