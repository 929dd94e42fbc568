"""The scheduled job's tracking issue and the pull-request comment, against a fake GitHub API.

The fake is a real HTTP server on localhost that answers like the GitHub REST API, from
responses recorded in tests/fixtures/github/, and keeps the issues it is told to create, so
"none open → create", "already open → update" and "all clean → close" run over real urllib.
"""

from __future__ import annotations

import copy
import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

from generator import tracking
from generator.cli import main
from tests.attacks.fake_http import json_reply, send

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "github"
REPO = "example-ca/ledger"


def recorded(name: str) -> dict[str, Any]:
    return json.loads((FIXTURES / name).read_text())  # type: ignore[no-any-return]


class FakeGitHub:
    def __init__(self) -> None:
        self.issues: list[dict[str, Any]] = []
        self.comments: dict[int, list[dict[str, Any]]] = {}
        self.requests: list[tuple[str, str, Any]] = []
        self.page_size = 100

    def handle(self, method: str, url: str, body: Any) -> tuple[int, Any, dict[str, str]]:
        self.requests.append((method, url, body))
        parts = urlsplit(url)
        path = parts.path.removeprefix(f"/repos/{REPO}")
        query = parse_qs(parts.query)
        if method == "GET" and path == "/issues":
            return self._page([i for i in self.issues if i["state"] == "open"], query, path)
        if method == "POST" and path == "/issues":
            issue = copy.deepcopy(recorded("issue.json"))
            issue.update(
                number=max([i["number"] for i in self.issues] + [0]) + 1,
                title=body["title"],
                body=body["body"],
                state="open",
            )
            self.issues.append(issue)
            return 201, issue, {}
        number = (
            int(path.split("/")[2])
            if path.startswith("/issues/") and path.split("/")[2].isdigit()
            else None
        )
        if method == "PATCH" and number is not None:
            issue = next(i for i in self.issues if i["number"] == number)
            issue.update(body)
            return 200, issue, {}
        if path.endswith("/comments") and number is not None:
            if method == "GET":
                return self._page(self.comments.get(number, []), query, path)
            comment = dict(recorded("comment.json"), id=len(self.requests), body=body["body"])
            self.comments.setdefault(number, []).append(comment)
            return 201, comment, {}
        if method == "PATCH" and path.startswith("/issues/comments/"):
            cid = int(path.rsplit("/", 1)[1])
            comment = next(c for cs in self.comments.values() for c in cs if c["id"] == cid)
            comment.update(body)
            return 200, comment, {}
        return 404, {"message": "Not Found"}, {}

    def _page(
        self, items: list[dict[str, Any]], query: dict[str, list[str]], path: str
    ) -> tuple[int, Any, dict[str, str]]:
        page = int(query.get("page", ["1"])[0])
        chunk = items[(page - 1) * self.page_size : page * self.page_size]
        headers = {}
        if page * self.page_size < len(items):
            headers["Link"] = (
                f'<{self.base}/repos/{REPO}{path}?state=open&page={page + 1}>; rel="next"'
            )
        return 200, chunk, headers

    base = ""


@pytest.fixture
def fake() -> Iterator[FakeGitHub]:
    state = FakeGitHub()

    class Handler(BaseHTTPRequestHandler):
        def _serve(self) -> None:
            assert self.headers["Authorization"] == "Bearer test-token"
            length = int(self.headers.get("Content-Length") or 0)
            body = json.loads(self.rfile.read(length)) if length else None
            status, payload, headers = state.handle(self.command, self.path, body)
            send(self, *json_reply(payload, status, **headers))

        do_GET = do_POST = do_PATCH = _serve

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    state.base = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield state
    server.shutdown()
    server.server_close()


@pytest.fixture
def env(fake: FakeGitHub, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GITHUB_TOKEN", "test-token")
    monkeypatch.setenv("GITHUB_REPOSITORY", REPO)
    monkeypatch.setenv("GITHUB_API_URL", fake.base)
    for key in ("GITHUB_SERVER_URL", "GITHUB_RUN_ID"):
        monkeypatch.delenv(key, raising=False)


def track(findings: Path | str, capsys: pytest.CaptureFixture[str]) -> str:
    assert main(["track-issue", str(findings)]) == 0
    return capsys.readouterr().out.strip()


@pytest.fixture
def clean(tmp_path: Path) -> Path:
    path = tmp_path / "clean.json"
    path.write_text("[]\n")
    return path


FINDINGS = FIXTURES / "findings.json"


def test_none_open_creates_one_issue(
    fake: FakeGitHub, env: None, capsys: pytest.CaptureFixture[str]
) -> None:
    fake.issues = [recorded("other-issue.json"), recorded("pull-request-as-issue.json")]
    assert track(FINDINGS, capsys) == "tracking issue: created #9"
    created = fake.issues[-1]
    assert created["title"] == "Ledger: 1 overdue finding"
    assert created["body"].startswith(tracking.ISSUE_MARKER)
    assert (
        "`incidents/2025/crl.yaml:14`" in created["body"]
        and "action-item-due-soon" not in created["body"]
    )
    assert [m for m, *_ in fake.requests] == ["GET", "POST"]


def test_already_open_is_updated_never_a_second(
    fake: FakeGitHub, env: None, capsys: pytest.CaptureFixture[str]
) -> None:
    fake.issues = [recorded("other-issue.json"), recorded("issue.json")]
    assert track(FINDINGS, capsys) == "tracking issue: updated #7"
    assert track(FINDINGS, capsys) == "tracking issue: updated #7"
    assert len([i for i in fake.issues if tracking.ISSUE_MARKER in (i["body"] or "")]) == 1
    assert [(m, u.split("?")[0]) for m, u, _ in fake.requests if m != "GET"] == [
        ("PATCH", f"/repos/{REPO}/issues/7"),
        ("PATCH", f"/repos/{REPO}/issues/7"),
    ]


def test_found_on_a_later_page(
    fake: FakeGitHub, env: None, capsys: pytest.CaptureFixture[str]
) -> None:
    fake.page_size = 1
    fake.issues = [
        recorded("other-issue.json"),
        recorded("pull-request-as-issue.json"),
        recorded("issue.json"),
    ]
    assert track(FINDINGS, capsys) == "tracking issue: updated #7"
    assert sum(1 for m, *_ in fake.requests if m == "GET") == 3


def test_all_clean_closes_it(
    fake: FakeGitHub, env: None, clean: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    fake.issues = [recorded("issue.json")]
    assert track(clean, capsys) == "tracking issue: closed #7"
    assert fake.issues[0]["state"] == "closed" and fake.issues[0]["state_reason"] == "completed"
    assert fake.comments[7][0]["body"].startswith("Nothing is overdue")
    assert track(clean, capsys) == "tracking issue: nothing"  # closed stays closed: no new issue


def test_warnings_alone_keep_nothing_open_unless_strict(
    fake: FakeGitHub, env: None, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    warnings = tmp_path / "w.json"
    warnings.write_text(
        json.dumps([f for f in json.loads(FINDINGS.read_text()) if f["severity"] == "warning"])
    )
    assert track(warnings, capsys) == "tracking issue: nothing"
    assert main(["track-issue", str(warnings), "--strict"]) == 0
    assert "created" in capsys.readouterr().out


def test_pr_comment_is_created_once_then_edited(
    fake: FakeGitHub, env: None, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    fake.comments[8] = [
        dict(recorded("comment.json"), id=5, body="LGTM")
    ]  # someone else's comment stays
    delta = tmp_path / "delta.md"
    for text in ("1 incident opened", "2 incidents opened"):
        delta.write_text(text)
        assert main(["pr-comment", str(delta), "--pr", "8"]) == 0
    mine = [c for c in fake.comments[8] if tracking.COMMENT_MARKER in c["body"]]
    assert len(mine) == 1 and mine[0]["body"].endswith("2 incidents opened")
    assert fake.comments[8][0]["body"] == "LGTM"
    assert "created" in capsys.readouterr().out


def test_api_errors_and_missing_token_are_reported(
    fake: FakeGitHub, env: None, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("GITHUB_REPOSITORY", "example-ca/other")
    assert main(["track-issue", str(FINDINGS)]) == 2
    assert "answered 404" in capsys.readouterr().err
    monkeypatch.delenv("GITHUB_TOKEN")
    assert main(["track-issue", str(FINDINGS)]) == 2
    assert "GITHUB_TOKEN" in capsys.readouterr().err


def test_long_lists_are_cut_below_githubs_limit() -> None:
    many = [
        {"severity": "error", "path": f"incidents/{n}.yaml", "line": 1, "message": "x" * 200}
        for n in range(2000)
    ]
    body = tracking.issue_body(many, None)
    assert len(body) <= tracking.BODY_LIMIT + 200 and "truncated" in body
