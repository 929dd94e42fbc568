"""`ledger import bugzilla`: saved REST responses (no network) → a draft that validates."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from generator.cli import main
from generator.validate import validate

REPO = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "bugzilla"
BUG = FIXTURES / "bug-1888881.json"
COMMENTS = FIXTURES / "comments-1888881.json"
COMBINED = FIXTURES / "bug-1900001-with-comments.json"


@pytest.fixture
def ledger(tmp_path: Path) -> Path:
    shutil.copytree(REPO / "ledger" / "contacts", tmp_path / "ledger" / "contacts")
    shutil.copy(REPO / "ledger" / "policy.yaml", tmp_path / "ledger" / "policy.yaml")
    (tmp_path / "incidents").mkdir()
    return tmp_path


def imported(ledger: Path, *files: Path) -> Path:
    assert main(["import", "bugzilla", *map(str, files), "--root", str(ledger)]) == 0
    (path,) = (ledger / "incidents").rglob("*.yaml")
    return path


def test_saved_bug_becomes_a_valid_closed_incident(ledger: Path) -> None:
    path = imported(ledger, BUG, COMMENTS)
    assert (
        path.relative_to(ledger).as_posix()
        == "incidents/2024/bug-1888881.yaml"
    )
    result = validate(ledger)
    assert [d for d in result.diagnostics if d.severity == "error"] == []
    incident = result.ledger.incidents[path.stem]
    assert incident.title == "CFCA: Failure to respond to a CPR in a complete and/or timely manner"
    assert (incident.status, incident.resolution, str(incident.closed)) == (
        "closed",
        "fixed",
        "2025-04-02",
    )
    assert incident.tags == ("ca-compliance", "policy-failure")
    assert incident.opened.utc.isoformat() == "2024-03-29T02:00:00+00:00"
    assert [r.kind for r in incident.reports] == ["preliminary", "full", "closure"]
    assert incident.closure is not None and incident.closure.attested
    assert incident.closure.commitments.startswith("CFCA promised that the new team")


def test_questions_are_answered_by_the_assignees_next_comment(ledger: Path) -> None:
    path = imported(ledger, BUG, COMMENTS)
    incident = validate(ledger).ledger.incidents[path.stem]
    comments = json.loads(COMMENTS.read_text())["bugs"]["1888881"]["comments"]
    others = [
        c
        for c in comments
        if c["creator"] != "gaofei@cfca.com.cn" and ("?" in c["text"] or "lease" in c["text"])
    ]
    assert [q.id for q in incident.questions] == [f"q{c['count']}" for c in others]
    assert [q.answered is not None for q in incident.questions] == [True] * len(others)
    first = incident.questions[0]
    assert (first.text, first.asked.utc.isoformat(), first.answered.utc.isoformat()) == (  # type: ignore[union-attr]
        "Do we have an update on this?",
        "2024-04-15T09:00:00+00:00",
        "2024-04-18T03:00:00+00:00",
    )
    # the assignee's replies are updates, without the quoted question
    assert incident.updates[0].text.startswith("1. We have added a new email address")


def test_open_bug_in_one_file_keeps_next_update_and_the_open_question(ledger: Path) -> None:
    path = imported(ledger, COMBINED)
    incident = validate(ledger).ledger.incidents[path.stem]
    assert incident.status == "open" and str(incident.next_update) == "2025-06-01"
    assert incident.tags == ("ca-compliance", "leaf-revocation-delay")
    assert [(q.id, q.answered) for q in incident.questions] == [("q2", None)]


def test_stdout_writes_nothing_and_importing_again_changes_nothing(
    ledger: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["import", "bugzilla", str(COMBINED), "--stdout", "--root", str(ledger)]) == 0
    out = capsys.readouterr().out
    assert (
        out.startswith("# yaml-language-server: $schema=")
        and "Draft imported from Bugzilla bug 1900001" in out
    )
    assert not list((ledger / "incidents").rglob("*.yaml"))
    path = imported(ledger, COMBINED)
    before = path.read_bytes()
    capsys.readouterr()
    assert main(["import", "bugzilla", str(COMBINED), "--root", str(ledger)]) == 0
    assert path.read_bytes() == before
    assert "0 drafted, 0 updated, 1 unchanged" in capsys.readouterr().out


def test_a_bug_without_its_comments_is_drafted_from_its_metadata(
    ledger: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = imported(ledger, BUG)
    err = capsys.readouterr().err
    assert "closure summary not in the imported comments" in err
    incident = validate(ledger).ledger.incidents[path.stem]
    assert (incident.status, str(incident.closed)) == ("closed", "2025-04-02")
    assert incident.updates == () and incident.owner == "CFCA"


def test_not_json_is_refused(
    ledger: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text("<html>login required</html>")
    assert main(["import", "bugzilla", str(bad), "--root", str(ledger)]) == 2
    assert "cannot read" in capsys.readouterr().err
