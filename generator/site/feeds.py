"""The Atom feed of updates, and the obligations grouped by owner for the per-owner calendars.

The calendars themselves are `generator.due`'s iCalendar (what `ledger due --format ics`
prints). Timestamps come from the records and the commit, never from the clock: the feed's
`updated` is the latest entry (else the commit time, else the as-of instant), so rebuilding
the same commit gives the same bytes. Text goes out as plain text (Atom `type="text"`).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime

from feedgen.feed import FeedGenerator  # type: ignore[import-untyped]

from generator.model import Ledger
from generator.rules.obligation import Obligation
from generator.site import paths
from generator.site.inputs import SiteInput
from generator.textsafe import xml_text

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


def by_owner(obligations: Iterable[Obligation]) -> dict[str, tuple[str, list[int]]]:
    """Positions in `obligations` by owner slug: {slug: (owner, positions)}; two names never
    share a slug. Positions, so each calendar reuses the event serialised once."""
    groups: dict[str, list[int]] = defaultdict(list)
    for n, o in enumerate(obligations):
        groups[o.owner or "unassigned"].append(n)
    out: dict[str, tuple[str, list[int]]] = {}
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
    items = entries(inp.view, inp.as_of)
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
