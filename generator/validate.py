"""Records → a typed Ledger plus every diagnostic: load, schema, values, ids and references.

Nothing here stops at the first problem: every file is read and every error collected. A
record with errors is left out of the model, so later stages only see valid records.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from generator import codes, schema, semantics
from generator.construct import build_contact, build_incident, build_policy, build_problem_report
from generator.diagnostics import Diagnostic, Pos, sort_diagnostics
from generator.discover import RecordFile, discover
from generator.load import MAX_BYTES, Document, load_bytes
from generator.model import Contact, Incident, Ledger, ProblemReport
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


def validate(root: Path) -> Result:
    """Validate the ledger in the work tree at `root`."""
    files, problems = discover(root)
    return validate_files(files, lambda f: _read(root, f), problems)


def _read(root: Path, record: RecordFile) -> bytes:
    path = root / record.path
    with path.open("rb") as handle:
        return handle.read(MAX_BYTES + 1)


def validate_files(files: list[RecordFile], read: Reader, problems: Iterable[Diagnostic] = ()) -> Result:
    """Validate records given by relative path, read through `read` (a work tree or a commit)."""
    out = list(problems)
    loaded: list[tuple[RecordFile, Document]] = []
    docs: dict[str, list[tuple[RecordFile, Document]]] = {}
    was_enabled = gc.isenabled()
    gc.disable()  # the node trees are large and acyclic: collecting during the load costs 3x
    try:
        for record in files:
            doc = _load(record, read, out)
            if doc is None:
                continue
            loaded.append((record, doc))
            if _valid(record.kind, doc, out):
                docs.setdefault(record.kind, []).append((record, doc))
            else:
                out.extend(scan_values(record.kind, doc))
        out.extend(_duplicate_ids(files))
        ledger = _build(docs, out)
        ids = _ids(files)
        for record, doc in loaded:
            out.extend(semantics.check(record.kind, doc, ids))
    finally:
        if was_enabled:
            gc.enable()
    return Result(ledger, sort_diagnostics(out), _count_files(files, out))


def _count_files(files: list[RecordFile], out: list[Diagnostic]) -> int:
    # every file looked at: records, and the stray or misnamed files reported on
    return len({f.path for f in files} | {d.pos.path for d in out})


def _ids(files: list[RecordFile]) -> dict[str, set[str]]:
    ids: dict[str, set[str]] = {kind: set() for kind in ("incident", "contact", "problem-report", "policy")}
    for record in files:
        ids[record.kind].add(record.id)
    return ids


def _load(record: RecordFile, read: Reader, out: list[Diagnostic]) -> Document | None:
    try:
        raw = read(record)
    except OSError as exc:
        out.append(Diagnostic(Pos(record.path), codes.UNREADABLE.code, codes.UNREADABLE.name, "error",
                              f"cannot read the file: {exc.strerror or exc}", "check the file's permissions"))
        return None
    loaded = load_bytes(record.path, raw)
    if isinstance(loaded, Diagnostic):
        out.append(loaded)
        return None
    if semantics.BIDI_BYTES.search(raw):
        out.extend(semantics.bidi_warnings(loaded))
    return loaded


def _valid(kind: str, doc: Document, out: list[Diagnostic]) -> bool:
    errors = schema.check(kind, doc)
    out.extend(errors)
    return not errors


def _build(docs: dict[str, list[tuple[RecordFile, Document]]], out: list[Diagnostic]) -> Ledger:
    policy_docs = docs.get("policy", [])
    policy = build_policy(policy_docs[0][1] if policy_docs else None, out)
    incidents: dict[str, Incident] = {}
    contacts: dict[str, Contact] = {}
    reports: dict[str, ProblemReport] = {}
    for record, doc in docs.get("incident", []):
        incident = build_incident(record.id, doc, policy, out)
        if incident is not None:
            incidents.setdefault(record.id, incident)
    for record, doc in docs.get("contact", []):
        contact = build_contact(record.id, doc, policy, out)
        if contact is not None:
            contacts.setdefault(record.id, contact)
    for record, doc in docs.get("problem-report", []):
        report = build_problem_report(record.id, doc, policy, out)
        if report is not None:
            reports.setdefault(record.id, report)
    return Ledger(_sorted(incidents), _sorted(contacts), _sorted(reports), policy)


def _sorted(items: dict[str, T]) -> dict[str, T]:
    return dict(sorted(items.items()))


def _duplicate_ids(files: list[RecordFile]) -> Iterator[Diagnostic]:
    first: dict[tuple[str, str], str] = {}
    for record in files:
        seen = first.setdefault((record.kind, record.id), record.path)
        if seen != record.path:
            yield Diagnostic(Pos(record.path), codes.DUPLICATE_ID.code, codes.DUPLICATE_ID.name, "error",
                             f"{record.kind} id {record.id!r} is also used by {seen}",
                             "ids are unique per kind across sub-folders: rename one of the files")
