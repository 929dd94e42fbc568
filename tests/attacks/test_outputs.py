"""Exact outcomes of the text-safety rules every non-HTML output uses (generator/textsafe.py)
and of the HTML allowlist (generator/site/sanitize.py), one case per attack form."""

from __future__ import annotations

import pytest

from generator.site import safe, sanitize
from generator.textsafe import csv_cell, visible, visible_lines, xml_text


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("a\x1b[31mred", "a\\x1b[31mred"),  # CSI: colours, cursor moves, clearing the screen
        ("\x1b]0;title\x07", "\\x1b]0;title\\x07"),  # OSC: the window title, hyperlinks
        ("\x9b2J", "\\u009b2J"),  # C1 CSI, one character
        ("\x7f\x00\x08", "\\u007f\\x00\\x08"),
        ("abc\u202efdp.exe", "abc\\u202efdp.exe"),  # bidi override: reads "abcexe.pdf"
        ("\u2066x\u2069\u200e\u061c", "\\u2066x\\u2069\\u200e\\u061c"),
        ("one\ntwo\r\nthree", "one\\ntwo\\x0d\\nthree"),  # a forged second line
        ("\u2028", "\\u2028"),
        ("tab\tkept, ünïcödé kept", "tab\tkept, ünïcödé kept"),
    ],
)
def test_terminal_text(text: str, shown: str) -> None:
    assert visible(text) == shown


def test_several_lines_keep_their_newlines_only() -> None:
    assert visible_lines("a\nb\rc\x1b[2Jd\te") == "a\nb\\x0dc\\x1b[2Jd\te"


@pytest.mark.parametrize(
    ("text", "xml"),
    [
        ("a\x00b\x0bc\x1fd", "a\\x00b\\x0bc\\x1fd"),
        ("tab\tlf\ncr\r", "tab\tlf\ncr\r"),  # the three C0 characters XML 1.0 allows
        ("\x85\x9f\ufffe\uffff", "\\u0085\\u009f\\ufffe\\uffff"),
    ],
)
def test_xml_text(text: str, xml: str) -> None:
    assert xml_text(text) == xml


@pytest.mark.parametrize(
    ("cell", "written"),
    [
        ('=HYPERLINK("http://x","y")', '\'=HYPERLINK("http://x","y")'),
        ("+1+cmd|' /C calc'!A0", "'+1+cmd|' /C calc'!A0"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("a=1", "a=1"),
        ("", ""),
    ],
)
def test_csv_formulas(cell: str, written: str) -> None:
    assert csv_cell(cell) == written


@pytest.mark.parametrize(
    ("html", "clean"),
    [
        ("<p>a<script>alert(1)</script>b</p>", "<p>ab</p>"),
        ('<img src="x" onerror="alert(1)">', ""),
        ('<a href="javascript:alert(1)">x</a>', '<a rel="noopener noreferrer">x</a>'),
        ('<a href=" JaVa&#x09;ScRiPt:alert(1)">x</a>', '<a rel="noopener noreferrer">x</a>'),
        ('<a href="data:text/html,x">x</a>', '<a rel="noopener noreferrer">x</a>'),
        ('<a href="vbscript:x">x</a>', '<a rel="noopener noreferrer">x</a>'),
        ('<a href="../incident/a/">a</a>',
         '<a href="../incident/a/" rel="noopener noreferrer">a</a>'),
        ('<a href="mailto:a@b">m</a>', '<a href="mailto:a@b" rel="noopener noreferrer">m</a>'),
        ('<h2 id="__config">x</h2><h2 id="ok">y</h2>', '<h2>x</h2><h2 id="ok">y</h2>'),
        ('<td style="text-align: left; position: fixed">x</td>', "x"),  # no table: no cell
        (
            '<table><tr><td style="text-align: left; position: fixed">x</td></tr></table>',
            '<table><tbody><tr><td style="text-align:left">x</td></tr></tbody></table>',
        ),
        ('<svg onload="alert(1)"><rect x="1" width="2"/></svg>',
         '<svg><rect x="1" width="2"></rect></svg>'),
        ("<iframe src=x></iframe><form><input></form><style>*{}</style>", ""),
        ('<div class="ledger-stamp" data-next-due="2024" data-evil="x">s</div>',
         '<div class="ledger-stamp" data-next-due="2024">s</div>'),
    ],
)  # fmt: skip
def test_the_allowlist(html: str, clean: str) -> None:
    assert sanitize.clean(html) == clean


def test_record_text_escaping_shows_controls_and_keeps_code_on_one_line() -> None:
    assert safe.code("a`b\n<i>|\u202e") == "<code>a\\`b &lt;i&gt;\\|\\\\u202e</code>"
    assert safe.escape_html("<b>\x1b[2J") == "&lt;b&gt;\\x1b[2J"
