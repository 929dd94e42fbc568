"""The line on every page: which commit, built when, findings as of when, and what falls due next.

The next open obligation (the engine's; the first row of the dashboard's "upcoming") rides
along as data attributes: assets/ledger.js compares it with the reader's clock and shows a
banner once it has passed, so a stale build never looks green.
"""

from __future__ import annotations

from generator.rules.obligation import Obligation
from generator.site import md, safe
from generator.site.inputs import SiteInput


def stamp(inp: SiteInput, next_due: Obligation | None) -> str:
    commit = inp.commit[:12] if inp.commit else "an uncommitted work tree"
    attrs = f'data-as-of="{md.iso(inp.as_of)}"'
    if next_due is not None:
        what = f"{next_due.what} ({next_due.record})"
        attrs += f' data-next-due="{md.iso(next_due.due)}" data-next-what="{safe.attr(what)}"'
    text = (
        f"Generated from commit <code>{safe.escape_html(commit)}</code> at {md.utc(inp.built)}, "
        f"findings as of {md.utc(inp.as_of)}."
    )
    return f'<div class="ledger-stamp" data-search-exclude {attrs}>{text}</div>\n\n'
