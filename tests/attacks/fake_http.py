"""A scripted HTTP server on a loopback address: each test says what every request gets back.

A reply is (status, headers, body bytes), or "drop" (close the connection without a word) or
"hang" (say nothing until the client gives up). Every request is recorded with the
Authorization header it carried, so a test can prove where the token went.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

Reply = tuple[int, dict[str, str], bytes] | str


def json_reply(payload: Any, status: int = 200, **headers: str) -> Reply:
    return status, {"Content-Type": "application/json", **headers}, json.dumps(payload).encode()


def send(
    handler: BaseHTTPRequestHandler, status: int, headers: dict[str, str], data: bytes
) -> None:
    handler.send_response(status)
    for key, value in headers.items():
        handler.send_header(key, value)
    handler.send_header("Content-Length", str(len(data)))
    handler.end_headers()
    handler.wfile.write(data)


@dataclass
class Seen:
    method: str
    path: str
    authorization: str | None
    body: Any


@dataclass
class Fake:
    base: str = ""
    answer: Callable[[str, str, Any], Reply] = lambda m, p, b: json_reply([])
    seen: list[Seen] = field(default_factory=list)


@contextmanager
def fake_server(host: str = "127.0.0.1") -> Iterator[Fake]:
    fake = Fake()
    release = threading.Event()

    class Handler(BaseHTTPRequestHandler):
        def _serve(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length) if length else b""
            body = json.loads(raw) if raw else None
            fake.seen.append(Seen(self.command, self.path, self.headers["Authorization"], body))
            reply = fake.answer(self.command, self.path, body)
            if reply == "drop":
                self.close_connection = True
                return
            if reply == "hang":
                release.wait(10)
                return
            assert not isinstance(reply, str)
            send(self, *reply)

        do_GET = do_POST = do_PATCH = _serve

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer((host, 0), Handler)
    server.daemon_threads = True
    fake.base = f"http://{host}:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.daemon = True
    thread.start()
    try:
        yield fake
    finally:
        release.set()
        time.sleep(0)
        server.shutdown()
        server.server_close()
