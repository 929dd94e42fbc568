"""The parsed history on disk, keyed by HEAD and the paths read, inside the repository's .git.

It lives under `.git/compliance-ledger/` so it is never committed and never seen by the
ledger's own folder checks. A new commit changes HEAD and so the key: there is nothing to
invalidate by hand. The uncommitted-changes flags are not cached (they follow the work tree).
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from datetime import date
from pathlib import Path
from typing import Any

from generator.history.model import Commit, FieldChange, FileHistory, History, Recorded, epoch

VERSION = 3  # 2: next_update, opened, aware audited; 3: every dated fact is a claim
KEEP = 4  # cache files kept per repository: a few branches switched between stay warm


def key(head: str, root_prefix: str, pathspecs: list[str]) -> str:
    text = json.dumps([VERSION, head, root_prefix, pathspecs])
    return hashlib.sha256(text.encode()).hexdigest()[:24]


def folder(git_dir: Path) -> Path:
    return git_dir / "compliance-ledger"


def load(git_dir: Path, cache_key: str) -> History | None:
    path = folder(git_dir) / f"history-{cache_key}.json"
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return _history(data) if data.get("version") == VERSION else None
    except (OSError, ValueError, KeyError, TypeError):
        return None  # a missing or damaged cache is only a miss


def save(git_dir: Path, cache_key: str, history: History) -> None:
    """Write atomically; a read-only .git only costs the cache."""
    target = folder(git_dir)
    try:
        target.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=target, suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            # dumps, not dump: only the one-shot encoder is the C one (4x faster on 10,000 files)
            handle.write(json.dumps(_plain(history), separators=(",", ":")))
        os.replace(tmp, target / f"history-{cache_key}.json")
        _prune(target)
    except OSError:
        return


def _prune(target: Path) -> None:
    files = sorted(target.glob("history-*.json"), key=lambda p: p.stat().st_mtime, reverse=True)
    for old in files[KEEP:]:
        old.unlink(missing_ok=True)


def _plain(history: History) -> dict[str, Any]:
    return {
        "version": VERSION,
        "head": history.head,
        "shallow": history.shallow,
        "commits": [
            [
                c.sha,
                c.author,
                c.email,
                c.authored.timestamp(),
                c.committed.timestamp(),
                c.subject,
                c.merge,
            ]
            for c in history.commits.values()
        ],
        "files": [
            [
                f.path,
                f.former_paths,
                f.commits,
                [[c.field, c.item, c.old, c.new, c.commit] for c in f.changes],
                [[r.what, r.key, r.text, r.claimed.isoformat(), r.commit] for r in f.recorded],
            ]
            for f in history.files.values()
        ],
    }


def _history(data: dict[str, Any]) -> History:
    commits = {
        c[0]: Commit(c[0], c[1], c[2], epoch(int(c[3])), epoch(int(c[4])), c[5], c[6])
        for c in data["commits"]
    }
    files = {
        f[0]: FileHistory(
            f[0],
            tuple(f[1]),
            tuple(f[2]),
            tuple(FieldChange(*c) for c in f[3]),
            tuple(Recorded(r[0], r[1], r[2], date.fromisoformat(r[3]), r[4]) for r in f[4]),
        )
        for f in data["files"]
    }
    return History(data["head"], commits, files, data["shallow"], cached=True)
