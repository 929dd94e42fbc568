"""`--url` against a fake Bugzilla on localhost, and `ledger reconcile bugzilla` (issue 16)."""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from generator.cli import main
from tests.bugzilla_server import Bugzilla, serve
from tests.helpers import empty_ledger

REPO = Path(__file__).resolve().parent.parent
COMBINED = REPO / "tests" / "fixtures" / "bugzilla" / "bug-1900001-with-comments.json"
QUERY = "product=CA Program&component=CA Certificate Compliance"


def fixture_bug() -> tuple[dict[str, Any], list[dict[str, Any]]]:
    combined = json.loads(COMBINED.read_text("utf-8"))
    bug = next(r for r in combined if isinstance(r.get("bugs"), list))["bugs"][0]
    comments = next(r for r in combined if isinstance(r.get("bugs"), dict))
    return bug, comments["bugs"]["1900001"]["comments"]


def other_bug(number: int) -> dict[str, Any]:
    return {
        "id": number,
        "summary": f"Other CA: Incident {number}",
        "status": "RESOLVED",
        "resolution": "FIXED",
        "whiteboard": "[ca-compliance] [ov-misissuance]",
        "creation_time": "2024-01-02T03:04:05Z",
        "creator": "pki@other.example",
    }


@pytest.fixture
def ledger(tmp_path: Path) -> Path:
    return empty_ledger(tmp_path / "repo")


@pytest.fixture
def bugzilla() -> Iterator[Bugzilla]:
    bug, comments = fixture_bug()
    with serve(Bugzilla(bugs=[bug], comments={1900001: comments})) as server:
        yield server


def live(root: Path, server: Bugzilla, *args: str) -> int:
    return main([*args, "--url", server.url, "--query", QUERY, "--root", str(root)])


def test_paging_fetches_every_bug_with_the_key_in_a_header_only(
    ledger: Path,
    bugzilla: Bugzilla,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("BUGZILLA_API_KEY", "s3cret-key-value")
    bugzilla.bugs += [other_bug(1800000 + i) for i in range(1200)]
    bugzilla.max_page = 250  # fewer than the client asks for: it must not stop at a short page
    assert live(ledger, bugzilla, "import", "bugzilla") == 0
    assert len(list((ledger / "incidents").rglob("*.yaml"))) == 1201
    searches = [(p, h) for p, h in bugzilla.requests if p.startswith("/rest/bug?")]
    assert len(searches) == 6  # 5 pages of 250 (the last one short), then an empty page
    assert all(h.get("x-bugzilla-api-key") == "s3cret-key-value" for _, h in searches)
    assert all("s3cret" not in p for p, _ in bugzilla.requests)
    captured = capsys.readouterr()
    assert "s3cret" not in captured.out + captured.err
    text = (ledger / "incidents" / "2025" / "bug-1900001.yaml").read_text("utf-8")
    assert f"bug: {bugzilla.url}/show_bug.cgi?id=1900001" in text


def test_a_transient_500_is_tried_again(ledger: Path, bugzilla: Bugzilla) -> None:
    bugzilla.fail = 1
    assert live(ledger, bugzilla, "import", "bugzilla", "--retries", "1") == 0
    assert len(bugzilla.requests) == 3  # the 500, the page, the empty page


def test_a_slow_reply_within_the_timeout_is_waited_for(ledger: Path, bugzilla: Bugzilla) -> None:
    bugzilla.delay = 0.3
    assert live(ledger, bugzilla, "import", "bugzilla", "--timeout", "5") == 0


@pytest.mark.parametrize(
    ("setup", "args", "message"),
    [
        ({"fail": 5}, ["--retries", "1"], "Bugzilla answered HTTP 500 to http://127.0.0.1"),
        ({"fail": 1, "fail_status": 404}, [], "Bugzilla answered HTTP 404"),
        ({"fail": 1, "fail_status": 401}, [], "set BUGZILLA_API_KEY"),
        ({"delay": 2.0}, ["--timeout", "0.3", "--retries", "0"], "within 0.3 s (1 tries)"),
        ({"body": b"<html>Please log in</html>"}, [], "is not a JSON object (text/html)"),
        ({"body": b'{"bugs": {"1": []}}'}, [], 'not what Bugzilla sends: no "bugs" list'),
        ({"body": b"[1, 2, 3]"}, [], "is not a JSON object"),
        ({"body": b'{"bugs": [{"id": "x"}]}'}, [], "'id' must be a bug number"),
        (
            {"body": b'{"error": true, "message": "The query is\\u0000 bad", "code": 1}'},
            [],
            "Bugzilla refused http://127.0.0.1",
        ),
    ],
)
def test_a_misbehaving_server_is_a_clear_error_and_exit_2(
    ledger: Path,
    bugzilla: Bugzilla,
    capsys: pytest.CaptureFixture[str],
    setup: dict[str, Any],
    args: list[str],
    message: str,
) -> None:
    for key, value in setup.items():
        setattr(bugzilla, key, value)
    for command in ("import", "reconcile"):
        assert live(ledger, bugzilla, command, "bugzilla", *args) == 2
        err = capsys.readouterr().err
        assert err.startswith("error: ") and message in err and " — " in err, err
        assert "Traceback" not in err and "\x00" not in err
        bugzilla.fail = setup.get("fail", 0)
    assert not list((ledger / "incidents").rglob("*.yaml"))


def test_a_server_that_ignores_offset_is_an_error_not_a_loop(
    ledger: Path, bugzilla: Bugzilla, capsys: pytest.CaptureFixture[str]
) -> None:
    bugzilla.body = json.dumps({"bugs": [other_bug(5)]}).encode()
    assert live(ledger, bugzilla, "import", "bugzilla") == 2
    assert "returned the same bugs again" in capsys.readouterr().err


def test_nothing_to_read_is_misuse(ledger: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["import", "bugzilla", "--root", str(ledger)]) == 2
    assert "give either saved files or --url" in capsys.readouterr().err


def reconciled(
    ledger: Path, server: Bugzilla, as_of: str, capsys: pytest.CaptureFixture[str]
) -> tuple[int, list[dict[str, Any]]]:
    capsys.readouterr()
    code = live(ledger, server, "reconcile", "bugzilla", "--as-of", as_of, "--format", "json")
    return code, json.loads(capsys.readouterr().out)


def test_reconcile_reports_each_kind_of_drift(
    ledger: Path, bugzilla: Bugzilla, capsys: pytest.CaptureFixture[str]
) -> None:
    assert live(ledger, bugzilla, "import", "bugzilla", "--comments") == 0
    assert reconciled(ledger, bugzilla, "2025-05-25", capsys) == (0, [])  # in step

    bug = bugzilla.bugs[0]
    bug.update(status="RESOLVED", resolution="FIXED", cf_last_resolved="2025-06-20T10:00:00Z")
    bug["whiteboard"] = "[ca-compliance] [leaf-revocation-delay] Next update: 15-Jun-2025"
    thread = bugzilla.comments[1900001]
    later = {"count": 3, "id": 3, "creation_time": "2025-05-28T08:00:00Z"}
    thread.append({**copy.deepcopy(thread[1]), **later, "text": "Revoked 100 of 120."})
    bugzilla.bugs.append(other_bug(1900002))
    path = ledger / "incidents" / "2025" / "bug-1900001.yaml"
    text = path.read_text("utf-8").replace(
        "questions:", '  - at: "2025-05-30T09:00Z"\n    text: Revoked 110 of 120.\nquestions:'
    )
    path.write_text(text, "utf-8")

    code, found = reconciled(ledger, bugzilla, "2025-06-01", capsys)
    assert code == 1
    lines = text.splitlines()
    at = {d["code"]: (d["path"], lines[d["line"] - 1].strip()) for d in found}
    rel = "incidents/2025/bug-1900001.yaml"
    assert at == {
        "LDG401": (rel, "status: open"),
        "LDG402": (rel, "next_update: 2025-06-01"),
        "LDG403": (rel, '- at: "2025-05-09T08:00Z"'),  # the updates list
        "LDG404": (rel, '- at: "2025-05-30T09:00Z"'),
        "LDG405": (rel, "- id: q2"),  # the questions list
        "LDG406": ("incidents", text.splitlines()[0].strip()),
    }
    by_code = {d["code"]: d for d in found}
    assert by_code["LDG402"]["message"].startswith(
        "bug 1900001's whiteboard asks for the next update on 2025-06-15"
    )
    assert "comment #3" in by_code["LDG403"]["message"]
    assert "bug 1900002" in by_code["LDG406"]["message"]
    assert by_code["LDG405"]["deadline"] == "2025-05-27T10:00:00Z"
    assert all(d["hint"] for d in found)

    # the sync takes the bug's side; what is left is the human's update and the open needinfo
    assert live(ledger, bugzilla, "sync", "bugzilla", "--comments") == 0
    code, found = reconciled(ledger, bugzilla, "2025-06-01", capsys)
    assert sorted(d["code"] for d in found) == ["LDG404", "LDG405"]


def test_reconcile_from_saved_files_without_comments_skips_comment_checks(
    ledger: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["import", "bugzilla", str(COMBINED), "--root", str(ledger)]) == 0
    bug, _ = fixture_bug()
    saved = tmp_path / "search.json"
    saved.write_text(json.dumps({"bugs": [bug]}), "utf-8")
    capsys.readouterr()
    args = ["reconcile", "bugzilla", str(saved), "--as-of", "2025-06-01", "--root", str(ledger)]
    assert main(args) == 1
    out = capsys.readouterr().out
    assert "LDG405" in out and "LDG403" not in out and "LDG404" not in out


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("http://[bad", "is not the address of a Bugzilla"),
        ("file:///etc/passwd", "is not the address of a Bugzilla"),
        ("http://127.0.0.1:9", "cannot reach http://127.0.0.1:9/rest/bug: ConnectError"),
    ],
)
def test_a_bad_or_unreachable_url_is_a_clear_error(
    ledger: Path, capsys: pytest.CaptureFixture[str], url: str, message: str
) -> None:
    args = ["import", "bugzilla", "--url", url, "--query", QUERY, "--retries", "0"]
    assert main([*args, "--root", str(ledger)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: ") and message in err
