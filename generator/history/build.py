"""Log entries (oldest first) + blob contents → each record file's history, renames followed.

Field changes compare each version with its own parents' versions (the blobs `--raw` names),
not with the previous commit in date order, so parallel branches do not look like flip-flops.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Protocol

from generator import progress
from generator.history.fields import Facts, claimed_day, facts, field_changes, kind_of, new_claims
from generator.history.logparse import NULL_SHA, Change, LogEntry
from generator.history.model import Commit, FieldChange, FileHistory, History, Recorded, epoch

BlobReader = Callable[[Iterable[str]], Iterator[tuple[str, bytes]]]


class FactReader(Protocol):
    """Facts of record versions: told of each change as the log streams, asked at the end."""

    def offer(self, change: Change) -> None: ...

    def read(self, wanted: dict[str, str]) -> dict[str, Facts | None]: ...


class Strict:
    """The reference reader: every version loaded whole by the strict loader, after the log.

    `workers.Parser` must give the same facts (tests/test_history_fast.py compares them).
    """

    def __init__(self, read_blobs: BlobReader) -> None:
        self.read_blobs = read_blobs

    def offer(self, change: Change) -> None:
        return None

    def read(self, wanted: dict[str, str]) -> dict[str, Facts | None]:
        return {sha: facts(wanted[sha], raw) for sha, raw in self.read_blobs(sorted(wanted))}


@dataclass(slots=True)
class _File:
    path: str
    former: list[str] = field(default_factory=list)
    commits: list[str] = field(default_factory=list)
    changes: list[FieldChange] = field(default_factory=list)
    recorded: dict[tuple[str, str, str], Recorded] = field(default_factory=dict)
    versions: list[tuple[Change, str]] = field(default_factory=list)  # (change, commit sha)


def build(
    entries: Iterable[LogEntry], reader: FactReader | None, head: str | None, shallow: bool = False
) -> History:
    """Every file's history; field changes and recorded claims only with a `reader`."""
    commits: dict[str, Commit] = {}
    live: dict[str, _File] = {}
    for entry in entries:
        progress.tick("reading git history, commits", len(commits))
        commits[entry.sha] = Commit(
            entry.sha,
            entry.author,
            entry.email,
            epoch(entry.authored),
            epoch(entry.committed),
            entry.subject,
            len(entry.parents) > 1,
        )
        for change in entry.changes:
            _follow(live, change).versions.append((change, entry.sha))
            if reader is not None:
                reader.offer(change)
    progress.tick("reading git history, record versions", len(commits))
    known = reader.read(_wanted(live.values())) if reader is not None else {}
    files = {path: _finish(f, known) for path, f in sorted(live.items())}
    progress.end()
    return History(head, commits, files, shallow)


def _follow(live: dict[str, _File], change: Change) -> _File:
    """The file a change belongs to, moving it to its new name on a rename."""
    if change.status == "R" and change.old_path is not None:
        moved = live.pop(change.old_path, None) or _File(change.old_path)
        moved.former.append(change.old_path)
        moved.path = change.path
        live[change.path] = moved
        return moved
    found = live.get(change.path)
    if found is None:
        found = live[change.path] = _File(change.path)
    if change.status == "D":
        del live[change.path]  # a record deleted and later re-created starts a new history
    return found


def _wanted(files: Iterable[_File]) -> dict[str, str]:
    """Each version of each record: blob sha → its file's final path (which decides its kind)."""
    paths: dict[str, str] = {}
    for f in files:
        if kind_of(f.path) is None:
            continue
        for change, _ in f.versions:
            for sha in (*change.olds, change.new):
                if sha != NULL_SHA:
                    paths.setdefault(sha, f.path)
    return paths


def _finish(f: _File, known: dict[str, Facts | None]) -> FileHistory:
    last_valid: Facts | None = None
    for change, sha in f.versions:
        f.commits.append(sha)
        new = known.get(change.new)
        if new is None:
            continue
        olds = [known.get(old) or (last_valid if old != NULL_SHA else None) for old in change.olds]
        _compare(f, olds, new, sha)
        last_valid = new
    return FileHistory(
        f.path,
        tuple(f.former),
        tuple(dict.fromkeys(f.commits)),
        tuple(f.changes),
        tuple(f.recorded.values()),
    )


def _compare(f: _File, olds: Sequence[Facts | None], new: Facts, sha: str) -> None:
    for (name, item), old, value in field_changes(olds, new):
        f.changes.append(FieldChange(name, item, old, value, sha))
    for (what, key, value), zone in new_claims(olds, new):
        if (what, key, value) in f.recorded:
            continue
        day = claimed_day(value, zone)
        if day is not None:
            f.recorded[what, key, value] = Recorded(what, key, value, day, sha)
