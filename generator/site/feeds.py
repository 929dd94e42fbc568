"""The iCalendar feeds (all deadlines, and one per owner) and the Atom feed of updates.

Timestamps come from the records and the commit, never from the clock: DTSTAMP and the
feed's `updated` are the commit time (else the as-of instant), so rebuilding the same commit
gives the same bytes. Text goes out as plain text (Atom `type="text"`), never as markup.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime

import icalendar
from feedgen.feed import FeedGenerator  # type: ignore[import-untyped]

from generator.model import Ledger
from generator.site import paths
from generator.site.deadlines import Deadline
from generator.site.inputs import SiteInput
from generator.textsafe import visible, visible_lines, xml_text

PRODID = "-//compliance-ledger//site//EN"
UID_DOMAIN = "compliance-ledger.invalid"
ATOM_ENTRIES = 500


def page_url(inp: SiteInput, page: str, from_file: str) -> str:
    """The address of a generated page: absolute under site_url, else relative to `from_file`."""
    target = page.removesuffix("index.md").removesuffix(".md")
    target = target + "/" if target and not target.endswith("/") else target
    base = str(inp.extra.get("site_url") or "")
    if base:
        return base.rstrip("/") + "/" + target
    depth = from_file.count("/")
    return "../" * depth + target


def events(inp: SiteInput, deadlines: Iterable[Deadline]) -> dict[str, bytes]:
    """Each deadline's VEVENT, serialised once and shared by every calendar that lists it.

    icalendar escapes and formats each value; the lines are folded here, since icalendar's
    own folding cost 2 ms per event (a minute at 5,000 incidents). Tests parse the result
    back with icalendar.
    """
    stamp = icalendar.vDDDTypes(inp.feed_time).to_ical()
    return {d.uid: _event(inp, d, stamp) for d in deadlines}


def calendar(name: str, events: Iterable[bytes]) -> bytes:
    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("x-wr-calname", visible(name))
    whole: bytes = cal.to_ical()
    head, end = whole.rsplit(b"END:VCALENDAR", 1)
    return head + b"".join(events) + b"END:VCALENDAR" + end


def _event(inp: SiteInput, d: Deadline, stamp: bytes) -> bytes:
    due = icalendar.vDDDTypes(d.due).to_ical()
    met = f"\nMet: {d.met:%Y-%m-%d %H:%M} UTC" if d.met else ""
    props = [
        (b"UID", _text(f"{d.uid}@{UID_DOMAIN}")),
        (b"DTSTAMP", stamp),
        (b"DTSTART", due),
        (b"DTEND", due),
        (b"SUMMARY", _text(f"{'[met] ' if d.met else ''}{d.record}: {d.what}")),
        (b"DESCRIPTION", _text(f"Rule: {d.rule}\nOwner: {d.owner}\nRecord: {d.path}{met}")),
    ]
    if d.kind == "incident" and inp.extra.get("site_url"):
        # a calendar client cannot resolve a relative address: links need mkdocs.yml's site_url
        props.append((b"URL", page_url(inp, paths.incident(d.record), paths.CALENDAR).encode()))
    lines = [b"BEGIN:VEVENT", *(_fold(name + b":" + value) for name, value in props), b"END:VEVENT"]
    return b"\r\n".join(lines) + b"\r\n"


def _text(value: str) -> bytes:
    # icalendar escapes newlines, `;` and `,`; other controls and bidi overrides, which RFC 5545
    # forbids in TEXT or a client would act on, are written visibly first
    out: bytes = icalendar.vText(visible_lines(value)).to_ical()
    return out


def _fold(line: bytes, limit: int = 75) -> bytes:
    """RFC 5545 §3.1: lines of at most 75 octets, continued with CRLF + space, never
    splitting a UTF-8 character."""
    if len(line) <= limit:
        return line
    parts, start, size = [], 0, limit
    while start < len(line):
        end = min(start + size, len(line))
        while end < len(line) and (line[end] & 0xC0) == 0x80:
            end -= 1  # back off to the start of a UTF-8 character
        parts.append(line[start:end])
        start, size = end, limit - 1
    return b"\r\n ".join(parts)


def by_owner(deadlines: Iterable[Deadline]) -> dict[str, tuple[str, list[Deadline]]]:
    """Deadlines by owner slug: {slug: (owner, deadlines)}; two names never share a slug."""
    groups: dict[str, list[Deadline]] = defaultdict(list)
    for d in deadlines:
        groups[d.owner].append(d)
    out: dict[str, tuple[str, list[Deadline]]] = {}
    for owner in sorted(groups):
        slug = base = paths.owner_slug(owner)
        n = 2
        while slug in out:
            slug, n = f"{base}-{n}", n + 1
        out[slug] = (owner, groups[owner])
    return out


@dataclass(frozen=True, slots=True)
class Entry:
    at: datetime
    id: str
    title: str
    text: str
    record: str


def entries(ledger: Ledger, as_of: datetime) -> list[Entry]:
    """New incidents, updates and closures up to the as-of instant, newest first."""
    out = [e for e in _entries(ledger) if e.at <= as_of]
    return sorted(out, key=lambda e: (e.at, e.id), reverse=True)[:ATOM_ENTRIES]


def _entries(ledger: Ledger) -> Iterator[Entry]:
    for inc in ledger.incidents.values():
        yield Entry(
            inc.opened.utc, f"{inc.id}/opened", f"New incident: {inc.title}", inc.summary, inc.id
        )
        for n, update in enumerate(inc.updates, 1):
            yield Entry(
                update.at.utc, f"{inc.id}/update/{n}", f"Update on {inc.title}", update.text, inc.id
            )
        if inc.closure is not None:
            yield Entry(
                inc.closure.posted.utc,
                f"{inc.id}/closure",
                f"Closure summary: {inc.title}",
                inc.closure.description,
                inc.id,
            )


def atom(inp: SiteInput) -> bytes:
    fg = FeedGenerator()
    fg.id(f"tag:{UID_DOMAIN},2024:updates")
    fg.title("Compliance ledger: updates, closures and new incidents")
    fg.link(href=page_url(inp, paths.DASHBOARD, paths.ATOM), rel="alternate")
    fg.language("en")
    items = entries(inp.ledger, inp.as_of)
    fg.updated(items[0].at if items else inp.feed_time)
    for item in reversed(items):  # feedgen prepends: add oldest first to keep newest first
        entry = fg.add_entry()
        entry.id(f"tag:{UID_DOMAIN},2024:{item.id}")
        entry.title(xml_text(item.title))
        entry.updated(item.at)
        entry.published(item.at)
        entry.link(href=page_url(inp, paths.incident(item.record), paths.ATOM))
        entry.content(xml_text(item.text), type="text")
    data: bytes = fg.atom_str(pretty=True)
    return data
