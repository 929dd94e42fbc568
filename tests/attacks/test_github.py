"""Attacks on `ledger track-issue` and `ledger pr-comment` through their only input: HTTP replies.

Against a scripted fake API on loopback: the token (with a trailing CR, echoed back by a
server) never appears in any output; the Authorization header never reaches another host, by
redirect or by `Link: rel=next`; pagination ends (a loop, too many pages); odd replies are
`error: … — …` with exit 2; an outsider's issue or comment holding the marker is never
adopted. Each case states its exact outcome.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from generator import github_api, tracking
from generator.cli import main
from tests.attacks.fake_http import Fake, Reply, fake_server, json_reply

TOKEN = "ghs_S3cretTokenValue0123456789"
REPO = "example-ca/ledger"
FINDINGS = Path(__file__).resolve().parents[1] / "fixtures" / "github" / "findings.json"
BOT = {"login": "github-actions[bot]", "type": "Bot"}
LABELS = [{"name": tracking.LABEL}]


def issue(number: int, user: dict[str, str] = BOT, labels: Any = LABELS) -> dict[str, Any]:
    body = tracking.ISSUE_MARKER + "\nold"
    return {"number": number, "user": user, "labels": labels, "body": body, "state": "open"}


@pytest.fixture
def api(monkeypatch: pytest.MonkeyPatch) -> Iterator[Fake]:
    with fake_server() as fake:
        monkeypatch.setenv("GITHUB_TOKEN", TOKEN + "\r\n")  # as pasted from a Windows editor
        monkeypatch.setenv("GITHUB_REPOSITORY", REPO)
        monkeypatch.setenv("GITHUB_API_URL", fake.base)
        monkeypatch.setenv("LEDGER_GITHUB_TIMEOUT", "0.5")
        for key in ("GITHUB_SERVER_URL", "GITHUB_RUN_ID", "LEDGER_GITHUB_AUTHOR", "GH_TOKEN"):
            monkeypatch.delenv(key, raising=False)
        yield fake


@pytest.fixture
def other_host() -> Iterator[Fake]:
    with fake_server("127.0.0.2") as fake:
        fake.answer = lambda m, p, b: json_reply([issue(99)])
        yield fake


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def track(capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    return run(capsys, "track-issue", str(FINDINGS))


def assert_refused(result: tuple[int, str, str], *words: str) -> None:
    code, out, err = result
    assert code == 2, (out, err)
    assert err.startswith("error: ") and " — " in err and err.count("\n") == 1, err
    assert TOKEN not in out + err and "Traceback" not in err
    for word in words:
        assert word in err, err


def test_a_trailing_cr_is_stripped_and_only_the_token_is_sent(
    api: Fake, capsys: pytest.CaptureFixture[str]
) -> None:
    api.answer = lambda m, p, b: json_reply([]) if m == "GET" else json_reply(issue(1), 201)
    assert track(capsys) == (0, "tracking issue: created #1\n", "")
    assert {s.authorization for s in api.seen} == {f"Bearer {TOKEN}"}
    assert api.seen[-1].body["labels"] == [tracking.LABEL]


@pytest.mark.parametrize("token", ["ghs_a b", "ghs_a\x1b[2Jb", "ghs_a\nb", "ghs_\u202eab"])
def test_a_token_with_inner_spaces_or_controls_is_refused_unprinted(
    api: Fake, token: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("GITHUB_TOKEN", token)
    code, out, err = track(capsys)
    assert code == 2 and "spaces or control characters" in err
    assert token not in out + err and token.strip()[4:] not in err and api.seen == []


ECHO = f"Bad credentials for Bearer {TOKEN}"
REPLIES: dict[str, tuple[Reply, tuple[str, ...]]] = {
    "401 echoing the token": (json_reply({"message": ECHO}, 401), ("answered 401", "***")),
    "403 in HTML echoing the token": (
        (403, {"Content-Type": "text/html"}, f"<h1>Forbidden</h1>{TOKEN}".encode()),
        ("answered 403", "<h1>Forbidden</h1>***"),
    ),
    "500 with escape sequences": (
        json_reply({"message": "boom \x1b]0;pwned\x07\x1b[2J\u202egnp.exe"}, 500),
        ("answered 500", "\\x1b]0;pwned\\x07\\x1b[2J\\u202egnp.exe"),
    ),
    "HTML page with 200 (a captive portal)": (
        (200, {"Content-Type": "text/html"}, b"<html><body>Sign in</body></html>"),
        ("with text/html, not JSON", "Sign in"),
    ),
    "truncated JSON": (
        (200, {"Content-Type": "application/json"}, b'[{"number": 1'),
        ("not JSON",),
    ),
    "deeply nested JSON": (
        (200, {"Content-Type": "application/json"}, b"[" * 100_000 + b"]" * 100_000),
        ("not JSON",),
    ),
    "an object where a list belongs": (json_reply({"message": "ok"}), ("answered with no list",)),
    "an issue without a number": (
        json_reply([{"user": BOT, "labels": LABELS, "body": tracking.ISSUE_MARKER}]),
        ("valid 'number'",),
    ),
    "a number as text": (json_reply([dict(issue(1), number="7")]), ("valid 'number'",)),
    "a dropped connection": ("drop", ("cannot reach the GitHub API",)),
    "a connection that hangs": ("hang", ("did not answer within 0.5 s",)),
}


@pytest.mark.parametrize("name", list(REPLIES))
def test_odd_replies_are_a_clear_error_never_exit_3_never_the_token(
    api: Fake, name: str, capsys: pytest.CaptureFixture[str]
) -> None:
    reply, words = REPLIES[name]
    api.answer = lambda m, p, b: reply
    assert_refused(track(capsys), *words)


def test_a_created_issue_without_a_number_is_an_error(
    api: Fake, capsys: pytest.CaptureFixture[str]
) -> None:
    api.answer = lambda m, p, b: json_reply([]) if m == "GET" else json_reply({"id": 1}, 201)
    assert_refused(track(capsys), "valid 'number'")


def test_a_redirect_to_another_host_is_not_followed(
    api: Fake, other_host: Fake, capsys: pytest.CaptureFixture[str]
) -> None:
    api.answer = lambda m, p, b: (307, {"Location": other_host.base + p}, b"")
    assert_refused(track(capsys), "another host than 127.0.0.1", "GITHUB_API_URL")
    assert other_host.seen == []


def test_a_redirect_on_the_same_host_is_followed_with_the_token(
    api: Fake, capsys: pytest.CaptureFixture[str]
) -> None:
    def answer(method: str, path: str, body: Any) -> Reply:
        if path.startswith("/moved"):
            return json_reply([issue(7)]) if method == "GET" else json_reply(issue(7))
        return 301, {"Location": "/moved" + path}, b""

    api.answer = answer
    assert track(capsys) == (0, "tracking issue: updated #7\n", "")
    assert all(s.authorization == f"Bearer {TOKEN}" for s in api.seen)


def test_next_page_on_another_host_is_not_read(
    api: Fake, other_host: Fake, capsys: pytest.CaptureFixture[str]
) -> None:
    link = f'<{other_host.base}/repos/{REPO}/issues?page=2>; rel="next"'
    api.answer = lambda m, p, b: json_reply([], Link=link)
    assert_refused(track(capsys), "another host than 127.0.0.1")
    assert other_host.seen == []


def test_a_self_link_loop_ends_with_a_clear_error(
    api: Fake, capsys: pytest.CaptureFixture[str]
) -> None:
    api.answer = lambda m, p, b: json_reply([], Link=f'<{api.base}{p}>; rel="next"')
    assert_refused(track(capsys), "(a loop)")
    assert len(api.seen) == 1


def test_pagination_is_capped(api: Fake, capsys: pytest.CaptureFixture[str]) -> None:
    def answer(method: str, path: str, body: Any) -> Reply:
        page = len(api.seen) + 1
        return json_reply([], Link=f'<{api.base}/repos/{REPO}/issues?page={page}>; rel="next"')

    api.answer = answer
    assert_refused(track(capsys), f"more than {github_api.MAX_PAGES} pages")
    assert len(api.seen) == github_api.MAX_PAGES


def _issues_then_record(api: Fake, issues: list[dict[str, Any]]) -> None:
    def answer(method: str, path: str, body: Any) -> Reply:
        if method == "GET":
            return json_reply(issues)
        return json_reply(dict(issue(50), **(body or {})), 201 if method == "POST" else 200)

    api.answer = answer


@pytest.mark.parametrize(
    "planted",
    [
        issue(3, user={"login": "mallory", "type": "User"}),
        issue(3, user={"login": "github-actions", "type": "User"}),  # a look-alike login
        issue(3, labels=[]),  # the bot's, but without the label: e.g. quoted by hand
        issue(3, labels=["compliance-ledger-x"]),
        dict(issue(3), user="github-actions[bot]"),  # wrong shape
    ],
)
def test_an_outsiders_marked_issue_is_never_adopted(
    api: Fake, planted: dict[str, Any], capsys: pytest.CaptureFixture[str]
) -> None:
    _issues_then_record(api, [planted])
    assert track(capsys) == (0, "tracking issue: created #50\n", "")
    assert [(s.method, s.path) for s in api.seen if s.method != "GET"] == [
        ("POST", f"/repos/{REPO}/issues")
    ]
    get = api.seen[0].path
    assert "labels=compliance-ledger" in get and "creator=github-actions%5Bbot%5D" in get


def test_the_workflows_own_issue_is_adopted_and_author_is_configurable(
    api: Fake, capsys: pytest.CaptureFixture[str]
) -> None:
    _issues_then_record(api, [issue(3, user={"login": "mallory"}), issue(4)])
    assert track(capsys) == (0, "tracking issue: updated #4\n", "")
    api.seen.clear()
    _issues_then_record(api, [issue(3, user={"login": "ledger-bot"}), issue(4)])
    code, out, _ = run(capsys, "track-issue", str(FINDINGS), "--author", "ledger-bot")
    assert (code, out) == (0, "tracking issue: updated #3\n")
    assert "creator=ledger-bot" in api.seen[0].path


def test_an_outsiders_marked_comment_is_never_edited(
    api: Fake, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    planted = {"id": 11, "user": {"login": "mallory"}, "body": tracking.COMMENT_MARKER + "\nx"}
    ours = {"id": 12, "user": BOT, "body": tracking.COMMENT_MARKER + "\nold"}

    def answer(method: str, path: str, body: Any) -> Reply:
        if method == "GET":
            return json_reply(comments)
        return json_reply({"id": 13 if method == "POST" else 12, "user": BOT}, 201)

    api.answer = answer
    delta = tmp_path / "delta.md"
    delta.write_text("1 incident opened\n")
    comments = [planted]
    assert run(capsys, "pr-comment", str(delta), "--pr", "8")[:2] == (
        0,
        "pull request comment: created (13)\n",
    )
    comments = [planted, ours]
    assert run(capsys, "pr-comment", str(delta), "--pr", "8")[:2] == (
        0,
        "pull request comment: updated (12)\n",
    )
    assert [(s.method, s.path) for s in api.seen if s.method != "GET"] == [
        ("POST", f"/repos/{REPO}/issues/8/comments"),
        ("PATCH", f"/repos/{REPO}/issues/comments/12"),
    ]


def test_bad_settings_are_errors(
    api: Fake, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("LEDGER_GITHUB_TIMEOUT", "soon")
    assert_refused(track(capsys), "LEDGER_GITHUB_TIMEOUT")
    monkeypatch.setenv("LEDGER_GITHUB_TIMEOUT", "1")
    monkeypatch.setenv("GITHUB_API_URL", "file:///etc/passwd")
    assert_refused(track(capsys), "not an http(s) address")
    monkeypatch.setenv("GITHUB_API_URL", "http://127.0.0.1:1")  # nothing listens there
    assert_refused(track(capsys), "cannot reach the GitHub API")
    assert json.loads(FINDINGS.read_text())  # the input was fine all along


def test_a_label_dropped_on_creation_is_added_after(
    api: Fake, capsys: pytest.CaptureFixture[str]
) -> None:
    def answer(method: str, path: str, body: Any) -> Reply:
        if method == "GET":
            return json_reply([])
        return json_reply(issue(5, labels=[]), 201)  # as GitHub answers a token without push

    api.answer = answer
    assert track(capsys) == (0, "tracking issue: created #5\n", "")
    assert [(s.method, s.path, s.body) for s in api.seen if s.method == "POST"][1] == (
        "POST",
        f"/repos/{REPO}/issues/5/labels",
        {"labels": [tracking.LABEL]},
    )
