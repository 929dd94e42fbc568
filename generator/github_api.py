"""A minimal GitHub REST client for the workflows: JSON in, JSON out, every failure a LedgerError.

The token is the workflow's secret, and the replies come from a network: so the token is
stripped and checked once, sent only to the configured API host (a redirect or a `Link:
rel=next` to any other host stops the run instead of following it), and never appears in a
message, even when a server echoes it back. Pagination stops at `MAX_PAGES`; a page that
links back to a page already read is a loop and stops too. A reply that is not the JSON GitHub
sends (an HTML error page from a proxy, a wrong shape), a dropped connection and a server that
does not answer within the timeout are all `error: … — …`, exit 2.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urljoin, urlsplit

import httpx

from generator.errors import LedgerError
from generator.textsafe import visible

DEFAULT_API = "https://api.github.com"
DEFAULT_AUTHOR = "github-actions[bot]"  # the identity GITHUB_TOKEN writes as
TIMEOUT = 30.0
MAX_PAGES = 50  # 5,000 issues or comments at 100 a page
MAX_REDIRECTS = 5
_TOKEN_CHARS = frozenset(map(chr, range(0x21, 0x7F)))
_CHECK_API = "check GITHUB_API_URL (https://api.github.com, or https://HOST/api/v3 on GHES)"


@dataclass(frozen=True, slots=True)
class GitHub:
    api: str
    repo: str
    token: str
    author: str = DEFAULT_AUTHOR
    timeout: float = TIMEOUT

    @classmethod
    def from_env(cls, env: Mapping[str, str] = os.environ, author: str | None = None) -> GitHub:
        token = (env.get("GITHUB_TOKEN") or env.get("GH_TOKEN") or "").strip()
        repo = (env.get("GITHUB_REPOSITORY") or "").strip()
        if not token or not repo:
            raise LedgerError(
                "GITHUB_TOKEN and GITHUB_REPOSITORY must be set",
                "run in GitHub Actions with `env: GITHUB_TOKEN: ${{ secrets.GITHUB_TOKEN }}`",
            )
        if not set(token) <= _TOKEN_CHARS:
            raise LedgerError(
                "GITHUB_TOKEN holds spaces or control characters inside it (it is not printed)",
                "set the secret again from a clean copy of the token",
            )
        api = (env.get("GITHUB_API_URL") or DEFAULT_API).strip().rstrip("/")
        if urlsplit(api).scheme not in ("http", "https") or not urlsplit(api).hostname:
            raise LedgerError(
                f"GITHUB_API_URL is not an http(s) address: {visible(api)}", _CHECK_API
            )
        who = author or env.get("LEDGER_GITHUB_AUTHOR") or DEFAULT_AUTHOR
        return cls(api, repo, token, who.strip(), _timeout(env.get("LEDGER_GITHUB_TIMEOUT")))

    def call(self, method: str, path: str, body: Any = None) -> tuple[Any, str | None]:
        """(decoded JSON, absolute URL of the next page or None)."""
        url = self._url(path)
        response = self._send(method, url, body)
        where = f"GitHub API {method} {self._shown(url)}"
        if response.status_code >= 400:
            raise LedgerError(
                f"{where} answered {response.status_code}: {self._detail(response)}",
                "check the token's permissions (issues: write / pull-requests: write)",
            )
        nxt = response.links.get("next", {}).get("url")
        return self._json(response, where), (urljoin(url, nxt) if nxt else None)

    def pages(self, path: str) -> Iterator[dict[str, Any]]:
        """Every object of a paged list, at most MAX_PAGES pages, each page read once."""
        url: str | None = self._url(path)
        seen: set[str] = set()
        for _ in range(MAX_PAGES):
            assert url is not None
            seen.add(url)
            items, url = self.call("GET", url)
            if not isinstance(items, list):
                raise LedgerError(f"GitHub API GET {path} answered with no list", _CHECK_API)
            yield from (item for item in items if isinstance(item, dict))
            if url is None:
                return
            if url in seen:
                raise LedgerError(
                    f"GitHub API GET {path}: its pages link back to one already read (a loop)",
                    "nothing was changed; try again later, or report it to the API's operator",
                )
        raise LedgerError(
            f"GitHub API GET {path} has more than {MAX_PAGES} pages; stopped reading",
            "close or delete old items, or report it: the tool reads at most "
            f"{MAX_PAGES * 100} of them",
        )

    def _url(self, path: str) -> str:
        return path if "://" in path else f"{self.api}/repos/{self.repo}{path}"

    def _send(self, method: str, url: str, body: Any) -> httpx.Response:
        for _ in range(MAX_REDIRECTS + 1):
            self._same_host(url)
            response = self._request(method, url, body)
            if not response.is_redirect:
                return response
            url = urljoin(url, response.headers.get("Location", ""))
        raise LedgerError(f"GitHub API {method} {self._shown(url)}: too many redirects", _CHECK_API)

    def _request(self, method: str, url: str, body: Any) -> httpx.Response:
        headers = {
            "Accept": "application/vnd.github+json",
            "Authorization": f"Bearer {self.token}",
            "X-GitHub-Api-Version": "2022-11-28",
            "User-Agent": "compliance-ledger",
        }
        content = None if body is None else json.dumps(body).encode("utf-8")
        if content is not None:
            headers["Content-Type"] = "application/json"
        try:
            return httpx.request(
                method, url, content=content, headers=headers, timeout=self.timeout
            )
        except httpx.TimeoutException:
            raise LedgerError(
                f"the GitHub API at {self._shown(url)} did not answer within {self.timeout:g} s",
                "try again later; LEDGER_GITHUB_TIMEOUT sets the wait in seconds",
            ) from None
        except (httpx.HTTPError, httpx.InvalidURL, ValueError) as exc:
            raise LedgerError(
                f"cannot reach the GitHub API at {self._shown(url)}: "
                f"{self._scrub(type(exc).__name__ + ': ' + str(exc))}",
                _CHECK_API,
            ) from None

    def _same_host(self, url: str) -> None:
        """The token goes to the configured API's scheme, host and port, and nowhere else."""
        want, got = urlsplit(self.api), urlsplit(url)
        if (got.scheme, got.hostname, got.port) != (want.scheme, want.hostname, want.port):
            raise LedgerError(
                f"the GitHub API sent the request on to {self._shown(url)}, another host than "
                f"{want.hostname}; the token is sent only to {want.hostname}, so it stopped",
                "if that host is your API, set GITHUB_API_URL to it",
            )

    def _json(self, response: httpx.Response, where: str) -> Any:
        if not response.content.strip():
            return None
        try:
            return json.loads(response.content)
        except (ValueError, RecursionError):
            kind = response.headers.get("Content-Type", "no content type")
            raise LedgerError(
                f"{where} answered {response.status_code} with {visible(kind)}, not JSON: "
                f"{self._detail(response)}",
                _CHECK_API,
            ) from None

    def _detail(self, response: httpx.Response) -> str:
        try:
            data = json.loads(response.content)
            text = str(data.get("message", data)) if isinstance(data, dict) else str(data)
        except (ValueError, RecursionError):
            text = response.content[:300].decode("utf-8", "replace")
        return self._scrub(" ".join(text.split())[:300])

    def _shown(self, url: str) -> str:
        return self._scrub(url.split("?", 1)[0])

    def _scrub(self, text: str) -> str:
        """`text` without the token, with controls made visible: fit for an error line."""
        return visible(text.replace(self.token, "***") if self.token else text)


def _timeout(text: str | None) -> float:
    if not text:
        return TIMEOUT
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not 0 < value <= 3600:
        raise LedgerError(
            f"LEDGER_GITHUB_TIMEOUT is not a number of seconds: {visible(text)}",
            "set it to a number between 0 and 3600, or leave it unset (30 s)",
        )
    return value
