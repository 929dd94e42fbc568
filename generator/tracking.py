"""One GitHub tracking issue for overdue findings, and one pull-request comment, kept up to date.

The scheduled job runs `ledger check --format json` and hands the findings here. When any
error-severity finding is open, the tracking issue is created, or the open one is updated; when
none is left, the open one is closed with a comment. The issue is recognised by a hidden marker
in its body, not by its title, so renaming it does not create a second one. The same upsert
keeps a single `ledger diff` comment on a pull request.

GitHub REST API through urllib; the token comes from the environment (GITHUB_TOKEN).
"""

from __future__ import annotations

import json
import os
import re
import urllib.error
import urllib.request
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from generator.errors import LedgerError

ISSUE_MARKER = "<!-- compliance-ledger:tracking-issue -->"
COMMENT_MARKER = "<!-- compliance-ledger:pr-delta -->"
BODY_LIMIT = 60_000  # GitHub refuses bodies over 65,536 characters
_NEXT = re.compile(r'<([^>]+)>;\s*rel="next"')


@dataclass(frozen=True, slots=True)
class GitHub:
    """A minimal GitHub REST client: JSON in, JSON out, errors as LedgerError."""

    api: str
    repo: str
    token: str

    @classmethod
    def from_env(cls, env: Mapping[str, str] = os.environ) -> GitHub:
        token = env.get("GITHUB_TOKEN") or env.get("GH_TOKEN")
        repo = env.get("GITHUB_REPOSITORY")
        if not token or not repo:
            raise LedgerError(
                "GITHUB_TOKEN and GITHUB_REPOSITORY must be set",
                "run in GitHub Actions with `env: GITHUB_TOKEN: ${{ secrets.GITHUB_TOKEN }}`",
            )
        return cls(env.get("GITHUB_API_URL", "https://api.github.com").rstrip("/"), repo, token)

    def call(self, method: str, path: str, body: Any = None) -> tuple[Any, str | None]:
        """(decoded JSON, URL of the next page or None)."""
        url = path if path.startswith("http") else f"{self.api}/repos/{self.repo}{path}"
        data = None if body is None else json.dumps(body).encode("utf-8")
        request = urllib.request.Request(
            url,
            data=data,
            method=method,
            headers={
                "Accept": "application/vnd.github+json",
                "Authorization": f"Bearer {self.token}",
                "X-GitHub-Api-Version": "2022-11-28",
                "User-Agent": "compliance-ledger",
                **({"Content-Type": "application/json"} if data is not None else {}),
            },
        )
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                payload = response.read()
                found = _NEXT.search(response.headers.get("Link") or "")
        except urllib.error.HTTPError as exc:
            detail = exc.read().decode("utf-8", "replace")[:300]
            raise LedgerError(
                f"GitHub API {method} {url} answered {exc.code}: {detail}",
                "check the token's permissions (issues: write / pull-requests: write)",
            ) from None
        except urllib.error.URLError as exc:
            raise LedgerError(
                f"cannot reach the GitHub API at {url}: {exc.reason}", "check GITHUB_API_URL"
            ) from None
        return (json.loads(payload) if payload else None), (found.group(1) if found else None)

    def pages(self, path: str) -> Iterator[Any]:
        url: str | None = path
        while url is not None:
            items, url = self.call("GET", url)
            yield from items or []


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


def find_marked(gh: GitHub, marker: str, path: str) -> list[dict[str, Any]]:
    return [
        item
        for item in gh.pages(path)
        if marker in str(item.get("body") or "") and "pull_request" not in item
    ]


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
    open_issues = sorted(
        find_marked(gh, ISSUE_MARKER, "/issues?state=open&per_page=100"), key=lambda i: i["number"]
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
        created, _ = gh.call("POST", "/issues", {"title": heading, "body": body})
        return Outcome("created", int(created["number"]))
    gh.call("PATCH", f"/issues/{current['number']}", {"title": heading, "body": body})
    return Outcome("updated", current["number"])


def upsert_comment(gh: GitHub, number: int, text: str) -> Outcome:
    """Post `text` as the one marked comment on pull request `number`, or edit it in place."""
    body = _fit(COMMENT_MARKER + "\n" + text)
    mine = [
        c
        for c in gh.pages(f"/issues/{number}/comments?per_page=100")
        if COMMENT_MARKER in str(c.get("body") or "")
    ]
    if mine:
        gh.call("PATCH", f"/issues/comments/{mine[0]['id']}", {"body": body})
        return Outcome("updated", int(mine[0]["id"]))
    created, _ = gh.call("POST", f"/issues/{number}/comments", {"body": body})
    return Outcome("created", int(created["id"]))
