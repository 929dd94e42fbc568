"""Log entries (oldest first) + blob contents → each record file's history, renames followed.

Field changes compare each version with its own parents' versions (the blobs `--raw` names),
not with the previous commit in date order, so parallel branches do not look like flip-flops.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field

from generator.history.fields import Facts, claimed_day, facts, field_changes, kind_of, new_claims
from generator.history.logparse import NULL_SHA, Change, LogEntry
from generator.history.model import Commit, FieldChange, FileHistory, History, Recorded, epoch

BlobReader = Callable[[Iterable[str]], Iterator[tuple[str, bytes]]]


@dataclass(slots=True)
class _File:
    path: str
    former: list[str] = field(default_factory=list)
    commits: list[str] = field(default_factory=list)
    changes: list[FieldChange] = field(default_factory=list)
    recorded: dict[tuple[str, str, str], Recorded] = field(default_factory=dict)
    versions: list[tuple[Change, str]] = field(default_factory=list)  # (change, commit sha)


def build(entries: Iterable[LogEntry], read_blobs: BlobReader, head: str | None,
          shallow: bool = False) -> History:
    commits: dict[str, Commit] = {}
    live: dict[str, _File] = {}
    for entry in entries:
        commits[entry.sha] = Commit(entry.sha, entry.author, entry.email, epoch(entry.authored),
                                    epoch(entry.committed), entry.subject, len(entry.parents) > 1)
        for change in entry.changes:
            _follow(live, change).versions.append((change, entry.sha))
    known = _read_facts(live.values(), read_blobs)
    files = {path: _finish(f, known) for path, f in sorted(live.items())}
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


def _read_facts(files: Iterable[_File], read_blobs: BlobReader) -> dict[str, Facts | None]:
    paths: dict[str, str] = {}
    for f in files:
        if kind_of(f.path) is None:
            continue
        for change, _ in f.versions:
            for sha in (*change.olds, change.new):
                if sha != NULL_SHA:
                    paths.setdefault(sha, f.path)
    return {sha: facts(paths[sha], raw) for sha, raw in read_blobs(sorted(paths))}


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
    return FileHistory(f.path, tuple(f.former), tuple(dict.fromkeys(f.commits)), tuple(f.changes),
                       tuple(f.recorded.values()))


def _compare(f: _File, olds: Sequence[Facts | None], new: Facts, sha: str) -> None:
    for (name, item), old, value in field_changes(olds, new):
        f.changes.append(FieldChange(name, item, old, value, sha))
    for (what, key, value), zone in new_claims(olds, new):
        day = claimed_day(value, zone)
        if day is not None and (what, key, value) not in f.recorded:
            f.recorded[what, key, value] = Recorded(what, key, value, day, sha)
