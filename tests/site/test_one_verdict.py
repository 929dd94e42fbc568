"""Property: on generated ledgers, every surface of the site shows the engine's verdict.

For several seeds and as-of instants (bench/gen_ledger.py, real files, a real site build):
the JSON export's open findings are `ledger check --format json`'s rows; the open and late
events of `feeds/deadlines.ics` are the open and late obligations of `ledger due --format
json`; the dashboard's counts are the engine's; each incident page lists exactly that
incident's open findings; every calendar carries every obligation once.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from datetime import UTC, datetime, timedelta, timedelta
from pathlib import Path
from typing import Any

import icalendar
import pytest

from bench.gen_ledger import generate
from generator.due import CALENDAR_DAYS, UID_DOMAIN
from generator.publish.build import prepare
from generator.site.pages.dashboard import SOON_DAYS
from tests.site.conftest import run

# (seed, incidents, git commits, as-of instants): nothing generated is dated after 2026-06-30
CASES = [
    (1, 40, 0, ("2024-11-01", "2026-06-30")),
    (2, 55, 0, ("2025-09-15T08:00Z", "2026-03-01T00:00+08:00")),
    (3, 30, 90, ("2025-03-31", "2026-06-30")),
]
COUNT = re.compile(r'<span class="ledger-n">(\d+)</span> ([^<]+)</div>')


def _json_out(capsys: pytest.CaptureFixture[str], *argv: str) -> list[dict[str, Any]]:
    capsys.readouterr()
    code = run(*argv)
    out = capsys.readouterr().out
    assert code in (0, 1), out
    rows: list[dict[str, Any]] = json.loads(out)
    return rows


def _uid(row: dict[str, Any]) -> str:
    uid: str = row["uid"]
    assert uid.startswith(f"{row['kind']}/{row['record']}/{row['rule']}/{row['item'] or '-'}/")
    return uid


def _events(path: Path) -> list[tuple[str, str, str, str]]:
    cal = icalendar.Calendar.from_ical(path.read_bytes())
    return [
        (
            str(e["UID"]).removesuffix("@" + UID_DOMAIN),
            str(e["X-LEDGER-STATE"]),
            str(e["X-LEDGER-RULE"]),
            str(e["X-LEDGER-RECORD"]),
        )
        for e in cal.walk("VEVENT")
    ]


def _findings_section(page: str) -> str:
    start = page.index("## Findings")
    rest = page[start + 1 :]
    ends = [i for i in (rest.find("\n## "), rest.find("\n### ")) if i >= 0]
    return rest[: min(ends)] if ends else rest


@pytest.fixture(scope="module")
def ledgers(tmp_path_factory: pytest.TempPathFactory) -> list[tuple[Path, tuple[str, ...]]]:
    out: list[tuple[Path, tuple[str, ...]]] = []
    for seed, incidents, commits, instants in CASES:
        root = tmp_path_factory.mktemp(f"gen-{seed}") / "ledger"
        generate(root, incidents, seed=seed, git_commits=commits)
        out.append((root, instants))
    return out


def test_every_surface_shows_the_engines_verdict(
    ledgers: list[tuple[Path, tuple[str, ...]]],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    judged = 0
    for root, instants in ledgers:
        for as_of_text in instants:
            docs = tmp_path / f"docs-{root.parent.name}-{judged}"
            outcome = prepare(root, docs, as_of_text=as_of_text)
            assert outcome.ok and outcome.inputs is not None
            where = f"{root.parent.name} as of {as_of_text}"
            export = json.loads((docs / "export" / "ledger.json").read_text("utf-8"))
            as_of = datetime.strptime(export["as_of"], "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
            args = ("--root", str(root), "--as-of", as_of_text, "--format", "json")
            checked = _json_out(capsys, "check", *args)
            owed = _json_out(capsys, "due", *args)

            # the JSON export: check's findings, due's obligations
            assert export["findings"]["open"] == checked, where
            assert export["deadlines"] == owed, where

            # the calendar: every obligation still owed or due in the last year, once; the
            # open and late ones are due's
            events = _events(docs / "feeds" / "deadlines.ics")
            window = as_of - timedelta(days=CALENDAR_DAYS)
            shown = [r for r in owed if r["state"] in ("open", "late", "waived")
                     or datetime.strptime(r["due"], "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
                     >= window]
            assert len(events) == len(shown), where
            live = ("open", "late")
            assert Counter((e[0], e[1]) for e in events if e[1] in live) == Counter(
                (_uid(r), r["state"]) for r in owed if r["state"] in live
            ), where
            per_owner = Counter(
                e for p in (docs / "feeds" / "owners").glob("*.ics") for e in _events(p)
            )
            assert per_owner == Counter(events), where

            # the dashboard's counts
            dashboard = (docs / "index.md").read_text("utf-8")
            counts = {label: int(n) for n, label in COUNT.findall(dashboard)}
            late = sum(1 for r in owed if r["state"] == "late")
            soon = as_of + timedelta(days=SOON_DAYS)
            due_soon = sum(
                1
                for r in owed
                if r["state"] == "open"
                and datetime.strptime(r["due"], "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC) <= soon
            )
            assert counts["Overdue"] == late, where
            assert counts["Other findings"] == len(checked) - late, where
            assert counts[f"Due in {SOON_DAYS} days"] == due_soon, where
            index = (docs / "incidents" / "index.md").read_text("utf-8")
            shown_open = re.search(r"^## Open \((\d+)\)", index, re.M)
            assert shown_open is not None
            assert counts["Open incidents"] == int(shown_open.group(1)), where

            # each incident page: exactly that incident's open findings
            view = outcome.inputs.view
            for inc in view.incidents.values():
                page = (docs / "incident" / f"{inc.id}.md").read_text("utf-8")
                listed = Counter(
                    re.findall(r"^\| <code>(LDG\d+)</code> ([a-z-]+) \|", _findings_section(page), re.M)
                )
                expected = Counter((f["code"], f["name"]) for f in checked if f["path"] == inc.path)
                assert listed == expected, f"{where}: {inc.id}"
            judged += 1
    assert judged == sum(len(c[3]) for c in CASES)


def test_calendar_uids_are_unique(
    ledgers: list[tuple[Path, tuple[str, ...]]], tmp_path: Path
) -> None:
    for n, (root, instants) in enumerate(ledgers):
        for m, as_of_text in enumerate(instants):
            docs = tmp_path / f"docs-{n}-{m}"
            assert prepare(root, docs, as_of_text=as_of_text).ok
            uids = [e[0] for e in _events(docs / "feeds" / "deadlines.ics")]
            assert len(uids) == len(set(uids)), f"{root.parent.name} as of {as_of_text}"
