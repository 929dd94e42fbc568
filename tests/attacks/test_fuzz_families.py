"""The attack families, fuzzed: dates at the limits, commit metadata, history cache contents and
file system objects. Every run ends in exit 0, 1 or 2 (never 3, never a hang), and no record
byte changes.

The seed is fixed (`derandomize`) and the number of examples small, so CI runs the same cases
every time; `LEDGER_FUZZ_EXAMPLES=2000 python -m pytest tests/attacks/test_fuzz_families.py`
is the long mode (CONTRIBUTING.md). A failing input is printed by Hypothesis: add it to the
family's explicit test in this folder with the fix.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import os
import shutil
import signal
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.cli import main
from tests.helpers import snapshot

# each example builds a git repository: an eighth of the loader fuzzers' count (7 by default)
EXAMPLES = int(os.environ.get("LEDGER_FUZZ_EXAMPLES", "60")) // 8 or 1
SETTINGS = settings(max_examples=EXAMPLES, derandomize=True, deadline=None, database=None,
                    suppress_health_check=list(HealthCheck))
PROJECT = Path(__file__).resolve().parents[2]
RECORD = "incidents/2024/cfca-cpr-response.yaml"
PINNED = {
    "GIT_AUTHOR_NAME": "A", "GIT_AUTHOR_EMAIL": "a@example.org",
    "GIT_AUTHOR_DATE": "2024-06-01T12:00:00Z", "GIT_COMMITTER_NAME": "A",
    "GIT_COMMITTER_EMAIL": "a@example.org", "GIT_COMMITTER_DATE": "2024-06-01T12:00:00Z",
    "GIT_CONFIG_NOSYSTEM": "1", "GIT_CONFIG_GLOBAL": os.devnull,
}


@contextlib.contextmanager
def ledger() -> Iterator[Path]:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "repo"
        for name in ("incidents", "ledger"):
            shutil.copytree(PROJECT / name, root / name)
        for args in (["init", "-q", "-b", "main"], ["add", "-A"], ["commit", "-qm", "ledger"]):
            git(root, *args)
        yield root


def git(root: Path, *args: str, stdin: str | None = None) -> str:
    return subprocess.run(["git", *args], cwd=root, env={**os.environ, **PINNED}, input=stdin,
                          capture_output=True, text=True, check=True).stdout.strip()


def run(*argv: str) -> tuple[int, str]:
    """`ledger ARGV` in-process; a hang (a FIFO read) fails after 60 s instead of never ending."""
    out, err = io.StringIO(), io.StringIO()

    def hung(_sig: int, _frame: object) -> None:
        raise TimeoutError(f"ledger {' '.join(argv)} hung")

    old = signal.signal(signal.SIGALRM, hung)
    signal.alarm(60)
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = main(list(argv))
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)
    assert code in (0, 1, 2), (argv, code, err.getvalue())
    assert "internal error" not in err.getvalue() and "Traceback" not in err.getvalue()
    return code, out.getvalue()


def set_value(root: Path, key: str, value: str) -> None:
    path = root / RECORD
    lines = path.read_text().splitlines(keepends=True)
    lines = [f"{key}: {value!r}\n".replace("'", '"') if ln.startswith(f"{key}:") else ln
             for ln in lines]
    path.write_text("".join(lines))


YEARS = st.one_of(st.sampled_from([1, 1969, 1970, 2999, 3000, 9998, 9999]),
                  st.integers(1, 9999))
OFFSETS = st.one_of(st.sampled_from(["Z", "+14:00", "-12:00", "+14:01", "-23:59", "", "+99:99"]),
                    st.builds(lambda s, h, m: f"{s}{h:02d}:{m:02d}", st.sampled_from("+-"),
                              st.integers(0, 30), st.integers(0, 59)))
ZONES = st.sampled_from(["+08:00", "Europe/Berlin", "America/Santiago", "Australia/Lord_Howe",
                         "Pacific/Kiritimati", "UTC"])


@SETTINGS
@given(year=YEARS, month=st.integers(1, 12), day=st.integers(1, 31), hour=st.integers(0, 23),
       minute=st.sampled_from([0, 30, 59]), offset=OFFSETS, zone=ZONES,
       key=st.sampled_from(["aware", "opened"]), as_of_year=YEARS)
def test_dates_at_the_limits(year: int, month: int, day: int, hour: int, minute: int,
                             offset: str, zone: str, key: str, as_of_year: int) -> None:
    with ledger() as root:
        set_value(root, "timezone", zone)
        set_value(root, key, f"{year:04d}-{month:02d}-{day:02d} {hour:02d}:{minute:02d}{offset}")
        run("validate", "--root", str(root))
        run("check", "--root", str(root), "--as-of", f"{as_of_year:04d}-{month:02d}-01")
        run("check", "--root", str(root), "--as-of", f"{year:04d}-12-31T23:59:59{offset or 'Z'}")


DATE_TEXT = st.one_of(
    st.builds(lambda s, z: f"{s} {z}", st.integers(-(2**70), 2**70),
              st.sampled_from(["+0000", "-1200", "+9959", "-9999", "+2400", "xyz", ""])),
    st.text(alphabet="0123456789 +-abcZ:", max_size=24),
)
NAMES = st.text(alphabet=st.characters(blacklist_characters="\n<>\0"), max_size=20)


@SETTINGS
@given(author=DATE_TEXT, committer=DATE_TEXT, name=NAMES, subject=NAMES)
def test_commit_metadata(author: str, committer: str, name: str, subject: str) -> None:
    with ledger() as root:
        path = root / RECORD
        path.write_text(path.read_text() + "# edited\n")
        git(root, "add", "-A")
        tree, head = git(root, "write-tree"), git(root, "rev-parse", "HEAD")
        raw = (f"tree {tree}\nparent {head}\nauthor {name} <m@x> {author}\n"
               f"committer {name} <m@x> {committer}\n\n{subject or 'x'}\n")
        sha = git(root, "hash-object", "-t", "commit", "-w", "--stdin", "--literally", stdin=raw)
        git(root, "update-ref", "HEAD", sha)
        before = snapshot(root)
        run("check", "--root", str(root), "--history", "--as-of", "2025-06-01")
        run("history", "--root", str(root), RECORD)
        run("diff", "--root", str(root), head, sha)
        run("validate", "--root", str(root), "--at", sha)
        assert snapshot(root) == before


@SETTINGS
@given(content=st.one_of(st.binary(max_size=300), st.builds(
    lambda body: hashlib.sha256(body).hexdigest().encode() + b"\n" + body,
    st.one_of(st.binary(max_size=200), st.recursive(
        st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), st.text(max_size=5)),
        lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=6), inner,
                                                                    max_size=4), max_leaves=12,
    ).map(lambda v: __import__("json").dumps({"version": 2, "head": v, "shallow": v,
                                              "commits": v, "files": v}).encode())))))
def test_cache_contents(content: bytes) -> None:
    with ledger() as root:
        argv = ("check", "--root", str(root), "--history", "--as-of", "2025-06-01")
        fresh = run(*argv)
        for path in (root / ".git" / "compliance-ledger").glob("history-*.json"):
            path.write_bytes(content)
        assert run(*argv) == fresh


PLACES = ["incidents/2024/x.yaml", "incidents/x", "incidents/2024", "ledger/policy.yaml",
          "ledger/contacts/c.yaml", "ledger", "incidents"]
KINDS = ["fifo", "loop", "dangling", "outside-file", "outside-dir", "inside-dir", "inside-file",
         "dev-null", "empty-file"]


@SETTINGS
@given(objects=st.lists(st.tuples(st.sampled_from(PLACES), st.sampled_from(KINDS)), min_size=1,
                        max_size=3, unique_by=lambda t: t[0]))
def test_file_system_objects(objects: list[tuple[str, str]]) -> None:
    with ledger() as root:
        outside = root.parent / "outside"
        outside.mkdir()
        (outside / "secret.yaml").write_text("title: SECRET-OUTSIDE\n")
        for place, kind in objects:
            path = root / place
            if path.parent.is_symlink() or not path.parent.is_dir():
                continue  # an earlier object replaced its folder
            if path.is_dir() and not path.is_symlink():
                shutil.rmtree(path)
            elif path.is_symlink() or path.exists():
                path.unlink()
            make(path, kind, root, outside)
        codes = [run(*argv) for argv in (("validate", "--root", str(root)),
                                         ("check", "--root", str(root), "--as-of", "2025-06-01"))]
        assert all("SECRET-OUTSIDE" not in out for _, out in codes)


def make(path: Path, kind: str, root: Path, outside: Path) -> None:
    if kind == "fifo":
        os.mkfifo(path)
    elif kind == "loop":
        path.symlink_to(path.name)
    elif kind == "dangling":
        path.symlink_to("nowhere")
    elif kind == "outside-file":
        path.symlink_to(outside / "secret.yaml")
    elif kind == "outside-dir":
        path.symlink_to(outside, target_is_directory=True)
    elif kind == "inside-dir":
        path.symlink_to(root / "ledger", target_is_directory=True)
    elif kind == "inside-file":
        path.symlink_to(root / RECORD)
    elif kind == "dev-null":
        path.symlink_to(os.devnull)
    else:
        path.write_bytes(b"")
