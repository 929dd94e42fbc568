"""What counts as live markup in a built page, found by parsing it as a browser does (html5lib).

The payloads all name `MARK`; in a safe page it occurs only as text, or inside an attribute
that is never run or followed (title, alt, aria-label, data-*). Anywhere else (a script, an
event handler, a link or source address, a style) it would have reached the browser as code.
No URL on the page may use a javascript:, vbscript: or data: scheme, however it is spelled.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import html5lib

from generator.site import sanitize
from tests.attacks.hostile_ledger import MARK

INERT = {"title", "alt", "aria-label"}
URL_ATTRS = {"href", "src", "action", "formaction", "xlink:href", "data", "poster", "srcset"}
BAD_SCHEME = re.compile(r"^(javascript|vbscript|data):")
_INVISIBLE = re.compile(r"[\x00-\x20\x7f]+")
THEME_IN_CONTENT = {"article", "nav"}  # Material's own: the page frame and the tags list


def _name(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def problems(page: Path) -> Iterator[str]:
    doc = html5lib.parse(page.read_bytes(), namespaceHTMLElements=False)
    for element in doc.iter():
        if not isinstance(element.tag, str):
            continue
        tag = _name(element.tag)
        if tag in ("script", "style") and MARK in (element.text or ""):
            yield f"{page}: live <{tag}> holding {MARK}"
        for raw, value in element.attrib.items():
            attr = _name(raw)
            if attr.startswith("on"):
                yield f"{page}: event handler {attr}= on <{tag}>"
            if MARK in value and attr not in INERT and not attr.startswith("data-"):
                yield f"{page}: {MARK} in {attr}= of <{tag}>"
            if attr in URL_ATTRS and BAD_SCHEME.match(_INVISIBLE.sub("", value).lower()):
                yield f"{page}: {attr}={value!r} on <{tag}>"
    for article in doc.iter("article"):
        for element in article.iter():
            tag = _name(element.tag) if isinstance(element.tag, str) else ""
            if tag and tag not in sanitize.TAGS | THEME_IN_CONTENT:
                yield f"{page}: <{tag}> in the page content"
