"""Regressions of issue 10 ("One verdict"): each place the site once disagreed with the engine.

Real ledgers in tmp dirs, real site generation (`prepare`, the chain `ledger build` runs,
without MkDocs) or a real `ledger build`; the calendars are parsed with icalendar.
"""

from __future__ import annotations

import re
import textwrap
from datetime import UTC, datetime, timedelta
from pathlib import Path
from types import ModuleType
from typing import Any

import icalendar
import pytest

from generator import rules
from generator.judge import judge
from generator.publish.build import Outcome, prepare
from tests.site.conftest import build, copy_example, git_commit, run
from tests.test_registry import program_policy

RECORD = "incidents/2024/cfca-cpr-response.yaml"
CPR = "ledger/problem-reports/cpr-2024-03-04-basic-constraints.yaml"
EXAMPLE_RULE = re.compile(
    r"^Failing example \(as of ([^);]+)[^)]*\):\n\n```yaml\n(.*?)^```", re.M | re.S
)


def _site(root: Path, docs: Path, as_of: str, *, history: bool = False) -> Outcome:
    outcome = prepare(root, docs, as_of_text=as_of, history=history)
    assert outcome.ok, outcome.problems()
    return outcome


def _events(docs: Path) -> list[Any]:
    cal = icalendar.Calendar.from_ical((docs / "feeds" / "deadlines.ics").read_bytes())
    return list(cal.walk("VEVENT"))


def _of(events: list[Any], rule: str, state: str | None = None) -> list[Any]:
    return [
        e
        for e in events
        if str(e["X-LEDGER-RULE"]) == rule and (state is None or str(e["X-LEDGER-STATE"]) == state)
    ]


def _section(page: str, title: str) -> str:
    start = page.index(title)
    rest = page[start + len(title) :]
    end = rest.find("\n## ")
    return rest if end < 0 else rest[:end]


def _write(root: Path, rel: str, text: str) -> None:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text), encoding="utf-8")


# --- an update posted 2024-05-07T12:00Z with next_update: 2024-05-07 ------------------------

SAME_DAY = """\
title: Same-day next update
status: open
opened: 2024-05-01T09:00Z
owner: PKI team
summary: An update names its own day as the next update date.
timeline:
  - {at: 2024-05-01T09:00Z, event: Reported.}
next_update: 2024-05-07
updates:
  - {at: 2024-05-07T12:00Z, text: Weekly update.}
"""


def test_a_same_day_next_update_falls_due_when_check_says(tmp_path: Path) -> None:
    _write(tmp_path, "incidents/same-day.yaml", SAME_DAY)
    docs = tmp_path / "docs"
    _site(tmp_path, docs, "2024-05-08")
    update = _of(_events(docs), "update-overdue", "open")
    assert [e["DTSTART"].dt for e in update] == [datetime(2024, 5, 14, 12, 0, tzinfo=UTC)]
    upcoming = _section((docs / "index.md").read_text(), "## Upcoming deadlines")
    assert "| 2024-05-14 12:00 UTC |" in upcoming and "2024-05-07 23:59:59" not in upcoming
    # and ledger check's deadline is the same instant
    late = judge(tmp_path, as_of="2024-05-14T12:30Z", history=False).open
    assert [f.deadline for f in late if f.name == "update-overdue"] == [
        datetime(2024, 5, 14, 12, 0, tzinfo=UTC)
    ]


# --- the policy's cpr-preliminary-overdue hours ----------------------------------------------


def test_the_policys_preliminary_report_window_is_honoured(tmp_path: Path) -> None:
    root = copy_example(tmp_path / "ledger")
    policy = root / "ledger" / "policy.yaml"
    policy.write_text(policy.read_text() + "  cpr-preliminary-overdue: {hours: 72}\n")
    cpr = root / CPR
    # received 2024-03-04 08:00 (+08:00): the preliminary report 47 hours later
    cpr.write_text(
        cpr.read_text().replace(
            'preliminary_report: "2024-03-19 16:30"',
            'preliminary_report: "2024-03-06 07:00"\npreliminary_report_subscriber: "2024-03-06 07:00"',
        )
    )
    docs = tmp_path / "docs"
    outcome = _site(root, docs, "2024-04-01")
    evaluation = outcome.inputs.findings if outcome.inputs else None
    assert evaluation is not None
    assert not [
        d for d in evaluation.open + evaluation.history if d.name == "cpr-preliminary-overdue"
    ]
    page = (docs / "problem-reports.md").read_text()
    assert "| 72-hour status, reporter | met (sent 2024-03-05 23:00 UTC) |" in page
    assert "| 72-hour status, subscriber | met (sent 2024-03-05 23:00 UTC) |" in page
    assert "missed" not in page and "late" not in _section(page, "72-hour status")
    assert [str(e["X-LEDGER-STATE"]) for e in _of(_events(docs), "cpr-preliminary-overdue")] == [
        "met",
        "met",
    ]


# --- a contact verified every 30 days: the calendar's date is check's ------------------------


def test_a_contacts_verification_date_is_checks(tmp_path: Path) -> None:
    # every 30 days from the commitment of 2025-03-26 (the example's policy): due 2025-04-25
    root = copy_example(tmp_path / "ledger")
    docs = tmp_path / "docs"
    _site(root, docs, "2025-05-01")
    checked = [
        f.deadline
        for f in judge(root, as_of="2025-05-01", history=False).open
        if f.name == "contact-verification-due" and f.record == "cfca-rc-mailbox"
    ]
    events = [
        e["DTSTART"].dt
        for e in _of(_events(docs), "contact-verification-due", "late")
        if str(e["X-LEDGER-RECORD"]) == "cfca-rc-mailbox"
    ]
    assert checked == events == [datetime(2025, 4, 25, 23, 59, 59, tzinfo=UTC)]
    overdue = _section((docs / "index.md").read_text(), "## Overdue")
    assert "contact-verification-due" in overdue and "2025-04-25 23:59:59 UTC" in overdue


# --- one meaning of "open" ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("as_of", "open_count"),
    # closed 2025-04-02 in the record's zone (+08:00): 2025-04-01 23:59:59 UTC is already that day
    [("2024-04-01", 1), ("2025-03-31", 1), ("2025-04-01", 0), ("2025-04-03", 0)],
)
def test_the_dashboard_and_the_incidents_index_agree_on_open(
    tmp_path: Path, as_of: str, open_count: int
) -> None:
    root = copy_example(tmp_path / "ledger")
    docs = tmp_path / "docs"
    _site(root, docs, as_of)
    dashboard = (docs / "index.md").read_text()
    shown = re.search(r'<span class="ledger-n">(\d+)</span> Open incidents', dashboard)
    index = (docs / "incidents" / "index.md").read_text()
    assert shown is not None and int(shown.group(1)) == open_count
    assert f"## Open ({open_count})" in index
    page = (docs / "incident" / "cfca-cpr-response.md").read_text()
    assert ("| Status | open |" in page) == (open_count == 1)


# --- every deadline rule reaches the calendar, "upcoming" and "overdue" ----------------------


def _failing(module: ModuleType) -> tuple[str, str]:
    found = EXAMPLE_RULE.search(module.__doc__ or "")
    assert found is not None, module.RULE.name
    return found.group(1), found.group(2)


DEADLINE_RULES = [m for m in rules._DEADLINES if m.RULE.name != "action-item-due-soon"]


@pytest.mark.parametrize("module", DEADLINE_RULES, ids=[m.RULE.name for m in DEADLINE_RULES])
def test_every_deadline_rule_reaches_the_calendar_and_upcoming(
    module: ModuleType, tmp_path: Path
) -> None:
    name = module.RULE.name
    assert hasattr(module, "obligations"), f"{name}: a deadline rule declares obligations"
    as_of, body = _failing(module)
    path = body.splitlines()[0].removeprefix("# ")
    _write(tmp_path / "ledger", path, body)
    for rel, text in program_policy(module).items():  # a rule only some programs impose
        _write(tmp_path / "ledger", rel, text)
    root = tmp_path / "ledger"
    late_docs = tmp_path / "late"
    outcome = _site(root, late_docs, as_of)
    assert outcome.inputs is not None
    late = _of(_events(late_docs), name, "late")
    assert late, f"{name}: no late event in the calendar as of {as_of}"
    assert name in _section((late_docs / "index.md").read_text(), "## Overdue")
    # an hour before it fell due, it is open: in the calendar and in "upcoming"
    due = min(e["DTSTART"].dt for e in late)
    before = (due - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M:%SZ")
    open_docs = tmp_path / "open"
    _site(root, open_docs, before)
    assert _of(_events(open_docs), name, "open"), f"{name}: not open as of {before}"
    upcoming = _section((open_docs / "index.md").read_text(), "## Upcoming deadlines")
    assert f"<code>{name}</code>" in upcoming


# --- a past --as-of build shows nothing recorded or dated after it ---------------------------


def test_a_past_build_shows_no_later_commit_slip_or_closure(tmp_path: Path) -> None:
    root = copy_example(tmp_path / "ledger")
    git_commit(root, "2024-03-30T12:00:00+00:00", "the ledger as first recorded")
    record = root / RECORD
    text = record.read_text()
    assert "due: 2024-04-20" in text
    record.write_text(text.replace("due: 2024-04-20", "due: 2024-05-20", 1))
    git_commit(root, "2025-04-03T12:00:00+00:00", "re-date ccadb-contact")
    site = build(root, "--as-of", "2024-04-01")
    docs = root / "build" / "ledger-site" / "docs"
    if not docs.exists():  # a repository with its own mkdocs.yml writes its docs_dir
        docs = next(p.parent for p in root.rglob(".compliance-ledger-generated"))
    dashboard = (docs / "index.md").read_text()
    assert "re-date ccadb-contact" not in dashboard
    assert "the ledger as first recorded" in _section(dashboard, "## Recently changed")
    page = (docs / "incident" / "cfca-cpr-response.md").read_text()
    git = _section(page, "## Git history")
    assert "2025-04-03" not in git and "Due-date slips" not in git
    assert "| Status | open |" in page and "## Closure summary" not in page
    assert "| Closed |" not in _section(page, "## Record")
    assert "closure-incomplete" not in dashboard
    html = (site / "incident" / "cfca-cpr-response" / "index.html").read_text()
    assert "re-date ccadb-contact" not in html
    # the same repository judged later shows the later commit and its slip
    later = tmp_path / "later"
    _site(root, later, "2025-05-01", history=True)
    git = _section((later / "incident" / "cfca-cpr-response.md").read_text(), "## Git history")
    assert "re-date ccadb-contact" in git and "Due-date slips" in git


# --- a deadline met late is never "met" -----------------------------------------------------


def test_a_deadline_met_late_is_labelled_met_late(tmp_path: Path) -> None:
    root = copy_example(tmp_path / "ledger")
    docs = tmp_path / "docs"
    _site(root, docs, "2024-04-01")
    events = _events(docs)
    prelim = _of(events, "cpr-preliminary-overdue")
    # to the reporter 14 days late; to the subscriber: not recorded, still late
    assert [str(e["X-LEDGER-STATE"]) for e in prelim] == ["met-late", "late"]
    assert str(prelim[0]["SUMMARY"]).startswith("[met late] ")
    for e in events:
        if str(e["SUMMARY"]).startswith("[met] "):
            assert str(e["X-LEDGER-STATE"]) == "met", e["SUMMARY"]
    page = (docs / "problem-reports.md").read_text()
    assert "**met late** by 14 days 8 hours" in page
    incident = (docs / "incident" / "cfca-cpr-response.md").read_text()
    assert "initial-report-overdue" in _section(incident, "### Met late or missed")


def test_the_calendar_is_ledger_dues_ics(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = copy_example(tmp_path / "ledger")
    docs = tmp_path / "docs"
    _site(root, docs, "2024-04-01")
    capsys.readouterr()
    assert run("due", "--root", str(root), "--as-of", "2024-04-01", "--format", "ics") == 0
    printed = capsys.readouterr().out
    site = (docs / "feeds" / "deadlines.ics").read_bytes().decode()
    assert site.replace("\r\n", "\n") == printed.replace("\r\n", "\n")
    owner = "CFCA CPR team"
    argv = ("--root", str(root), "--as-of", "2024-04-01", "--owner", owner, "--format", "ics")
    assert run("due", *argv) == 0
    printed = capsys.readouterr().out
    mine = (docs / "feeds" / "owners" / "cfca-cpr-team.ics").read_bytes().decode()
    assert mine.replace("\r\n", "\n") == printed.replace("\r\n", "\n")


def test_calendar_events_link_to_their_records_under_site_url(tmp_path: Path) -> None:
    root = copy_example(tmp_path / "ledger")
    docs = tmp_path / "docs"
    assert prepare(root, docs, as_of_text="2024-04-01", site_url="https://ledger.example/").ok
    urls = {str(e["X-LEDGER-RECORD"]): str(e["URL"]) for e in _events(docs)}
    base = "https://ledger.example/"
    assert urls["cfca-cpr-response"] == base + "incident/cfca-cpr-response/"
    assert urls["cfca-rc-mailbox"] == base + "contacts/#contact-cfca-rc-mailbox"
    assert urls["cpr-2024-03-04-basic-constraints"] == (
        base + "problem-reports/#cpr-cpr-2024-03-04-basic-constraints"
    )
    _site(root, tmp_path / "bare", "2024-04-01")  # no site_url: no address a client cannot use
    assert all("URL" not in e for e in _events(tmp_path / "bare"))


# --- action item marks are the obligation's state ---------------------------------------------


@pytest.mark.parametrize(
    ("as_of", "mark"),
    [
        ("2024-04-01", ""),  # due in 19 days: beyond action-item-due-soon's 7
        ("2024-04-15", "due in 5 days"),
        ("2024-04-17T12:00Z", "due in 3 days"),  # 20:00 on the 17th at +08:00
        ("2024-04-19", ""),  # completed 2024-04-18: met, no mark
    ],
)
def test_action_item_marks_follow_the_obligation(tmp_path: Path, as_of: str, mark: str) -> None:
    root = copy_example(tmp_path / "ledger")
    docs = tmp_path / "docs"
    _site(root, docs, as_of)
    row = next(
        line
        for line in (docs / "incident" / "cfca-cpr-response.md").read_text().splitlines()
        if line.startswith("| <code>ccadb-contact</code> |")
    )
    assert (mark in row) if mark else ("ledger-mark" not in row), row


def test_an_item_re_dated_after_it_passed_stays_missed_on_the_site(tmp_path: Path) -> None:
    root = copy_example(tmp_path / "ledger")
    record = root / RECORD
    first = re.sub(
        r"    status: complete\n    completed: 2024-04-18[^\n]*\n",
        "    status: ongoing\n",
        record.read_text(),
    )
    assert "status: ongoing" in first
    record.write_text(first)
    git_commit(root, "2024-03-30T12:00:00+00:00", "the action item, due 2024-04-20")
    record.write_text(first.replace("due: 2024-04-20", "due: 2024-06-01", 1))
    git_commit(root, "2024-05-01T12:00:00+00:00", "re-date ccadb-contact after it passed")
    docs = tmp_path / "docs"
    _site(root, docs, "2024-05-28", history=True)
    page = (docs / "incident" / "cfca-cpr-response.md").read_text()
    missed = _section(page, "### Met late or missed")
    assert "action-item-overdue" in missed and "2024-04-20 23:59:59 UTC" in missed
    row = next(line for line in page.splitlines() if line.startswith("| <code>ccadb-contact</code> |"))
    assert "due in 4 days" in row  # the current commitment, 2024-06-01
    states = {
        (str(e["X-LEDGER-STATE"]), e["DTSTART"].dt.date().isoformat())
        for e in _of(_events(docs), "action-item-overdue")
    }
    assert states == {("missed", "2024-04-20"), ("open", "2024-06-01")}
