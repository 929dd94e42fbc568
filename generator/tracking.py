"""One GitHub tracking issue for overdue findings, and one pull-request comment, kept up to date.

The scheduled job runs `ledger check --format json` and hands the findings here. When any
error-severity finding is open, the tracking issue is created, or the open one is updated; when
none is left, the open one is closed with a comment. The issue is recognised by a hidden marker
in its body, not by its title, so renaming it does not create a second one. The same upsert
keeps a single `ledger diff` comment on a pull request.

Anyone can write the marker into an issue or a comment, so it alone proves nothing: an issue
is adopted only when the workflow's own identity opened it (`github-actions[bot]`, or the login
given by `--author`/`LEDGER_GITHUB_AUTHOR`) and it carries the `compliance-ledger` label; a
comment only when that identity wrote it. The GitHub REST client is `generator.github_api`.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from generator.errors import LedgerError
from generator.github_api import GitHub

ISSUE_MARKER = "<!-- compliance-ledger:tracking-issue -->"
COMMENT_MARKER = "<!-- compliance-ledger:pr-delta -->"
LABEL = "compliance-ledger"  # carried by the tracking issue; set when the tool creates it
BODY_LIMIT = 60_000  # GitHub refuses bodies over 65,536 characters
__all__ = ["GitHub", "track", "upsert_comment"]


# -- tracking issue -------------------------------------------------------------------------


def failing(findings: Sequence[Mapping[str, Any]], strict: bool = False) -> list[Mapping[str, Any]]:
    levels = {"error", "warning"} if strict else {"error"}
    return [f for f in findings if f.get("severity") in levels]


def read_findings(text: str) -> list[Mapping[str, Any]]:
    """`ledger check --format json` output: a list, or an object holding one under "findings"."""
    try:
        data = json.loads(text) if text.strip() else []
    except json.JSONDecodeError as exc:
        raise LedgerError(
            f"the findings are not JSON: {exc}", "pass the output of `ledger check --format json`"
        ) from None
    if isinstance(data, dict):
        data = data.get("findings", data.get("diagnostics", []))
    if not isinstance(data, list):
        raise LedgerError(
            "the findings are not a list", "pass the output of `ledger check --format json`"
        )
    return [f for f in data if isinstance(f, dict)]


def issue_body(findings: Sequence[Mapping[str, Any]], run_url: str | None) -> str:
    lines = [ISSUE_MARKER, f"`ledger check` reports {len(findings)} open finding(s).", ""]
    if run_url:
        lines += [f"Latest run: {run_url}", ""]
    lines += ["| severity | where | rule | finding |", "|---|---|---|---|"]
    for f in findings:
        where = f"`{f.get('path', '')}:{f.get('line', 1)}`"
        message = str(f.get("message", "")).replace("|", "\\|").replace("\n", " ")
        lines.append(
            f"| {f.get('severity', '')} | {where} | "
            f"{f.get('name', '')} ({f.get('code', '')}) | {message} |"
        )
    lines += [
        "",
        "This issue is updated by the scheduled ledger workflow "
        "and closed when nothing is overdue.",
    ]
    return _fit("\n".join(lines) + "\n")


def _fit(body: str) -> str:
    if len(body) <= BODY_LIMIT:
        return body
    cut = body[:BODY_LIMIT].rsplit("\n", 1)[0]
    return cut + "\n\n… (truncated: the full list is in the workflow run's job summary)\n"


def find_marked(
    gh: GitHub, marker: str, path: str, label: str | None = None
) -> list[dict[str, Any]]:
    """Items holding `marker` written by the workflow's identity (and carrying `label`)."""
    return [
        item
        for item in gh.pages(path)
        if marker in str(item.get("body") or "")
        and "pull_request" not in item
        and _login(item) == gh.author
        and (label is None or label in _labels(item))
    ]


def _login(item: Mapping[str, Any]) -> str | None:
    user = item.get("user")
    login = user.get("login") if isinstance(user, dict) else None
    return login if isinstance(login, str) else None


def _labels(item: Mapping[str, Any]) -> set[str]:
    labels = item.get("labels")
    names = (x.get("name") if isinstance(x, dict) else x for x in labels or [])
    return {n for n in names if isinstance(n, str)} if isinstance(labels, list) else set()


def _number(item: Any, key: str) -> int:
    """`item[key]` as a positive int, else the reply is not what GitHub sends."""
    value = item.get(key) if isinstance(item, dict) else None
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        raise LedgerError(
            f"the GitHub API answered without a valid {key!r} where GitHub always sends one",
            "check GITHUB_API_URL (https://api.github.com, or https://HOST/api/v3 on GHES)",
        )
    return value


@dataclass(frozen=True, slots=True)
class Outcome:
    action: str  # created | updated | closed | nothing
    number: int | None


def track(
    gh: GitHub,
    findings: Sequence[Mapping[str, Any]],
    *,
    title: str,
    run_url: str | None = None,
    strict: bool = False,
) -> Outcome:
    """Create, update or close the single tracking issue so that it matches `findings`."""
    query = f"labels={LABEL}&creator={quote(gh.author, safe='')}&per_page=100"
    open_issues = sorted(
        find_marked(gh, ISSUE_MARKER, f"/issues?state=open&{query}", LABEL),
        key=lambda i: _number(i, "number"),
    )
    current = (
        open_issues[0] if open_issues else None
    )  # the oldest: there is never reason for a second
    late = failing(findings, strict)
    if not late:
        if current is None:
            return Outcome("nothing", None)
        gh.call(
            "POST",
            f"/issues/{current['number']}/comments",
            {"body": "Nothing is overdue any more: closing."},
        )
        gh.call(
            "PATCH",
            f"/issues/{current['number']}",
            {"state": "closed", "state_reason": "completed"},
        )
        return Outcome("closed", current["number"])
    body = issue_body(late, run_url)
    heading = f"{title}: {len(late)} overdue finding{'s' if len(late) != 1 else ''}"
    if current is None:
        created, _ = gh.call("POST", "/issues", {"title": heading, "body": body, "labels": [LABEL]})
        number = _number(created, "number")
        if LABEL not in _labels(created):
            # GitHub drops labels on a new issue silently for a token without push access;
            # unlabelled, the issue would not be adopted next time and a second one would open
            gh.call("POST", f"/issues/{number}/labels", {"labels": [LABEL]})
        return Outcome("created", number)
    gh.call("PATCH", f"/issues/{current['number']}", {"title": heading, "body": body})
    return Outcome("updated", current["number"])


def upsert_comment(gh: GitHub, number: int, text: str) -> Outcome:
    """Post `text` as the one marked comment on pull request `number`, or edit it in place."""
    body = _fit(COMMENT_MARKER + "\n" + text)
    mine = find_marked(gh, COMMENT_MARKER, f"/issues/{number}/comments?per_page=100")
    if mine:
        cid = _number(mine[0], "id")
        gh.call("PATCH", f"/issues/comments/{cid}", {"body": body})
        return Outcome("updated", cid)
    created, _ = gh.call("POST", f"/issues/{number}/comments", {"body": body})
    return Outcome("created", _number(created, "id"))
