"""Cross-process locks (the `filelock` library): one writer of a ledger at a time.

`ledger new`, `add` and `import` read the ledger, choose an id, change or create a record,
validate the result and rename it into place. Two of them at once could each read the same
record and the later rename would drop the earlier change, or both could take the same id; so
each holds the ledger's write lock from the first read to the last rename. The lock is an OS
lock (flock): it dies with the process, so a killed command never leaves it held.

The lock file lives in the repository's git directory (`.git/compliance-ledger/write.lock`),
where nothing is committed or validated; outside git, `.compliance-ledger.lock` in the ledger
root. It is left in place after use: removing a lock file others may be waiting on would let
two writers in at once.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path

import filelock

from generator.errors import LedgerError

WAIT_SECONDS = 60.0


@contextlib.contextmanager
def held(path: Path, what: str, timeout: float = WAIT_SECONDS) -> Iterator[None]:
    """Hold the lock at `path` (created with its folder if missing); `what` names the holder."""
    if (
        path.is_symlink()
    ):  # a link placed there must not make the lock open (or truncate) its target
        raise LedgerError(
            f"the lock file {path} is a symbolic link",
            "remove it: the lock file is the tool's own, and it is created again",
        )
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        lock = filelock.FileLock(path, timeout=timeout)
        lock.acquire()
    except filelock.Timeout:
        raise LedgerError(
            f"{what} has been busy for {timeout:.0f} s (lock {path})",
            "wait for the other command to finish, then run this one again",
        ) from None
    except OSError as exc:
        raise LedgerError(
            f"cannot take the lock {path}: {exc.strerror or exc}",
            "make that folder writable, then run the command again",
        ) from None
    try:
        yield
    finally:
        lock.release()


def ledger_lock(root: Path) -> contextlib.AbstractContextManager[None]:
    """The write lock of the ledger at `root`: held by every command that writes records."""
    return held(lock_file(root), "another command writing to this ledger")


def lock_file(root: Path) -> Path:
    here = root.resolve()
    for folder in (here, *here.parents):
        dot_git = folder / ".git"
        if dot_git.is_dir():
            return dot_git / "compliance-ledger" / "write.lock"
        if dot_git.is_file():  # a linked work tree: `gitdir: <its own git directory>`
            with dot_git.open("rb") as handle:
                first = handle.read(4096).decode("utf-8", "replace").partition("\n")[0]
            if first.startswith("gitdir:") and (folder / first[7:].strip()).is_dir():
                return folder / first[7:].strip() / "compliance-ledger" / "write.lock"
            break
    return here / ".compliance-ledger.lock"
