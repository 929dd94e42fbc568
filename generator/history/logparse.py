"""One `git log --raw -z` pass, parsed as a stream into commits and their file changes.

Fields are NUL-separated, so a name or subject can hold any character. A commit starts with
\\x01 and a fixed number of header fields; each change is a raw line (`:old new sha sha S`)
followed by one path, or two for a rename or copy. Merges appear as combined (`::`) lines,
listing only the files the merge itself changed (`--diff-merges=dense-combined`).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

HEADER = ("%x01%H", "%P", "%an", "%ae", "%at", "%ct", "%s")
LOG_ARGS = [
    "log",
    "--reverse",
    "--topo-order",
    "--full-history",
    "-M",
    "--raw",
    "--no-abbrev",
    "-z",
    "--diff-merges=dense-combined",
    "--relative",
    "--no-color",
    "--no-ext-diff",
    "--format=" + "%x00".join(HEADER),
]
NULL_SHA = "0" * 40


@dataclass(frozen=True, slots=True)
class Change:
    """One file changed by one commit: `olds` are its blobs in each parent (NULL_SHA if none)."""

    status: str  # A M D R C T, or for a merge the first parent's letter
    path: str
    old_path: str | None  # set for renames and copies
    olds: tuple[str, ...]
    new: str


@dataclass(frozen=True, slots=True)
class LogEntry:
    sha: str
    parents: tuple[str, ...]
    author: str
    email: str
    authored: int  # seconds since the epoch
    committed: int
    subject: str
    changes: tuple[Change, ...]


def tokens(chunks: Iterable[bytes]) -> Iterator[str]:
    """NUL-separated fields across chunk boundaries."""
    rest = b""
    for chunk in chunks:
        parts = (rest + chunk).split(b"\0")
        rest = parts.pop()
        for part in parts:
            yield part.decode("utf-8", "surrogateescape")
    if rest:
        yield rest.decode("utf-8", "surrogateescape")


def parse(chunks: Iterable[bytes]) -> Iterator[LogEntry]:
    """Log entries in the order git wrote them (oldest first with --reverse)."""
    fields = tokens(chunks)
    header: list[str] | None = None
    changes: list[Change] = []
    for token in fields:
        token = token.lstrip("\n")
        if token.startswith("\x01"):
            if header is not None:
                yield _entry(header, changes)
            header = [token[1:], *(next(fields) for _ in HEADER[1:])]
            changes = []
        elif token.startswith(":"):
            changes.append(_change(token, fields))
    if header is not None:
        yield _entry(header, changes)


def _change(raw: str, fields: Iterator[str]) -> Change:
    parents = len(raw) - len(raw.lstrip(":"))
    parts = raw[parents:].split(" ")
    shas = parts[parents + 1 : 2 * parents + 2]
    status = parts[-1]
    if parents == 1 and status[0] in "RC":
        old_path = next(fields)
        return Change(status[0], next(fields), old_path, (shas[0],), shas[1])
    return Change(status[0], next(fields), None, tuple(shas[:-1]), shas[-1])


def _entry(header: list[str], changes: list[Change]) -> LogEntry:
    sha, parents, author, email, authored, committed, subject = header
    return LogEntry(
        sha,
        tuple(parents.split()),
        author,
        email,
        seconds(authored),
        seconds(committed),
        subject,
        tuple(changes),
    )


def seconds(text: str) -> int:
    """A `%at`/`%ct` field; git prints nothing for a date it cannot read, which counts as 0."""
    try:
        return int(text)
    except ValueError:
        return 0
