"""`ledger build` end to end: exit codes, determinism, links, feeds, exports, safety in the HTML."""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import UTC, datetime
from html.parser import HTMLParser
from importlib import resources
from pathlib import Path
from urllib.parse import unquote, urlsplit

import feedparser
import icalendar
import jsonschema
import pytest

from generator.publish.build import prepare
from generator.validate import validate
from tests.site.conftest import HOSTILE, copy_example, git_commit, run

FIXED_NOW = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)


def test_invalid_record_stops_the_build_with_diagnostics(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = copy_example(tmp_path)
    (root / "incidents" / "broken.yaml").write_text("title: x\nstatus: maybe\n")
    assert run("build", "--root", str(root), "--site-dir", str(tmp_path / "s")) == 1
    out = capsys.readouterr()
    assert re.search(r"incidents/broken\.yaml:\d+:\d+: LDG\d+", out.out)
    assert "site was not built" in out.err
    assert not (tmp_path / "s").exists()


def test_overdue_findings_do_not_stop_the_build(example_site: Path) -> None:
    html = (example_site / "index.html").read_text()
    assert "cpr-revocation-overdue" in html  # the build succeeded and shows what is late


def test_same_inputs_give_identical_files(tmp_path: Path) -> None:
    root = copy_example(tmp_path / "ledger")
    git_commit(root)
    first = prepare(root, tmp_path / "a", as_of_text="2024-04-30", now=FIXED_NOW)
    second = prepare(root, tmp_path / "b", as_of_text="2024-04-30", now=FIXED_NOW)
    assert first.ok and second.ok
    files_a = {
        p.relative_to(tmp_path / "a"): p.read_bytes()
        for p in (tmp_path / "a").rglob("*")
        if p.is_file()
    }
    files_b = {
        p.relative_to(tmp_path / "b"): p.read_bytes()
        for p in (tmp_path / "b").rglob("*")
        if p.is_file()
    }
    assert files_a == files_b
    assert len(files_a) > 20


def test_a_directory_the_generator_did_not_write_is_refused(tmp_path: Path) -> None:
    root = copy_example(tmp_path / "ledger")
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "handbook.md").write_text("# mine\n")
    with pytest.raises(Exception, match="did not write"):
        prepare(root, docs, now=FIXED_NOW)
    assert (docs / "handbook.md").read_text() == "# mine\n"


class Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.targets: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if found.get("id"):
            self.ids.add(found["id"] or "")
        for key in ("href", "src"):
            if found.get(key):
                self.targets.append(found[key] or "")


def _resolve(site: Path, page: Path, target: str) -> tuple[Path, str]:
    parts = urlsplit(target)
    base = page.parent if parts.path else page
    path = (base / unquote(parts.path)).resolve() if parts.path else page
    if path.is_dir():
        path = path / "index.html"
    return path, parts.fragment


def test_the_built_site_has_no_broken_internal_links(example_site: Path) -> None:
    # 404.html is served at any depth, so MkDocs gives it root-absolute links: not checkable here
    pages = {p.resolve(): p for p in example_site.rglob("*.html") if p.name != "404.html"}
    parsed: dict[Path, Links] = {}
    for path in pages:
        parsed[path] = Links()
        parsed[path].feed(path.read_text())
    broken = []
    for path, links in parsed.items():
        for target in links.targets:
            if urlsplit(target).scheme or target.startswith("//"):
                continue
            dest, fragment = _resolve(example_site, path, target)
            if not dest.exists():
                broken.append(f"{path.relative_to(example_site.resolve())}: {target}")
            elif fragment and dest in parsed and fragment not in parsed[dest].ids:
                broken.append(f"{path.relative_to(example_site.resolve())}: {target} (no anchor)")
    assert len(parsed) >= 10
    assert broken == []


def test_the_calendars_parse_and_carry_every_derived_deadline(
    example_site: Path, tmp_path: Path
) -> None:
    cal = icalendar.Calendar.from_ical((example_site / "feeds" / "deadlines.ics").read_bytes())
    events = list(cal.walk("VEVENT"))
    export = json.loads((example_site / "export" / "ledger.json").read_text())
    assert len(events) == len(export["deadlines"]) >= 3
    assert len({str(e["UID"]) for e in events}) == len(events)
    owners = list((example_site / "feeds" / "owners").glob("*.ics"))
    per_owner = sum(
        len(list(icalendar.Calendar.from_ical(p.read_bytes()).walk("VEVENT"))) for p in owners
    )
    assert per_owner == len(events)


def test_the_atom_feed_parses_with_plain_text_entries(hostile_site: Path) -> None:
    feed = feedparser.parse((hostile_site / "feeds" / "updates.atom").read_bytes())
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == "atom10"
    assert len(feed.entries) >= 3
    hostile = [e for e in feed.entries if "Hostile" in e.title]
    assert hostile and hostile[0].content[0].type == "text/plain"
    assert any(e.title.startswith("New incident") for e in feed.entries)


def test_the_json_export_validates_against_its_published_schema(example_site: Path) -> None:
    schema = json.loads((example_site / "schemas" / "ledger-export.schema.json").read_text())
    doc = json.loads((example_site / "export" / "ledger.json").read_text())
    validator = jsonschema.Draft202012Validator(
        schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )
    assert list(validator.iter_errors(doc)) == []
    assert doc["incidents"][0]["id"] == "cfca-cpr-response"
    assert any(f["name"] == "cpr-revocation-overdue" for f in doc["findings"]["open"])
    assert doc["version"] == 2
    broken = dict(doc, version=1)
    assert list(validator.iter_errors(broken))


def test_the_record_schemas_are_published(example_site: Path) -> None:
    # the site publishes the package's own schemas, byte for byte, not a stale or edited copy
    shipped = resources.files("generator.schemas")
    for kind in ("incident", "contact", "problem-report", "policy"):
        name = f"{kind}.schema.json"
        published = (example_site / "schemas" / name).read_bytes()
        assert published == shipped.joinpath(name).read_bytes(), name
        assert json.loads(published)["$id"].endswith(f"/{name}")
    export = resources.files("generator.site").joinpath("templates", "ledger-export.schema.json")
    assert (example_site / "schemas" / "ledger-export.schema.json").read_bytes() == (
        export.read_bytes()
    )


def test_action_items_csv_guards_against_formulas(tmp_path: Path) -> None:
    root = copy_example(tmp_path / "ledger")
    text = (root / "incidents" / "2024" / "cfca-cpr-response.yaml").read_text()
    text = text.replace(
        "    action: >-\n      Update the contact",
        "    action: >-\n      =HYPERLINK(1) Update the contact",
    )
    (root / "incidents" / "2024" / "cfca-cpr-response.yaml").write_text(text)
    assert prepare(root, tmp_path / "docs", now=FIXED_NOW).ok
    rows = list(
        csv.DictReader(io.StringIO((tmp_path / "docs" / "export" / "action-items.csv").read_text()))
    )
    assert rows[0]["action"].startswith("'=HYPERLINK(1)")
    assert rows[0]["due"] == "2024-04-20"


class Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, {k: v or "" for k, v in attrs}))


def test_hostile_record_text_never_becomes_markup(hostile_site: Path) -> None:
    html = (hostile_site / "incident" / "hostile" / "index.html").read_text()
    body = html[html.index("<article") : html.index("</article>")]
    parser = Tags()
    parser.feed(body)
    names = [tag for tag, _ in parser.tags]
    assert not {"script", "iframe", "img", "b"} & set(names)
    attrs = [(k, v) for _, found in parser.tags for k, v in found.items()]
    assert not [a for a in attrs if a[0].startswith("on")]
    assert not [
        a
        for a in attrs
        if a[0] in ("href", "src")
        and not a[1].startswith(("http", "#", ".", "mailto:"))
        and "/" not in a[1][:1]
    ]
    hrefs = [v for k, v in attrs if k == "href"]
    assert "https://example.org/ok" in hrefs  # a safe link stays a link
    assert not [h for h in hrefs if "outside.invalid" in h]
    assert "outside.invalid" in body and "&lt;script&gt;" in body  # shown, as text


def test_incident_pages_stay_out_of_the_navigation(example_site: Path) -> None:
    index = (example_site / "contacts" / "index.html").read_text()
    nav = index[index.index('<nav class="md-nav md-nav--primary"') :]
    nav = nav[: nav.index("</nav>")]
    assert "incident/cfca-cpr-response" not in nav
    assert "Action items" in nav


def test_deadlines_ignore_clocks_started_after_the_as_of_instant(tmp_path: Path) -> None:
    root = copy_example(tmp_path / "ledger")
    outcome = prepare(root, tmp_path / "docs", as_of_text="2024-03-10", now=FIXED_NOW)
    assert outcome.inputs is not None
    as_of = outcome.inputs.as_of
    found = outcome.inputs.obligations
    assert found and all(o.starts is None or o.starts <= as_of for o in found)
    # the initial report's clock starts at awareness, 2024-03-19: not yet on 2024-03-10
    assert not any(o.rule == "initial-report-overdue" for o in found)
    cal = icalendar.Calendar.from_ical((tmp_path / "docs" / "feeds" / "deadlines.ics").read_bytes())
    rules = {str(e["X-LEDGER-RULE"]) for e in cal.walk("VEVENT")}
    assert "initial-report-overdue" not in rules and "cpr-preliminary-overdue" in rules
    later = prepare(root, tmp_path / "docs2", as_of_text="2024-04-30", now=FIXED_NOW)
    assert later.inputs is not None
    assert not any(o.item == "weekly-updates" for o in later.inputs.obligations)  # asked 05-06


def test_hostile_fixture_is_a_valid_record(tmp_path: Path) -> None:
    # the hostile tests prove the site neutralises the record only if the ledger accepts it
    root = copy_example(tmp_path)
    (root / "incidents" / "hostile.yaml").write_text(HOSTILE)
    result = validate(root)
    assert [d for d in result.diagnostics if d.path == "incidents/hostile.yaml"] == []
    assert result.ok
    record = result.ledger.incidents["hostile"]
    assert "javascript:window.__pwned=2" in record.summary
    assert record.title.startswith("Hostile <script>")


def test_calendar_lines_fold_without_splitting_characters() -> None:
    from generator.due import _fold

    line = ("SUMMARY:" + "事件报告" * 40).encode()
    folded = _fold(line)
    parts = folded.split(b"\r\n ")
    assert all(len(p) <= 75 for p in parts)
    assert b"".join(parts) == line
    for part in parts:
        part.decode("utf-8")  # every piece is whole characters
