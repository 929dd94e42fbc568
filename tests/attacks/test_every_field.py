"""Every field of every record kind, and every value git history brings, hostile, through a real
`ledger build` and every other command: no live markup in any page (parsed as a browser does,
and loaded in headless Chromium), no control character in any feed, calendar, export or
terminal output, no formula in the CSV, no exit 3.
"""

from __future__ import annotations

import csv
import io
import json
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import feedparser
import icalendar
import pytest

from generator.cli import main
from tests.attacks import hostile_ledger as hostile
from tests.attacks.live import problems
from tests.site.conftest import Watched, serve

RAW = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
INCIDENT = "incident/cfca-cpr-response/index.html"


@pytest.fixture(scope="module")
def ledger(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[str]]:
    root = tmp_path_factory.mktemp("hostile-ledger")
    return root, hostile.build_ledger(root)


@pytest.fixture(scope="module")
def site(ledger: tuple[Path, list[str]]) -> Path:
    root, _ = ledger
    assert main(["build", "--root", str(root), "--site-dir", str(root / "out-site")]) == 0
    return root / "out-site"


def test_the_payload_reaches_every_free_text_field(ledger: tuple[Path, list[str]]) -> None:
    _, changed = ledger
    for field in (
        "incident:title",
        "incident:owner",
        "incident:summary",
        "incident:timeline/0/event",
        "incident:action_items/0/action",
        "incident:questions/0/by",
        "incident:closure/description",
        "contact:address",
        "contact:owners/0/owner",
        "contact:verifications/0/note",
        "problem-report:reporter",
        "problem-report:no_revocation",
    ):
        assert field in changed
    assert len(changed) >= 60


def test_no_page_carries_live_markup(site: Path) -> None:
    pages = sorted(site.rglob("*.html"))
    assert len(pages) >= 10
    assert [p for page in pages for p in problems(page)] == []


def test_the_checker_sees_live_markup() -> None:
    page = Path(__file__).parent / "live-examples.html"
    assert [p.split(": ", 1)[1] for p in problems(page)] == [
        "live <script> holding __pwned",
        "event handler onerror= on <img>",
        "href=' JaVa\\tScRiPt:alert(1)' on <a>",
        "href='data:text/html,hi' on <a>",
        "__pwned in style= of <a>",
        "<script> in the page content",
        "<img> in the page content",
        "<iframe> in the page content",
    ]


def _cell_after(html: str, label: str) -> str:
    match = re.search(f"<td>{label}</td>\\s*<td>(.*?)</td>", html, re.S)
    assert match, label
    return match.group(1)


def test_the_four_reported_paths_are_text(site: Path) -> None:
    incident = (site / INCIDENT).read_text()
    assert _cell_after(incident, "Record") == (
        "<code>incidents/2024`&lt;img src=x onerror=window.__pwned=20&gt;`"
        "/cfca-cpr-response.yaml</code>"
    )
    # the due date that only the first commit carried, in the slips table
    assert "<td><code>2024-04-20&lt;script&gt;window.__pwned=21&lt;/script&gt;</code></td>" in (
        incident
    )
    address = _cell_after((site / "contacts/index.html").read_text(), "Address")
    assert address.startswith("<code>+&lt;script&gt;window.__pwned=1&lt;/script&gt;")
    assert "\n" not in address and "[r]: javascript:window.__pwned=11" in address
    # reference-link definitions in a list, an admonition, a quote, and split over two lines
    for n in (11, 12, 13, 14):
        assert f"javascript:window.__pwned={n}" in incident
    assert not re.search(r"<a [^>]*href=\"\s*javascript", incident, re.I)


def test_git_history_values_are_text(site: Path) -> None:
    incident = (site / INCIDENT).read_text()
    assert (
        "Fix &lt;script&gt;window.__pwned=22&lt;/script&gt; \\x1b[31mred\\x1b[0m \\u202eevil"
        in incident
    )
    assert 'Mallory &amp;amp; "javascript:window.__pwned=23" \\u202eX' in incident


def test_feeds_calendars_and_exports_stay_well_formed(site: Path) -> None:
    atom = (site / "feeds/updates.atom").read_bytes()
    parsed = feedparser.parse(atom)
    assert not parsed.bozo and len(parsed.entries) >= 8
    assert "window.__pwned=1" in parsed.entries[0].title
    for ics in sorted(site.glob("feeds/**/*.ics")):
        text = ics.read_bytes().decode()
        assert not RAW.search(text.replace("\r\n", "")), ics
        calendar = icalendar.Calendar.from_ical(text)
        for event in calendar.walk("VEVENT"):
            # the properties generator.due writes (main's calendars); nothing a record forged
            assert set(event) <= {"UID", "DTSTAMP", "DTSTART", "DTEND", "SUMMARY", "DESCRIPTION",
                                  "CATEGORIES", "X-LEDGER-RULE", "X-LEDGER-RECORD",
                                  "X-LEDGER-STATE"}
    rows = list(csv.reader(io.StringIO((site / "export/action-items.csv").read_text())))
    cells = [cell for row in rows[1:] for cell in row]
    assert cells and not [c for c in cells if c[:1] in ("=", "+", "-", "@", "\t", "\r")]
    assert any(c.startswith("'+<script>window.__pwned=1</script>") for c in cells)
    assert json.loads((site / "export/ledger.json").read_text())["incidents"]


@pytest.mark.parametrize(
    "argv",
    [
        ["validate"],
        ["validate", "--format", "github"],
        ["check", "--as-of", "2024-05-01"],
        ["check", "--as-of", "2024-05-01", "--format", "github"],
        ["check", "--as-of", "2024-05-01", "--format", "json"],
        ["check", "--as-of", "2024-05-01", "--format", "sarif"],
        ["check", "--as-of", "2024-05-01", "--format", "junit"],
        ["history", "cfca-cpr-response"],
        ["history", "cfca-cpr-response", "--format", "json"],
        ["diff", "HEAD~2", "HEAD"],
        ["diff", "HEAD~2", "HEAD", "--format", "json"],
    ],
)
def test_terminal_output_shows_controls_never_emits_them(
    ledger: tuple[Path, list[str]], argv: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    root, _ = ledger
    code = main([*argv, "--root", str(root)])
    out, err = capsys.readouterr()
    assert code in (0, 1), err
    assert out and not RAW.search(out + err), RAW.findall(out + err)
    if "json" in argv or "sarif" in argv:
        assert json.loads(out)
    if "junit" in argv:
        ET.fromstring(out)
    if argv[0] in ("check", "validate") and argv[-1] not in ("json", "sarif", "junit"):
        # one diagnostic per line: a newline in a record cannot forge another
        assert all(
            re.match(r"(incidents|ledger)/|    fix: |::(error|warning|notice) ", line)
            for line in out.splitlines()
        ), out


def test_history_and_atom_show_the_controls_as_escapes(
    ledger: tuple[Path, list[str]], site: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root, _ = ledger
    assert main(["history", "cfca-cpr-response", "--root", str(root)]) == 0
    out = capsys.readouterr().out
    assert "  Fix <script>window.__pwned=22</script> \\x1b[31mred\\x1b[0m \\u202eevil" in out
    assert '  Mallory &amp; "javascript:window.__pwned=23" \\u202eX  ' in out
    entries = feedparser.parse((site / "feeds/updates.atom").read_bytes()).entries
    assert '=HYPERLINK("http://outside.invalid") \\x1b[2J\\x1b]0;title\\x07' in (
        entries[0].content[0].value
    )


@pytest.fixture(scope="module")
def site_url(site: Path) -> Iterator[str]:
    yield from serve(site)


PAGES = ["", "incident/cfca-cpr-response/", "contacts/", "problem-reports/", "actions/"]


@pytest.mark.parametrize("page", PAGES)
def test_no_script_runs_in_the_browser(browser: Any, site_url: str, page: str) -> None:
    watched = Watched(browser)
    try:
        watched.page.goto(f"{site_url}/{page}")
        watched.page.wait_for_load_state("networkidle")
        for link in watched.page.locator("article a").all()[:50]:
            link.hover(timeout=2_000)  # an onmouseover that slipped through would run now
        assert watched.page.evaluate("typeof window.__pwned") == "undefined"
        assert watched.dialogs == [] and watched.outside == []
        assert watched.page.locator(".md-search__input").count() == 1  # the theme still works
    finally:
        watched.context.close()
