"""Site test fixtures: real ledgers in tmp dirs, real builds, a localhost server, Chromium."""

from __future__ import annotations

import functools
import shutil
import subprocess
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from generator.cli import main

REPO = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
# the seed: the incident is known (aware 2024-03-19), its CCADB action item still open, and the
# mailbox's change of owner (2024-02-01) never reached CCADB: contact-registry-stale is overdue
EXAMPLE_AS_OF = "2024-04-01"
HOSTILE = """\
title: "Hostile <script>alert('title')</script> record"
status: open
opened: 2024-05-01
owner: "Mallory <img src=http://outside.invalid/owner.png>"
summary: >-
  <script>window.__pwned = 1</script> Click [here](javascript:window.__pwned=2) or
  [there]( JaVaScRiPt:alert(1)) or [ok](https://example.org/ok). <img src=http://outside.invalid/x.png>
  ![pixel](http://outside.invalid/pixel.png) {: onclick="window.__pwned=3" }
  <a href="javascript:window.__pwned=4">raw</a>
timeline:
  - at: 2024-05-01
    event: "<iframe src=http://outside.invalid/frame></iframe> started"
action_items:
  - id: a1
    action: "<b onmouseover=alert(1)>fix</b> [x](javascript:alert(1))"
    kind: prevent
    due: 2024-06-01
    status: ongoing
"""


def run(*argv: str) -> int:
    return main(list(argv))


def copy_example(dest: Path) -> Path:
    for name in ("incidents", "ledger"):
        shutil.copytree(REPO / name, dest / name)
    return dest


def git_commit(
    root: Path, date: str = "2024-06-01T12:00:00+00:00", message: str = "ledger"
) -> None:
    """Commit the whole tree at `date` (the repository is created on the first call)."""
    env = {
        "GIT_AUTHOR_DATE": date,
        "GIT_COMMITTER_DATE": date,
        "GIT_AUTHOR_NAME": "Test",
        "GIT_AUTHOR_EMAIL": "t@example.org",
        "GIT_COMMITTER_NAME": "Test",
        "GIT_COMMITTER_EMAIL": "t@example.org",
        "PATH": "/usr/bin:/bin",
        "HOME": str(root),
    }
    init = [] if (root / ".git").exists() else [["init", "-q", "-b", "main"]]
    for args in (*init, ["add", "-A"], ["commit", "-q", "-m", message]):
        subprocess.run(["git", *args], cwd=root, env=env, check=True)


def build(root: Path, *extra: str) -> Path:
    site = root / "out-site"
    code = run("build", "--root", str(root), "--site-dir", str(site), "--strict", *extra)
    assert code == 0
    return site


@pytest.fixture(scope="session")
def example_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = copy_example(tmp_path_factory.mktemp("example"))
    git_commit(root)
    return build(root, "--as-of", EXAMPLE_AS_OF)


@pytest.fixture(scope="session")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = copy_example(tmp_path_factory.mktemp("hostile"))
    (root / "incidents" / "hostile.yaml").write_text(HOSTILE)
    return build(root, "--as-of", "2024-05-20")


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


def serve(site: Path) -> Iterator[str]:
    handler = functools.partial(_Quiet, directory=str(site))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="session")
def example_url(example_site: Path) -> Iterator[str]:
    yield from serve(example_site)


@pytest.fixture(scope="session")
def hostile_url(hostile_site: Path) -> Iterator[str]:
    yield from serve(hostile_site)


class Watched:
    """A page with every console error, page error, dialog and outside request recorded."""

    def __init__(self, browser: Any) -> None:
        self.context = browser.new_context()
        self.page = self.context.new_page()
        self.errors: list[str] = []
        self.outside: list[str] = []
        self.dialogs: list[str] = []
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("dialog", self._dialog)
        self.context.route("**/*", self._route)

    def _dialog(self, dialog: Any) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def _route(self, route: Any) -> None:
        url = route.request.url
        if url.startswith(("http://127.0.0.1:", "data:", "blob:", "about:")):
            route.continue_()
        else:  # never let a request leave the machine; record it as a failure instead
            self.outside.append(url)
            route.abort()


@pytest.fixture
def watched(browser: Any) -> Iterator[Watched]:
    w = Watched(browser)
    yield w
    w.context.close()
