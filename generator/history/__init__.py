"""Git history of the ledger's record files: one `git log` pass, cached by HEAD.

`read_history(root)` answers, per record file (paths relative to the ledger root): the
commits that touched it (renames followed), who made them, the audited field changes (due
dates, statuses, contact owners) and when each dated claim was first recorded. Work-tree
changes not yet committed are flagged. See docs/history.md.
"""

from __future__ import annotations

import contextlib
import dataclasses
import gc
from collections.abc import Iterator
from pathlib import Path

from generator.history import cache, git, workers
from generator.history.build import build
from generator.history.git import NotARepository, Repo, open_repo
from generator.history.logparse import LOG_ARGS, parse
from generator.history.model import Commit, FieldChange, FileHistory, History, Recorded

PATHSPECS = ["incidents", "ledger"]

__all__ = [
    "Commit",
    "FieldChange",
    "FileHistory",
    "History",
    "NotARepository",
    "Recorded",
    "Repo",
    "open_repo",
    "read_history",
    "try_history",
]


def read_history(
    root: Path, *, rev: str | None = None, fields: bool = True, use_cache: bool = True
) -> History:
    """The history of every record file under `root` up to HEAD (or `rev`).

    `fields=False` reads only the commits (created, last changed, authors, renames): one
    `git log` pass. Field changes and recorded claims also read every historical version of
    every record, parsed once per blob, by worker processes while the log streams (workers).

    LedgerError when it cannot be read whole (shallow clone, no git); NotARepository (also a
    LedgerError) when `root` is not in a git work tree. Work-tree changes are flagged only
    for HEAD's history.
    """
    repo = open_repo(root)
    git.require_full(repo)
    head = git.resolve(repo, rev) if rev else git.head(repo)
    prefix = git.text(repo, ["rev-parse", "--show-prefix"]).strip()
    history = _cached_or_read(repo, head, prefix, fields, use_cache)
    return history if rev else _with_uncommitted(history, _uncommitted(repo, prefix))


def try_history(root: Path, rev: str | None = None) -> History | None:
    """The history, or None when the ledger is not in a git repository (shallow still raises)."""
    try:
        return read_history(root, rev=rev)
    except NotARepository:
        return None


def _cached_or_read(
    repo: Repo, head: str | None, prefix: str, fields: bool, use_cache: bool
) -> History:
    if head is None:
        return History(None, {}, {})
    cache_key = cache.key(head, prefix, [*PATHSPECS, "fields" if fields else "commits"])
    with _no_gc():
        found = cache.load(repo.git_dir, cache_key) if use_cache else None
        if found is not None:
            return found
        history = _read(repo, head, fields)
        if use_cache:
            cache.save(repo.git_dir, cache_key, history)
    return history


def _read(repo: Repo, head: str, fields: bool) -> History:
    entries = parse(git.stream(repo, [*LOG_ARGS, head, "--", *PATHSPECS]))
    if not fields:
        return build(entries, None, head)
    with workers.Parser(repo) as parser:  # ends the workers if the log fails half-way
        parser.offer_tree(git.tree(repo, head, PATHSPECS))
        return build(entries, parser, head)


@contextlib.contextmanager
def _no_gc() -> Iterator[None]:
    """Millions of small acyclic objects: each full collection would walk them all again."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _uncommitted(repo: Repo, prefix: str) -> dict[str, str]:
    out = git.text(
        repo,
        [
            "status",
            "--porcelain=v1",
            "-z",
            "--untracked-files=all",
            "--no-renames",
            "--",
            *PATHSPECS,
        ],
    )
    flags: dict[str, str] = {}
    for entry in out.split("\0"):
        if len(entry) > 3 and entry[3:].startswith(prefix):
            flags[entry[3:][len(prefix) :]] = _STATES.get(entry[:2].strip()[:1], "modified")
    return flags


_STATES = {"?": "untracked", "A": "added", "D": "deleted", "M": "modified", "R": "renamed"}


def _with_uncommitted(history: History, flags: dict[str, str]) -> History:
    if not flags:
        return history
    files = dict(history.files)
    for path, state in flags.items():
        found = files.get(path) or FileHistory(path, (), ())
        files[path] = dataclasses.replace(found, uncommitted=state)
    return dataclasses.replace(history, files=dict(sorted(files.items())))
