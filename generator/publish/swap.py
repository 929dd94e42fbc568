"""Replace the site and the docs dir whole, or not at all (issue 7: a failed build loses nothing).

`ledger build` writes into staging directories next to the real ones (same file system, so
a rename is cheap) and swaps them in only when everything succeeded. A lock on the parent
directories makes two builds at once run one after the other: a `filelock` lock file
(`.ledger_build.lock`) in each, which works on Windows too and which the operating system
releases if the build dies.
"""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
import signal
from collections.abc import Callable, Iterator
from pathlib import Path
from types import FrameType

import filelock

from generator.errors import LedgerError

TAG = ".ledger-"  # staging names: .<name>.ledger-new-<pid>, .<name>.ledger-old-<pid>
LOCK = ".ledger_build.lock"


class Interrupted(BaseException):
    """SIGINT or SIGTERM arrived: BaseException, so no `except Exception` in MkDocs eats it."""

    def __init__(self, signum: int) -> None:
        super().__init__(signal.Signals(signum).name)
        self.signum = signum


@contextlib.contextmanager
def locked(dirs: list[Path], waiting: Callable[[Path], None]) -> Iterator[None]:
    """Hold an exclusive lock on each of `dirs` (created if missing), in a fixed order."""
    with contextlib.ExitStack() as held:
        for folder in sorted({d.resolve() for d in dirs}):
            folder.mkdir(parents=True, exist_ok=True)
            lock = filelock.FileLock(folder / LOCK)
            try:
                lock.acquire(timeout=0)
            except filelock.Timeout:
                waiting(folder)
                lock.acquire()
            held.callback(lock.release)
        yield


@contextlib.contextmanager
def interruptible() -> Iterator[None]:
    """Turn SIGINT and SIGTERM into Interrupted, so the staging dirs are removed on the way out."""

    def stop(signum: int, _frame: FrameType | None) -> None:
        raise Interrupted(signum)

    try:
        old = {s: signal.signal(s, stop) for s in (signal.SIGINT, signal.SIGTERM)}
    except ValueError:  # not the main thread: signals cannot be caught here
        yield
        return
    try:
        yield
    finally:
        for sig, handler in old.items():
            signal.signal(sig, handler)


def staging(target: Path, kind: str = "new") -> Path:
    return target.parent / f".{target.name}{TAG}{kind}-{os.getpid()}"


def sweep(target: Path) -> None:
    """Remove staging dirs a killed build (SIGKILL, power cut) left; call only under the lock."""
    if target.parent.is_dir():
        for stale in target.parent.glob(f".{target.name}{TAG}*"):
            _remove(stale)


def seed(target: Path, staged: Path) -> None:
    """Start `staged` as a hard-linked copy of `target`: unchanged files keep their times.

    Safe because write.sync replaces a changed file by rename, never writes into it.
    """
    _remove(staged)
    if target.is_dir():
        shutil.copytree(target, staged, copy_function=os.link, symlinks=True)


def swap(staged: Path, target: Path) -> None:
    """Put `staged` where `target` is: two renames; the old tree is deleted after."""
    old = staging(target, "old")
    _remove(old)
    if target.exists() or target.is_symlink():
        os.rename(target, old)
    os.rename(staged, target)
    _remove(old)


def discard(*staged: Path) -> None:
    """Remove staging dirs; a second Ctrl-C while doing so is ignored (it would leave them)."""
    try:
        old = {s: signal.signal(s, signal.SIG_IGN) for s in (signal.SIGINT, signal.SIGTERM)}
    except ValueError:
        old = {}
    try:
        for path in staged:
            _remove(path)
    finally:
        for sig, handler in old.items():
            signal.signal(sig, handler)


def _remove(path: Path) -> None:
    if path.is_symlink() or path.is_file():
        path.unlink()
    elif path.is_dir():
        shutil.rmtree(path)


def write_failed(exc: OSError, target: Path) -> LedgerError:
    """An OSError while writing the output → the one-line error `ledger build` prints."""
    reason = exc.strerror or str(exc)
    where = exc.filename or target
    if exc.errno == errno.ENOSPC:
        fix = "free some space on that disk (or pass --site-dir elsewhere) and build again"
    elif exc.errno in (errno.EEXIST, errno.ENOTDIR):  # mkdir found a file on the way
        reason = "a file is in the way of a folder"
        fix = "move that file, or pass --site-dir a path whose parents are folders"
    elif exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        fix = "make the output folder writable (or pass --site-dir elsewhere) and build again"
    else:
        fix = "check the output path (--site-dir, docs_dir in mkdocs.yml) and build again"
    return LedgerError(
        f"cannot write the site ({reason}: {where}); the previous site is unchanged", fix
    )
