"""Progress on long runs: on a terminal after a few seconds; never in CI logs or pipes."""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from generator import progress

REPO = Path(__file__).resolve().parent.parent


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_silent_for_the_first_seconds_then_throttled_then_cleared(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.setenv("TERM", "xterm")
    screen, clock = Terminal(), Clock()
    with progress.reporting(screen, clock):
        progress.tick("reading records", 1, 10)
        assert screen.getvalue() == ""  # a quick run prints nothing
        clock.now += progress.DELAY
        progress.tick("reading records", 2, 10)
        progress.tick("reading records", 3, 10)  # too soon after the last line
        clock.now += progress.EVERY
        progress.tick("reading records", 4, 10)
        progress.tick("writing HTML pages", 1, 2_000)  # a new stage shows at once
    assert screen.getvalue() == (
        "\r\x1b[Kreading records: 2/10\r\x1b[Kreading records: 4/10"
        "\r\x1b[Kwriting HTML pages: 1/2,000\r\x1b[K"
    )
    progress.tick("reading records", 5, 10)  # outside `reporting`: nothing, nowhere
    assert screen.getvalue().endswith("\r\x1b[K")


@pytest.mark.parametrize("env", [{"CI": "true"}, {"TERM": "dumb"}])
def test_quiet_in_ci_and_on_dumb_terminals(
    env: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("CI", raising=False)
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    screen, clock = Terminal(), Clock()
    with progress.reporting(screen, clock):
        clock.now += 60
        progress.tick("reading records", 1, 10)
    assert screen.getvalue() == ""


def test_quiet_in_a_pipe() -> None:
    pipe, clock = io.StringIO(), Clock()
    with progress.reporting(pipe, clock):
        clock.now += 60
        progress.tick("reading records", 1, 10)
    assert pipe.getvalue() == ""


def on_a_terminal(argv: list[str], env: dict[str, str], cwd: Path) -> str:
    """Run `ledger ARGV` with its stderr on a real pseudo-terminal; what the terminal got."""
    pty = pytest.importorskip("pty", reason="pseudo-terminals are POSIX-only")
    master, slave = pty.openpty()
    script = (
        "import generator.progress as p\np.DELAY = 0\n"  # as if the run had been long
        f"from generator.cli import main\nraise SystemExit(main({argv!r}))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script],
        stdout=subprocess.DEVNULL,
        stderr=slave,
        env=env,
        cwd=cwd,
        timeout=300,
    )
    os.close(slave)
    chunks = []
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(master)
    assert done.returncode in (0, 1)
    return b"".join(chunks).decode("utf-8", "replace")


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """The example ledger in a new git repository (no history cache yet)."""
    root = tmp_path / "repo"
    for name in ("incidents", "ledger", "site-docs"):
        shutil.copytree(REPO / name, root / name)
    shutil.copy(REPO / "mkdocs.yml", root)
    for args in (["init", "-q"], ["add", "-A"]):
        subprocess.run(["git", "-C", str(root), *args], check=True)
    subprocess.run(
        [
            "git",
            "-C",
            str(root),
            "-c",
            "user.name=T",
            "-c",
            "user.email=t@example.org",
            "commit",
            "-qm",
            "ledger",
        ],
        check=True,
    )
    return root


@pytest.fixture
def env() -> dict[str, str]:
    clean = {k: v for k, v in os.environ.items() if k not in ("CI", "GITHUB_ACTIONS")}
    return {**clean, "TERM": "xterm"}


def test_build_shows_its_stages_on_a_terminal(repo: Path, env: dict[str, str]) -> None:
    argv = ["build", "--as-of", "2025-04-03"]
    seen = on_a_terminal(argv, env, repo)
    for stage in ("reading records: ", "reading git history, commits: ", "writing HTML pages: "):
        assert stage in seen, seen
    # each stage's line is cleared before the command prints its result
    assert "\r\x1b[Ksite written to" in seen
    assert "reading records" not in on_a_terminal(argv, {**env, "CI": "true"}, repo)


def test_check_history_shows_the_history_pass(repo: Path, env: dict[str, str]) -> None:
    seen = on_a_terminal(["check", "--as-of", "2025-04-03", "--history"], env, repo)
    assert "reading git history, commits: " in seen and "reading records: " in seen
    assert re.search(r"\r\x1b\[K[^\r\x1b]* in 8 files as of 2025-04-03", seen), seen
