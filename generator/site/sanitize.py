"""Every page's HTML, after Markdown, through an allowlist: no path from record text to script.

`safe` escapes record text before Markdown sees it; this is the second wall, so that a gap in
the escaping (a new field, a Markdown construct nobody thought of, a value from git history)
still cannot put live markup on a page. The allowlist is exactly what the generated pages
use: Markdown's block and inline tags, tables, admonitions, the inline SVG charts and the
generator's own `<div>`/`<span>` with their classes and data attributes. Links keep only
http, https, mailto and relative addresses. ids starting with `_` are dropped: Material's own
elements use such ids (`__config`, `__search`…), and a heading with the same id would shadow
them. Material's theme around the page content is MkDocs' own template and is not touched.
"""

from __future__ import annotations

import nh3

_TEXT = {"p", "br", "hr", "blockquote", "pre", "code", "em", "strong", "span", "div"}
_BLOCKS = {"h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "a"}
_TABLES = {"table", "thead", "tbody", "tr", "th", "td"}
_SVG = {"svg", "rect", "line", "circle", "text", "title"}
TAGS = _TEXT | _BLOCKS | _TABLES | _SVG
ATTRIBUTES = {
    "*": {"class", "id", "data-search-exclude"},
    "a": {"href", "title"},
    "ol": {"start"},
    "th": {"style"},
    "td": {"style"},
    "div": {"data-as-of", "data-next-due", "data-next-what"},
    "svg": {"viewBox", "role", "aria-label", "xmlns"},
    "rect": {"x", "y", "width", "height"},
    "line": {"x1", "y1", "x2", "y2"},
    "circle": {"cx", "cy", "r"},
    "text": {"x", "y", "text-anchor"},
}
URL_SCHEMES = {"http", "https", "mailto"}


def _attribute(tag: str, name: str, value: str) -> str | None:
    return None if name == "id" and value.startswith("_") else value


_CLEANER = nh3.Cleaner(
    tags=TAGS,
    clean_content_tags={"script", "style"},
    attributes=ATTRIBUTES,
    attribute_filter=_attribute,
    url_schemes=URL_SCHEMES,
    filter_style_properties={"text-align"},
    strip_comments=True,
)


def clean(html: str) -> str:
    """`html` with every tag, attribute and URL scheme outside the allowlist removed."""
    return _CLEANER.clean(html)
