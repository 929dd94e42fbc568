"""Records → a typed Ledger plus every diagnostic: load, schema, values, ids and references.

Nothing here stops at the first problem: every file is read and every error collected. A
record with errors is left out of the model, so later stages only see valid records.
"""

from __future__ import annotations

import errno
import gc
import os
import stat
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from generator import codes, progress, schema, semantics
from generator.construct import build_contact, build_incident, build_policy, build_problem_report
from generator.construct_calendar import (
    build_audit,
    build_certificate,
    build_document,
    build_request,
)
from generator.diagnostics import Diagnostic, Pos, sort_diagnostics
from generator.discover import RecordFile, discover
from generator.errors import LedgerError
from generator.load import MAX_BYTES, Document, load_bytes, too_deep
from generator.model import Ledger, Policy
from generator.scan import scan_values

Reader = Callable[[RecordFile], bytes]
T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Result:
    ledger: Ledger
    diagnostics: list[Diagnostic]
    files: int

    @property
    def ok(self) -> bool:
        return not any(d.severity == "error" for d in self.diagnostics)


def read_ledger(root: Path, at: str | None = None) -> Result:
    """The work tree's ledger, or the one committed in `at` (validated either way)."""
    if at is not None and not at.strip():
        raise LedgerError("--at is empty", "name a commit, branch or tag, or leave --at out")
    if at is None:
        return validate(root)
    from generator.history.at import ledger_at  # git only when asked for: validate starts fast

    return ledger_at(root, at)


def validate(root: Path) -> Result:
    """Validate the ledger in the work tree at `root`."""
    files, problems = discover(root)
    return validate_files(files, lambda f: _read(root, f), problems)


def _read(root: Path, record: RecordFile) -> bytes:
    return read_capped(root / record.path)


def read_capped(path: Path) -> bytes:
    """At most MAX_BYTES + 1 bytes of a regular file: enough to tell an oversized file.

    Opened without blocking and checked after opening, so a file swapped for a FIFO or a
    device since it was listed is an OSError, never a hang or an endless read. The buffer is
    sized from the file, not from the limit: asking for 5 MiB per read costs an allocation of
    5 MiB for every 4 KB record (measured: 3x the time of the reads).
    """
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    with open(fd, "rb") as handle:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise OSError(errno.EINVAL, "not a regular file", str(path))
        want = min(info.st_size, MAX_BYTES) + 1
        data = handle.read(want)
        if len(data) == want and want <= MAX_BYTES:  # the file grew since fstat
            data += handle.read(MAX_BYTES + 1 - want)
        return data


def validate_files(
    files: list[RecordFile], read: Reader, problems: Iterable[Diagnostic] = ()
) -> Result:
    """Validate records given by relative path, read through `read` (a work tree or a commit).

    Each file goes through every stage (load, schema, values, references, model) before the
    next is read, so its node tree is freed at once: memory stays flat however large the
    ledger, and a 10,000-file run does not drag 10,000 trees through the cache.
    """
    out = list(problems)
    ids = _ids(files)
    out.extend(_duplicate_ids(files))
    # the policy first: its time zone is where every other record's date-only values live
    ordered = sorted(files, key=lambda f: f.kind != "policy")
    built: dict[str, dict[str, Any]] = {kind: {} for kind in _BUILDERS}
    policy = build_policy(None, out)
    was_enabled = gc.isenabled()
    gc.disable()  # the node trees are large and acyclic: collecting during the load costs 3x
    try:
        for done, record in enumerate(ordered):
            progress.tick("reading records", done, len(ordered))
            doc = _load(record, read, out)
            if doc is None:
                continue
            invalid: list[Diagnostic] = []
            if not schema.is_valid(record.kind, doc.data):
                deep = too_deep(doc)  # only a record that fails its schema can nest deeply
                if deep is not None:
                    out.append(deep)  # and nothing else: later stages would walk the values
                    continue
                invalid = schema.errors(record.kind, doc)
                out.extend(invalid)
            if invalid:
                out.extend(scan_values(record.kind, doc))
            elif record.kind == "policy":
                policy = build_policy(doc, out)
            else:
                model = _BUILDERS[record.kind](record.id, doc, policy, out)
                if model is not None:
                    built[record.kind].setdefault(record.id, model)
            out.extend(semantics.check(record.kind, doc, ids))
        progress.end()
        ledger = Ledger(
            _sorted(built["incident"]),
            _sorted(built["contact"]),
            _sorted(built["problem-report"]),
            policy,
            _sorted(built["audit"]),
            _sorted(built["document"]),
            _sorted(built["certificate"]),
            _sorted(built["request"]),
        )
    finally:
        if was_enabled:
            # The model is large and acyclic (freed by reference counts): move it out of the
            # cyclic collector's sight, or its first full pass scans every object once more.
            gc.freeze()
            gc.enable()
    return Result(ledger, sort_diagnostics(out), _count_files(files, out))


_BUILDERS: dict[str, Callable[[str, Document, Policy, list[Diagnostic]], Any]] = {
    "incident": build_incident,
    "contact": build_contact,
    "problem-report": build_problem_report,
    "audit": build_audit,
    "document": build_document,
    "certificate": build_certificate,
    "request": build_request,
}


def _count_files(files: list[RecordFile], out: list[Diagnostic]) -> int:
    # every file looked at: records, and the stray or misnamed files reported on
    return len({f.path for f in files} | {d.pos.path for d in out})


def _ids(files: list[RecordFile]) -> dict[str, set[str]]:
    ids: dict[str, set[str]] = {kind: set() for kind in (*_BUILDERS, "policy")}
    for record in files:
        ids[record.kind].add(record.id)
    return ids


def _load(record: RecordFile, read: Reader, out: list[Diagnostic]) -> Document | None:
    try:
        raw = read(record)
    except OSError as exc:
        out.append(
            Diagnostic(
                Pos(record.path),
                codes.UNREADABLE.code,
                codes.UNREADABLE.name,
                "error",
                f"cannot read the file: {exc.strerror or exc}",
                "check the file's permissions",
            )
        )
        return None
    loaded = load_bytes(record.path, raw, depth_check=False)
    if isinstance(loaded, Diagnostic):
        out.append(loaded)
        return None
    if semantics.may_hold_bidi(raw):
        out.extend(semantics.bidi_warnings(loaded))
    return loaded


def _sorted(items: dict[str, T]) -> dict[str, T]:
    return dict(sorted(items.items()))


def _duplicate_ids(files: list[RecordFile]) -> Iterator[Diagnostic]:
    first: dict[tuple[str, str], str] = {}
    for record in files:
        seen = first.setdefault((record.kind, record.id), record.path)
        if seen != record.path:
            yield Diagnostic(
                Pos(record.path),
                codes.DUPLICATE_ID.code,
                codes.DUPLICATE_ID.name,
                "error",
                f"{record.kind} id {record.id!r} is also used by {seen}",
                "ids are unique per kind across sub-folders: rename one of the files",
            )
