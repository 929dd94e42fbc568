"""Bulk import of Bugzilla search results, re-import as sync, hostile replies (issue 16)."""

from __future__ import annotations

import copy
import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from bench.gen_bugs import search
from generator.cli import main
from generator.validate import validate
from tests.helpers import empty_ledger

REPO = Path(__file__).resolve().parent.parent
SAMPLE = REPO.parent / "shared" / "data" / "bugzilla" / "sample-search.json"
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "bugzilla"
needs_sample = pytest.mark.skipif(not SAMPLE.is_file(), reason="../shared/data is not here")


@pytest.fixture
def ledger(tmp_path: Path) -> Path:
    return empty_ledger(tmp_path / "repo")


LOCK = "repo/.compliance-ledger.lock"  # the ledger's write lock outside git (generator/locking.py)


def every_file(top: Path) -> dict[str, bytes]:
    return {p.relative_to(top).as_posix(): p.read_bytes() for p in top.rglob("*") if p.is_file()}


def run(root: Path, *args: str) -> int:
    return main([*args, "--root", str(root)])


def write(path: Path, data: Any) -> Path:
    path.write_text(json.dumps(data), "utf-8")
    return path


def sample() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(SAMPLE.read_text("utf-8"))
    return data


@needs_sample
def test_the_real_sample_imports_to_drafts_that_validate(ledger: Path) -> None:
    assert run(ledger, "import", "bugzilla", str(SAMPLE)) == 0
    assert run(ledger, "validate") == 0
    result = validate(ledger)
    assert [d for d in result.diagnostics if d.severity == "error"] == []
    incidents = result.ledger.incidents
    assert len(incidents) == 26
    certum = incidents["bug-1825734"]
    assert certum.path == "incidents/2023/bug-1825734.yaml"
    assert (certum.title, certum.owner) == (
        "Asseco DS / Certum: Delayed revocation of SHECA cross certificate",
        "Asseco DS / Certum",
    )
    assert (certum.status, certum.resolution, str(certum.next_update)) == (
        "closed",
        "fixed",
        "2023-04-28",
    )
    assert certum.tags == ("ca-compliance", "ca-revocation-delay")
    assert certum.bug == "https://bugzilla.mozilla.org/show_bug.cgi?id=1825734"
    assert certum.opened.utc.isoformat() == "2023-03-31T09:39:46+00:00"
    assert incidents["bug-1582519"].resolution == "invalid"
    assert str(incidents["bug-1833667"].next_update) == "2023-11-01"  # 01-Nov-2023
    assert str(incidents["bug-1848240"].next_update) == "2023-10-31"  # 31-Oct-2023
    assert incidents["bug-1983267"].status == "open"
    assert incidents["bug-1582519"].owner == "DigiCert"  # "DigiCert: Apple: …"
    dated = [i for i in incidents.values() if i.next_update is not None]
    assert len(dated) == 8


@needs_sample
def test_importing_twice_changes_nothing(ledger: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(ledger, "import", "bugzilla", str(SAMPLE)) == 0
    before = every_file(ledger)
    capsys.readouterr()
    assert run(ledger, "sync", "bugzilla", str(SAMPLE)) == 0
    assert every_file(ledger) == before
    assert capsys.readouterr().out == "0 drafted, 0 updated, 26 unchanged\n"


def snapshot_1900001() -> tuple[dict[str, Any], dict[str, Any]]:
    combined = json.loads((FIXTURES / "bug-1900001-with-comments.json").read_text("utf-8"))
    bug = next(r for r in combined if isinstance(r.get("bugs"), list))
    comments = next(r for r in combined if isinstance(r.get("bugs"), dict))
    return bug, comments


def test_a_later_snapshot_updates_exactly_what_changed_and_keeps_hand_edits(
    ledger: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bug, comments = snapshot_1900001()
    first = write(tmp_path / "bug.json", bug)
    notes = write(tmp_path / "comments.json", comments)
    assert run(ledger, "import", "bugzilla", str(first), str(notes)) == 0
    path = ledger / "incidents" / "2025" / "bug-1900001.yaml"
    # a human edits the draft in between: a comment, a new owner, an action item
    text = path.read_text("utf-8")
    text = text.replace(
        "owner: ", "# owner agreed in the weekly call\nowner: PKI Ops team  # was: "
    )
    text = text.replace("summary:", "impact: About 120 certificates.\nsummary:", 1)
    path.write_text(text, "utf-8")
    hand = path.read_text("utf-8")

    later = copy.deepcopy(bug)
    later["bugs"][0]["whiteboard"] = later["bugs"][0]["whiteboard"].replace(
        "2025-06-01", "15-Jun-2025"
    )
    later["bugs"][0]["status"] = "RESOLVED"
    later["bugs"][0]["resolution"] = "FIXED"
    later["bugs"][0]["cf_last_resolved"] = "2025-06-20T10:00:00Z"
    more = copy.deepcopy(comments)
    thread = more["bugs"]["1900001"]["comments"]
    assignee = later["bugs"][0]["assigned_to"]
    thread.append(
        {
            "id": 99,
            "count": thread[-1]["count"] + 1,
            "creator": assignee,
            "creation_time": "2025-06-10T08:00:00Z",
            "text": "Weekly update: all 120 certificates are now revoked.",
            "is_private": False,
        }
    )
    capsys.readouterr()
    assert (
        run(
            ledger,
            "sync",
            "bugzilla",
            str(write(tmp_path / "b2.json", later)),
            str(write(tmp_path / "c2.json", more)),
        )
        == 0
    )
    out = capsys.readouterr().out
    assert "updated incidents/2025/bug-1900001.yaml (bug 1900001): status: open → closed" in out
    assert "next_update: 2025-06-01 → 2025-06-15" in out
    assert f"update added from comment #{thread[-1]['count']}" in out
    assert f"question q2 answered by comment #{thread[-1]['count']}" in out
    new = path.read_text("utf-8")
    # every line of the hand-edited file is still there, but the changed ones
    kept = [line for line in hand.splitlines() if line not in new.splitlines()]
    assert [line for line in kept if not line.startswith("# bugzilla-sync:")] == [
        "status: open",
        "next_update: 2025-06-01",
    ]
    assert "# owner agreed in the weekly call\nowner: PKI Ops team  # was: " in new
    result = validate(ledger)
    assert [d for d in result.diagnostics if d.severity == "error"] == []
    incident = result.ledger.incidents["bug-1900001"]
    assert (incident.status, str(incident.closed), str(incident.next_update)) == (
        "closed",
        "2025-06-20",
        "2025-06-15",
    )
    assert incident.owner == "PKI Ops team" and incident.impact == "About 120 certificates."
    assert incident.updates[-1].text == "Weekly update: all 120 certificates are now revoked."
    (question,) = incident.questions  # the open question is answered by the new comment
    assert (question.id, question.answered.utc.isoformat()) == (  # type: ignore[union-attr]
        "q2",
        "2025-06-10T08:00:00+00:00",
    )
    # and once more: nothing changes
    before = path.read_bytes()
    assert (
        run(ledger, "sync", "bugzilla", str(tmp_path / "b2.json"), str(tmp_path / "c2.json")) == 0
    )
    assert path.read_bytes() == before


def test_a_hand_set_field_stays_until_bugzilla_changes_it(ledger: Path, tmp_path: Path) -> None:
    bug, _ = snapshot_1900001()
    reply = write(tmp_path / "bug.json", bug)
    assert run(ledger, "import", "bugzilla", str(reply)) == 0
    path = ledger / "incidents" / "2025" / "bug-1900001.yaml"
    path.write_text(path.read_text().replace("next_update: 2025-06-01", "next_update: 2025-05-25"))
    hand = path.read_bytes()
    assert run(ledger, "import", "bugzilla", str(reply)) == 0
    assert path.read_bytes() == hand  # the whiteboard did not change: the human's date stays


@needs_sample
def test_a_bug_gone_from_the_search_is_reported_and_kept(
    ledger: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(ledger, "import", "bugzilla", str(SAMPLE)) == 0
    before = every_file(ledger)
    fewer = sample()
    fewer["bugs"] = [b for b in fewer["bugs"] if b["id"] != 1888881]
    capsys.readouterr()
    assert run(ledger, "import", "bugzilla", str(write(tmp_path / "s.json", fewer))) == 0
    assert every_file(ledger) == before
    out = capsys.readouterr().out
    assert "not in this import: bug 1888881 (incidents/2024/bug-1888881.yaml) — kept" in out


def test_a_hand_written_record_of_the_bug_is_synced_not_duplicated(
    ledger: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    shutil.copytree(REPO / "incidents", ledger / "incidents", dirs_exist_ok=True)
    bug = json.loads((FIXTURES / "bug-1888881.json").read_text("utf-8"))
    assert run(ledger, "import", "bugzilla", str(write(tmp_path / "b.json", bug))) == 0
    assert not (ledger / "incidents" / "2024" / "bug-1888881.yaml").exists()
    assert "0 drafted" in capsys.readouterr().out
    assert validate(ledger).ok


AMBIGUOUS = {
    "bugs": [
        {
            "id": 1700001,
            "summary": "Example CA: Late revocation",
            "status": "ASSIGNED",
            "resolution": "",
            "whiteboard": "[ca-compliance] [leaf-revocation-delay] Next update 3-1-2024",
            "creation_time": "2023-12-01T10:00:00Z",
            "creator": "pki@example.test",
        }
    ]
}


def test_an_ambiguous_next_update_is_left_unset_and_said_twice(
    ledger: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(ledger, "import", "bugzilla", str(write(tmp_path / "a.json", AMBIGUOUS))) == 0
    err = capsys.readouterr().err
    assert "bug 1700001" in err and "'3-1-2024': ambiguous" in err
    text = (ledger / "incidents" / "2023" / "bug-1700001.yaml").read_text("utf-8")
    assert "# Next update '3-1-2024': ambiguous: 03 January 2024 (day first) or 01 March" in text
    assert "next_update:" not in text
    assert validate(ledger).ok


def hostile(**fields: Any) -> dict[str, Any]:
    bug = dict(AMBIGUOUS["bugs"][0])
    bug.update(fields)
    return {"bugs": [bug]}


@pytest.mark.parametrize(
    ("bug", "message"),
    [
        (hostile(id="../../x"), "'id' must be a bug number"),
        (hostile(id=True), "'id' must be a bug number"),
        (hostile(id=10**30), "'id' must be a bug number"),
        (hostile(summary=["a"]), "'summary' is missing or not text"),
        (hostile(creation_time="yesterday"), "'creation_time' 'yesterday' is not a Bugzilla time"),
        (hostile(creation_time="2024-02-30T00:00:00Z"), "is not a Bugzilla time"),
        ({"bugs": [{"id": 5}]}, "'summary' is missing"),
        ({"bugs": ["x"]}, "a bug must be an object"),
        ({"bugs": 7}, 'not a Bugzilla REST response (no "bugs" list'),
        ([1, 2], "no bug found"),
        ({"bugs": []}, "no bug found"),
    ],
)
def test_odd_json_is_a_clear_error_and_writes_nothing(
    ledger: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], bug: Any, message: str
) -> None:
    before = every_file(tmp_path)
    assert run(ledger, "import", "bugzilla", str(write(tmp_path / "odd.json", bug))) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: ") and message in err and " — " in err
    assert "Traceback" not in err
    # and the write lock (issue 12): outside git it is the ledger root's .compliance-ledger.lock
    assert every_file(tmp_path) == {
        **before, "odd.json": (tmp_path / "odd.json").read_bytes(), LOCK: b""
    }


def test_json_that_does_not_parse_is_refused_at_its_position(
    ledger: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    cut = tmp_path / "cut.json"
    cut.write_text('{"bugs": [\n  {"id": 1,\n')
    assert run(ledger, "import", "bugzilla", str(cut)) == 2
    assert capsys.readouterr().err.startswith(f"error: {cut}:3:1: cannot read cut.json as JSON")


def test_deeply_nested_json_is_refused(
    ledger: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    deep = tmp_path / "deep.json"
    deep.write_text("[" * 100_000 + "]" * 100_000)
    assert run(ledger, "import", "bugzilla", str(deep)) == 2
    assert "nested too deeply" in capsys.readouterr().err


def test_hostile_text_makes_a_safe_draft_inside_incidents(ledger: Path, tmp_path: Path) -> None:
    evil = hostile(
        summary="../../../etc/passwd\x00\x1b[31m: \u202eevil\u2028 <script>x</script>" * 500,
        whiteboard="[../../x] [ca-compliance] [\x07bell] [] [ÜBER tag] Next update 2024-01-05"
        + " [x]" * 5000,
        status="resolved",
        resolution="FIXED",
        assigned_to={"not": "a string"},
        flags="nope",
        see_also=["javascript:alert(1)", "https://ok.example/1"],
    )
    outside = every_file(tmp_path)
    assert run(ledger, "import", "bugzilla", str(write(tmp_path / "evil.json", evil))) == 0
    written = set(every_file(tmp_path)) - set(outside)
    assert written == {"evil.json", "repo/incidents/2023/bug-1700001.yaml", LOCK}
    result = validate(ledger)
    assert [d for d in result.diagnostics if d.severity == "error"] == []
    incident = result.ledger.incidents["bug-1700001"]
    assert incident.status == "closed" and len(incident.title) <= 1000
    assert "\x00" not in incident.title and "\x1b" not in incident.title
    assert incident.tags[:3] == ("x", "ca-compliance", "bell")
    assert str(incident.next_update) == "2024-01-05"
    assert [r.ref for r in incident.related] == ["https://ok.example/1"]


def test_a_year_folder_that_links_outside_is_refused(
    ledger: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (ledger / "incidents" / "2023").symlink_to(elsewhere)
    assert run(ledger, "import", "bugzilla", str(write(tmp_path / "a.json", AMBIGUOUS))) == 2
    assert "outside" in capsys.readouterr().err
    assert list(elsewhere.iterdir()) == []


def test_a_folder_of_replies_and_a_generated_search_build_a_searchable_site(
    ledger: Path, tmp_path: Path
) -> None:
    replies = tmp_path / "replies"
    replies.mkdir()
    write(replies / "search.json", search(40, seed=3))
    first = search(40, seed=3)["bugs"][0]
    assert run(ledger, "import", "bugzilla", str(replies)) == 0
    assert validate(ledger).ok
    assert run(ledger, "check", "--as-of", "2026-10-01") in (0, 1)
    site = tmp_path / "site"
    assert run(ledger, "build", "--site-dir", str(site), "--no-history") == 0
    index = json.loads((site / "search" / "search_index.json").read_text("utf-8"))
    word = first["summary"].split(": ", 1)[1].split()[0]  # a word of the title
    hits = [d["location"] for d in index["docs"] if word.lower() in d["title"].lower()]
    assert f"incident/bug-{first['id']}/" in hits


def test_a_reopened_bug_reopens_the_record_and_tags_follow_the_whiteboard(
    ledger: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    closed = hostile(status="RESOLVED", resolution="FIXED", whiteboard="[ca-compliance] [old]")
    closed["bugs"][0]["cf_last_resolved"] = "2024-01-10T00:00:00Z"
    assert run(ledger, "import", "bugzilla", str(write(tmp_path / "1.json", closed))) == 0
    path = ledger / "incidents" / "2023" / "bug-1700001.yaml"
    path.write_text(
        path.read_text().replace("tags: [ca-compliance, old]", "tags: [ca-compliance, old, mine]")
    )
    reopened = copy.deepcopy(closed)
    reopened["bugs"][0].update(status="REOPENED", resolution="", whiteboard="[ca-compliance] [new]")
    capsys.readouterr()
    assert run(ledger, "sync", "bugzilla", str(write(tmp_path / "2.json", reopened))) == 0
    out = capsys.readouterr().out
    assert "status: closed → open (REOPENED)" in out and "tags: +new, -old" in out
    incident = validate(ledger).ledger.incidents["bug-1700001"]
    assert (incident.status, incident.resolution, incident.closed) == ("open", None, None)
    assert incident.tags == ("ca-compliance", "mine", "new")
    assert incident.closure is not None  # kept: a human may have written it
