"""Text from records, git history and HTTP replies, made safe for each output that is not HTML.

Records, commit subjects and author names come from many hands. In a terminal, an escape
sequence (ESC, CSI, OSC) can rewrite what was printed before, hide a line, or set the window
title; a bidi override (U+202E) reverses what a reviewer reads; a newline in a one-line field
forges a diagnostic line. `visible` writes such characters as escapes (`\\x1b`, `\\u202e`,
`\\n`) so they are seen, never acted on; every command's output passes `visible_lines` on its
way to the terminal. XML 1.0 cannot carry most C0 controls at all:
`xml_text` writes them the same way. A spreadsheet runs a cell that starts with `=`, `+`,
`-`, `@`, tab or CR as a formula: `csv_cell` prefixes it with `'`.
"""

from __future__ import annotations

import re

# C0 (but tab), DEL, C1, the bidi controls, line and paragraph separators, lone surrogates
_CONTROLS = (
    "\x00-\x08\x0a-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069"
    "\ud800-\udfff"
)
IN_LINES = _CONTROLS.replace("\x0a-", "\x0b-")  # the same but newline
_UNSAFE = re.compile(f"[{_CONTROLS}]")
_UNSAFE_LINES = re.compile(f"[{IN_LINES}]")
# XML 1.0 allows tab, LF and CR of C0, but not U+FFFE/U+FFFF or lone surrogates
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
_FORMULA = ("=", "+", "-", "@", "\t", "\r")


def escape(match: re.Match[str]) -> str:
    """The escape `visible` writes for the one character `match` found."""
    char = match.group()
    code = ord(char)
    if char == "\n":
        return "\\n"
    if char == "\t":
        return "\\t"
    # \uXXXX above C0: inside a JSON string that is the same character, so JSON stays exact
    return f"\\x{code:02x}" if code < 0x20 else f"\\u{code:04x}"


def visible(text: str) -> str:
    """One line for a terminal: every control, newline and bidi override written as an escape."""
    return _UNSAFE.sub(escape, text)


def visible_lines(text: str) -> str:
    """Several lines for a terminal: newlines and tabs kept, every other control escaped."""
    return _UNSAFE_LINES.sub(escape, text)


def xml_text(text: str) -> str:
    """Text an XML 1.0 document can carry: characters XML forbids are written as escapes."""
    return _NOT_XML.sub(escape, text)


def csv_cell(text: str) -> str:
    """A CSV cell a spreadsheet shows as text: a leading formula character gets a `'`."""
    return "'" + text if text.startswith(_FORMULA) else text
