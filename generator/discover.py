"""Find the record files under a ledger root, and report every file that does not belong.

`classify` works on relative paths only, so the same verdicts apply to a work tree and to a
tree read from a git commit.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from generator import codes
from generator.codes import Problem
from generator.diagnostics import Diagnostic, Pos
from generator.errors import LedgerError

ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9._-]{0,99}$")
FOLDERS = {
    "incident": "incidents",
    "contact": "ledger/contacts",
    "problem-report": "ledger/problem-reports",
    "audit": "ledger/audits",
    "document": "ledger/documents",
    "certificate": "ledger/certificates",
    "request": "ledger/requests",
}
ALLOWED_EXTRA = {"README.md", ".gitkeep"}
# left by editors (vim swap, backup~, Emacs lock and auto-save) or by a killed `ledger new`/`add`
# (its temp file): never records, never errors, never deleted by the tool
SCRATCH = re.compile(r"^(\..+\.sw[a-p]|.+~|\.#.+|#.+#|\..+\.\d+\.tmp)$")
TOPS = ("incidents", "ledger")
_LEDGER_TOP = {
    "contacts",
    "problem-reports",
    "audits",
    "documents",
    "certificates",
    "requests",
    "policy.yaml",
    "policy.yml",
    "README.md",
    ".gitkeep",
}


@dataclass(frozen=True, slots=True)
class RecordFile:
    kind: str
    id: str
    path: str  # relative to the root, POSIX separators


def discover(root: Path) -> tuple[list[RecordFile], list[Diagnostic]]:
    """All record files under `root` in a stable order, and a diagnostic for each stray file."""
    require_ledger(root)
    paths: list[str] = []
    problems: list[Diagnostic] = []
    real_root = root.resolve()
    for top in TOPS:
        folder = root / top
        refused = link_problem(folder, real_root) if folder.is_symlink() else None
        if refused is not None:
            problems.append(_diag(top, codes.STRAY, *refused))
        elif folder.is_dir():
            _walk(root, real_root, folder, paths, problems)
    records, more = classify(paths)
    return records, problems + more


def require_ledger(root: Path) -> None:
    """LedgerError unless `root` is a folder holding incidents/ or ledger/."""
    if not root.is_dir():
        raise LedgerError(
            f"{root} is not a directory", "pass --root with the ledger repository's folder"
        )
    if not _holds_ledger(root):
        raise LedgerError(
            f"no ledger in {root}: neither incidents/ nor ledger/ exists",
            "run in a ledger repository, pass --root DIR, or create one with `ledger init DIR`",
        )


def find_root(start: Path) -> Path:
    """The nearest of `start` and its parents that holds a ledger, as git finds its repository.

    The walk stops at the top of a git repository (a folder with .git) and at the file
    system's root: a ledger is never looked for outside the repository the command runs in.
    Returned relative to `start` (".", "..", …) so paths in messages stay short.
    """
    here = start.resolve()
    for folder in (here, *here.parents):
        if _holds_ledger(folder):
            return Path(os.path.relpath(folder, here))
        if (folder / ".git").exists():
            break
    raise LedgerError(
        f"no ledger in {start} or its parent folders: neither incidents/ nor ledger/ exists",
        "run in a ledger repository, pass --root DIR, or create one with `ledger init DIR`",
    )


def _holds_ledger(folder: Path) -> bool:
    return any((folder / top).is_dir() or (folder / top).is_symlink() for top in TOPS)


def _walk(
    root: Path, real_root: Path, folder: Path, paths: list[str], problems: list[Diagnostic]
) -> None:
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError as exc:
        rel = _shown(folder.relative_to(root).as_posix())
        problems.append(
            _diag(
                rel,
                codes.UNREADABLE,
                f"cannot read the folder: {exc.strerror or exc}",
                "check the folder's permissions",
            )
        )
        return
    for entry in entries:
        path = Path(entry.path)
        rel = _shown(path.relative_to(root).as_posix())
        refused = _refused_entry(entry, path, real_root)
        if refused is not None:
            problems.append(_diag(rel, *refused))
        elif entry.is_dir():
            _walk(root, real_root, path, paths, problems)
        else:
            paths.append(rel)


def _refused_entry(
    entry: os.DirEntry[str], path: Path, real_root: Path
) -> tuple[Problem, str, str] | None:
    """(problem, message, hint) when the entry is not something a record can be read from."""
    if not entry.name.isprintable():
        return (
            codes.BAD_NAME,
            "the name holds control characters or bytes that are not UTF-8",
            "rename it to lowercase letters, digits, '.', '_' and '-'",
        )
    if entry.is_symlink() and (refused := link_problem(path, real_root)) is not None:
        return (codes.STRAY, *refused)
    if entry.is_symlink() and entry.is_dir():  # following it could loop, or read a folder twice
        return codes.STRAY, "symbolic link to a folder", "move the records into a real folder"
    if not entry.is_dir() and not entry.is_file():  # a FIFO or device would block or never end
        return codes.STRAY, "not a regular file", "records are plain files; remove it"
    return None


def link_problem(path: Path, real_root: Path) -> tuple[str, str] | None:
    """(message, hint) for a symbolic link that loops, leads nowhere or leaves the ledger."""
    try:
        target = path.resolve(strict=True)
    except (OSError, RuntimeError):  # ELOOP, a missing target; RuntimeError on Python < 3.13
        return (
            "symbolic link that leads nowhere (a loop or a missing target)",
            "remove the link, or replace it with the file or folder itself",
        )
    if not target.is_relative_to(real_root):
        return (
            "symbolic link to a file or folder outside the ledger (it is not read)",
            "copy the records into the repository instead of linking to them",
        )
    return None


def _shown(rel: str) -> str:
    """The path as reports can print it: undecodable bytes and control characters escaped."""
    if rel.isprintable():
        return rel
    raw = rel.encode("utf-8", "surrogateescape")
    return "".join(
        c if c.isprintable() else ascii(c)[1:-1] for c in raw.decode("utf-8", "backslashreplace")
    )


def classify(paths: Iterable[str]) -> tuple[list[RecordFile], list[Diagnostic]]:
    """Relative file paths → record files by kind, plus stray-file and bad-name diagnostics."""
    records: list[RecordFile] = []
    problems: list[Diagnostic] = []
    policies: list[str] = []
    for rel in sorted(paths):
        path = PurePosixPath(rel)
        kind = _kind(path)
        if SCRATCH.match(path.name):
            continue
        if path.parent.as_posix() == "ledger" and path.name in ("policy.yaml", "policy.yml"):
            policies.append(rel)
        elif path.name in ALLOWED_EXTRA and (kind or path.parts[0] == "ledger"):
            continue
        elif kind is None:
            if path.parts[0] == "ledger":
                problems.append(
                    _stray(
                        rel,
                        "ledger/ holds contacts/, problem-reports/, audits/, documents/, "
                        "certificates/, requests/ and policy.yaml only",
                    )
                )
        elif path.suffix not in (".yaml", ".yml"):
            problems.append(_stray(rel, f"{FOLDERS[kind]}/ holds only .yaml records and README.md"))
        elif not ID_PATTERN.match(path.stem):
            problems.append(
                _diag(
                    rel,
                    codes.BAD_NAME,
                    f"{path.name!r} is not a valid record id",
                    _name_hint(path.stem),
                )
            )
        else:
            records.append(RecordFile(kind, path.stem, rel))
    records.extend(RecordFile("policy", "policy", p) for p in policies[:1])
    problems.extend(
        _diag(p, codes.DUPLICATE_ID, "both policy.yaml and policy.yml exist", "keep one of them")
        for p in policies[1:]
    )
    return records, problems


def _kind(path: PurePosixPath) -> str | None:
    text = path.as_posix()
    for kind, folder in FOLDERS.items():
        if text.startswith(folder + "/"):
            return kind
    return None


def _name_hint(stem: str) -> str:
    fixed = re.sub(r"[^a-z0-9._-]+", "-", stem.lower()).strip("-._") or "record"
    return (
        "ids are lowercase letters, digits, '.', '_' and '-', starting with a letter or digit, "
        f"at most 100 characters: rename it to {fixed[:100]}.yaml"
    )


def _stray(rel: str, why: str) -> Diagnostic:
    return _diag(
        rel,
        codes.STRAY,
        f"stray file {PurePosixPath(rel).name!r}: {why}",
        "move it out of the record folders, or rename it to <id>.yaml",
    )


def _diag(rel: str, problem: Problem, message: str, hint: str) -> Diagnostic:
    return Diagnostic(Pos(rel), problem.code, problem.name, "error", message, hint)


def as_record_path(ref: str) -> str:
    """A record path as typed on any system (`incidents\\2024\\x.yaml`, `./incidents/x.yaml`)
    → the `/`-separated form records are known by. Backslashes are never part of a record's
    name (ids allow letters, digits, `.`, `_` and `-`), so reading them as separators is safe."""
    return ref.replace("\\", "/").removeprefix("./")
