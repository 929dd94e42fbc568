"""Record text → Markdown that cannot carry markup, script or unsafe links onto the page.

Records are Markdown, but written by many hands and copied from public threads: raw HTML
is escaped (it shows as text), images are shown as text (an image would be a request leaving
the page), and a link survives only with an absolute http, https or mailto address. Curly
braces become entities so that `attr_list` cannot add attributes such as `onclick`.
Controls and bidi overrides are shown as escapes. This is the first wall; the second is
`generator.site.sanitize`, the allowlist every page's HTML passes after Markdown, so a gap
here shows as odd text, never as script (tests/attacks/ checks both on every field).
"""

from __future__ import annotations

import re

from generator import textsafe

SAFE_SCHEMES = ("http://", "https://", "mailto:")
_HTML = {"&": "&amp;", "<": "&lt;", ">": "&gt;", "{": "&#123;", "}": "&#125;"}
_HTML_RE = re.compile(f"[&<>{{}}{textsafe.IN_LINES}]")
_INLINE_LINK = re.compile(r"\]\(\s*([^)\s]*)")
_REF_DEF = re.compile(r"^([ \t>*+.)0-9-]*)\[([^\]\n]*)\]:[ \t]*(\S*)", re.MULTILINE)


def safe_url(url: str | None) -> str | None:
    """`url` when its scheme is allowed on the site, else None."""
    if url is None:
        return None
    stripped = url.strip()
    return stripped if stripped.lower().startswith(SAFE_SCHEMES) and '"' not in stripped else None


def escape_html(text: str) -> str:
    """Text for HTML; controls and bidi overrides are shown as escapes (`\\u202e`), as on a
    terminal, so a reader sees what the record holds rather than what it pretends."""
    return _HTML_RE.sub(lambda m: _HTML.get(m.group()) or textsafe.escape(m), text)


def _inline_link(match: re.Match[str]) -> str:
    # `](x` stays a link only when x is a safe address; else `\(` makes it literal text
    return match.group() if safe_url(match.group(1)) else "]\\(" + match.group()[2:]


def _ref_def(match: re.Match[str]) -> str:
    indent, label, url = match.groups()
    return (
        match.group()
        if safe_url(url)
        else f"{indent}\\[{label}]:" + match.group()[len(indent) + len(label) + 3 :]
    )


def markdown(text: str) -> str:
    """Block Markdown from a record's text field, made inert."""
    out = escape_html(text).replace("![", "!\\[")
    out = _INLINE_LINK.sub(_inline_link, out)
    return _REF_DEF.sub(_ref_def, out)


def inline(text: str) -> str:
    """One line of Markdown for a table cell or a list item: no line breaks, no `|`."""
    return " ".join(markdown(text).split()).replace("|", "&#124;")


def plain(text: str) -> str:
    """Text for a place Markdown would misread (link text, headings): escaped, one line."""
    flat = " ".join(escape_html(text).split())
    return re.sub(r"([\\`*_\[\]()#+!|])", r"\\\1", flat)


def code(text: str) -> str:
    """Text shown as inline code in a table cell or list item (a path, an id, an address)."""
    return "<code>" + plain(text) + "</code>"


def attr(text: str) -> str:
    """A value for an HTML attribute we write ourselves."""
    return escape_html(text).replace('"', "&quot;")
