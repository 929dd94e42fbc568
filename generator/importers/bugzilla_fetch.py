"""Bugzilla's REST API, live: a search page by page, and comments per bug.

The replies are handed to the same checks as saved files (`bugzilla.responses`), so a server
and a file are equally untrusted. An API key is read from `BUGZILLA_API_KEY` and sent as the
`X-BUGZILLA-API-KEY` header, never in the URL, so no message can print it. A reply that is
slow, a 5xx or a dropped connection is tried again (`retries` times, waiting 0.5 s, 1 s,
2 s…); anything else wrong is an error at once.
"""

from __future__ import annotations

import os
import time
from typing import Any
from urllib.parse import parse_qsl, urlencode

import httpx

from generator.errors import LedgerError
from generator.importers.bugzilla import checked_bug, clean

FIELDS = (
    "id,summary,status,resolution,whiteboard,creation_time,creator,assigned_to,"
    "cf_last_resolved,last_change_time,flags,see_also,component,product"
)
MAX_BUGS = 100_000
KEY_VARIABLE = "BUGZILLA_API_KEY"


class Client:
    def __init__(self, base_url: str, *, timeout: float, retries: int, page: int = 500) -> None:
        self.base = base_url.rstrip("/")
        self.retries = max(0, retries)
        self.page = page
        key = os.environ.get(KEY_VARIABLE, "")
        headers = {"Accept": "application/json", "User-Agent": "compliance-ledger"}
        if key:
            headers["X-BUGZILLA-API-KEY"] = key
        self.http = httpx.Client(timeout=timeout, headers=headers, follow_redirects=False)

    def close(self) -> None:
        self.http.close()

    def search(self, query: str) -> dict[str, Any]:
        """Every bug of the search, page by page, as one `{"bugs": [...]}` reply."""
        params = [(k, v) for k, v in parse_qsl(query.partition("?")[2] or query) if k != "offset"]
        params = [(k, v) for k, v in params if k != "limit"]
        if not any(k == "include_fields" for k, _ in params):
            params.append(("include_fields", FIELDS))
        bugs: list[Any] = []
        seen: set[str] = set()
        while True:
            page_params = [*params, ("limit", str(self.page)), ("offset", str(len(bugs)))]
            reply = self.get("/rest/bug", page_params)
            found = reply.get("bugs")
            if not isinstance(found, list):
                raise _shape("/rest/bug", 'no "bugs" list')
            where = f"{self.base}/rest/bug (offset {len(bugs)})"
            ids = {str(checked_bug(b, f"{where}: bugs[{i}]")["id"]) for i, b in enumerate(found)}
            if found and ids <= seen:
                raise LedgerError(
                    f"{self.base}/rest/bug returned the same bugs again at offset {len(bugs)}",
                    "the server does not page with limit/offset: narrow the query",
                )
            if not found:  # only an empty page ends it: servers cap `limit` below ours
                return {"bugs": bugs}
            seen |= ids
            bugs += found
            if len(bugs) >= MAX_BUGS:
                raise LedgerError(
                    f"the search returned more than {MAX_BUGS} bugs", "narrow the query"
                )

    def comments(self, bug: int) -> dict[str, Any]:
        reply = self.get(f"/rest/bug/{bug}/comment", [])
        if not isinstance(reply.get("bugs"), dict):
            raise _shape(f"/rest/bug/{bug}/comment", 'no "bugs" mapping of comments')
        return reply

    def get(self, path: str, params: list[tuple[str, str]]) -> dict[str, Any]:
        url = f"{self.base}{path}"
        shown = f"{url}?{urlencode(params)}" if params else url
        for attempt in range(self.retries + 1):
            last = attempt == self.retries
            try:
                response = self.http.get(url, params=urlencode(params))
            except httpx.TimeoutException:
                if last:
                    raise LedgerError(
                        f"no reply from {shown} within {self.http.timeout.read} s"
                        f" ({attempt + 1} tries)",
                        "try again later, or allow longer with --timeout",
                    ) from None
            except httpx.HTTPError as exc:
                if last:
                    raise LedgerError(
                        f"cannot reach {url}: {type(exc).__name__}: {str(exc)[:200]}",
                        "check --url and the network, then try again",
                    ) from None
            else:
                if response.status_code < 500 or last:
                    return _json(response, shown)
            time.sleep(min(0.5 * 2**attempt, 4.0))
        raise AssertionError("unreachable")


def _json(response: httpx.Response, shown: str) -> dict[str, Any]:
    status = response.status_code
    try:
        data = response.json()
    except ValueError:
        data = None
    if isinstance(data, dict) and data.get("error"):
        message = " ".join(clean(str(data.get("message") or ""), 300).split())
        raise LedgerError(
            f"Bugzilla refused {shown} (HTTP {status}): {message}",
            f"check the query, and {KEY_VARIABLE} if the bugs are not public",
        )
    if status in (401, 403):
        raise LedgerError(
            f"Bugzilla refused {shown} (HTTP {status})",
            f"set {KEY_VARIABLE} to an API key that may read these bugs",
        )
    if status >= 300:
        raise LedgerError(
            f"Bugzilla answered HTTP {status} to {shown}",
            "check --url (the Bugzilla's base address) and try again later",
        )
    if not isinstance(data, dict):
        kind = response.headers.get("content-type", "no content type")[:60]
        raise LedgerError(
            f"the reply to {shown} is not a JSON object ({kind})",
            "check --url: it must be the Bugzilla's base address, not a login page or proxy",
        )
    return data


def _shape(path: str, what: str) -> LedgerError:
    return LedgerError(
        f"the reply to {path} is not what Bugzilla sends: {what}",
        "check --url: it must be the base address of a Bugzilla with the REST API",
    )
