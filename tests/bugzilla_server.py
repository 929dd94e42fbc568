"""A fake Bugzilla REST server on localhost (stdlib http.server in a thread), for tests.

It pages `/rest/bug` by `limit`/`offset` (capping pages at `max_page`, as real servers cap
`limit`), serves `/rest/bug/ID/comment`, records every request with its headers, and can
misbehave on demand: `fail` answers the next N requests with that status, `delay` sleeps
before each reply, `body` replaces the reply with raw bytes (an HTML login page, JSON of the
wrong shape).
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit


@dataclass
class Bugzilla:
    bugs: list[dict[str, Any]] = field(default_factory=list)
    comments: dict[int, list[dict[str, Any]]] = field(default_factory=dict)
    max_page: int = 1000
    fail: int = 0
    fail_status: int = 500
    delay: float = 0.0
    body: bytes | None = None
    content_type: str = "application/json"
    requests: list[tuple[str, dict[str, str]]] = field(default_factory=list)
    url: str = ""

    def reply(self, path: str) -> tuple[int, bytes]:
        if self.fail > 0:
            self.fail -= 1
            return self.fail_status, b"<html><body>Internal Server Error</body></html>"
        if self.body is not None:
            return 200, self.body
        parts = urlsplit(path)
        query = parse_qs(parts.query)
        if parts.path == "/rest/bug":
            offset = int(query.get("offset", ["0"])[0])
            limit = min(int(query.get("limit", ["10000"])[0]), self.max_page)
            page = self.bugs[offset : offset + limit]
            return 200, json.dumps({"bugs": page, "faults": []}).encode()
        if parts.path.startswith("/rest/bug/") and parts.path.endswith("/comment"):
            number = int(parts.path.split("/")[3])
            data = {"bugs": {str(number): {"comments": self.comments.get(number, [])}}}
            return 200, json.dumps({**data, "comments": {}}).encode()
        return 404, json.dumps({"error": True, "message": "no such page", "code": 404}).encode()


@contextmanager
def serve(bugzilla: Bugzilla) -> Iterator[Bugzilla]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            bugzilla.requests.append((self.path, {k.lower(): v for k, v in self.headers.items()}))
            if bugzilla.delay:
                time.sleep(bugzilla.delay)
            status, body = bugzilla.reply(self.path)
            try:
                self.send_response(status)
                kind = "text/html" if body.startswith(b"<") else bugzilla.content_type
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up waiting (the timeout tests)

        def log_message(self, format: str, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    bugzilla.url = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        yield bugzilla
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
