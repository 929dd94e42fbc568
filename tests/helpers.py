"""Helpers that several test modules share."""

from __future__ import annotations

import contextlib
import hashlib
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

RECORD_FOLDERS = ("incidents", "ledger")


def snapshot(root: Path) -> dict[str, str]:
    """sha256 of every file (and the target of every symlink) under the record folders of `root`.

    Compare a snapshot taken before a command with one taken after: any file written, added,
    removed or re-linked in incidents/ or ledger/ shows as a difference.
    """
    found: dict[str, str] = {}
    for top in RECORD_FOLDERS:
        for path in sorted((root / top).rglob("*")) if (root / top).is_dir() else ():
            rel = path.relative_to(root).as_posix()
            if path.is_symlink():
                found[rel] = "link:" + str(path.readlink())
            elif path.is_file():
                found[rel] = hashlib.sha256(path.read_bytes()).hexdigest()
            elif path.is_dir():
                found[rel + "/"] = "folder"
    return found


def empty_ledger(root: Path) -> Path:
    """A ledger at `root` with the example's contacts and policy and no incidents."""
    repo = Path(__file__).resolve().parent.parent
    shutil.copytree(repo / "ledger" / "contacts", root / "ledger" / "contacts")
    shutil.copy(repo / "ledger" / "policy.yaml", root / "ledger" / "policy.yaml")
    (root / "incidents").mkdir()
    return root


@contextlib.contextmanager
def small_tmpfs(mount: Path, size: str) -> Iterator[Path]:
    """A tmpfs of `size` (mount's -o size=) at `mount`, made here, for a real full disk; the
    test is skipped where mounting is not allowed."""
    mount.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(mount)],
                          capture_output=True, text=True)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here ({done.stderr.strip()}): needs CAP_SYS_ADMIN")
    try:
        yield mount
    finally:
        subprocess.run(["umount", str(mount)], check=True)
