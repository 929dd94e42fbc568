"""Records → a typed Ledger plus every diagnostic: load, schema, values, ids and references.

Nothing here stops at the first problem: every file is read and every error collected. A
record with errors is left out of the model, so later stages only see valid records.
"""

from __future__ import annotations

import gc
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from generator import codes, schema
from generator.construct import build_contact, build_incident, build_policy, build_problem_report
from generator.diagnostics import Diagnostic, Pos, sort_diagnostics
from generator.discover import RecordFile, discover
from generator.load import MAX_BYTES, Document, load_bytes
from generator.model import Contact, Incident, Ledger, ProblemReport

Reader = Callable[[RecordFile], bytes]


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
    docs: dict[str, list[tuple[RecordFile, Document]]] = {}
    was_enabled = gc.isenabled()
    gc.disable()  # the node trees are large and acyclic: collecting during the load costs 3x
    try:
        for record in files:
            doc = _load(record, read, out)
            if doc is not None and _valid(record.kind, doc, out):
                docs.setdefault(record.kind, []).append((record, doc))
        ledger = _build(docs, out)
    finally:
        if was_enabled:
            gc.enable()
    out.extend(_references(ledger))
    return Result(ledger, sort_diagnostics(out), len(files))


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
    return loaded


def _valid(kind: str, doc: Document, out: list[Diagnostic]) -> bool:
    errors = schema.check(kind, doc)
    out.extend(errors)
    return not errors


def _build(docs: dict[str, list[tuple[RecordFile, Document]]], out: list[Diagnostic]) -> Ledger:
    policy_docs = docs.get("policy", [])
    policy = build_policy(policy_docs[0][1] if policy_docs else None, out)
    out.extend(_duplicate_ids(docs))
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


def _sorted(items: dict[str, object]) -> dict[str, object]:  # type: ignore[misc]
    return dict(sorted(items.items()))


def _duplicate_ids(docs: dict[str, list[tuple[RecordFile, Document]]]) -> Iterator[Diagnostic]:
    for kind, pairs in docs.items():
        first: dict[str, str] = {}
        for record, _ in pairs:
            if record.id in first:
                yield _error(Pos(record.path), codes.DUPLICATE_ID,
                             f"{kind} id {record.id!r} is also used by {first[record.id]}",
                             "ids are unique per kind across sub-folders: rename one of the files")
            else:
                first[record.id] = record.path


def _references(ledger: Ledger) -> Iterator[Diagnostic]:
    for incident in ledger.incidents.values():
        yield from _incident_ids(incident)
        for rel in incident.related:
            if not rel.is_url and rel.ref not in ledger.incidents:
                yield _dangling(rel.pos, f"related incident {rel.ref!r} does not exist", ledger.incidents, rel.ref)
        causes = {c.id for c in incident.root_causes}
        items = {a.id for a in incident.action_items}
        for item in incident.action_items:
            for cause in item.root_causes:
                if cause not in causes:
                    yield _dangling(item.positions.get("root_causes", item.pos),
                                    f"action item {item.id!r} points to root cause {cause!r}, which this incident does not have",
                                    causes, cause)
        lessons = incident.lessons
        for lesson in (*lessons.went_well, *lessons.went_wrong, *lessons.lucky):
            for ref in lesson.action_items:
                if ref not in items:
                    yield _dangling(lesson.pos, f"lesson points to action item {ref!r}, which this incident does not have", items, ref)
        for waiver in incident.waivers:
            if waiver.item is not None and waiver.item not in items:
                yield _dangling(waiver.pos, f"waiver names action item {waiver.item!r}, which this incident does not have", items, waiver.item)
    for contact in ledger.contacts.values():
        if contact.replaced_by is not None and contact.replaced_by not in ledger.contacts:
            yield _dangling(contact.pos("replaced_by"), f"replaced_by names contact {contact.replaced_by!r}, which does not exist",
                            ledger.contacts, contact.replaced_by)
    for report in ledger.problem_reports.values():
        if report.channel not in ledger.contacts:
            yield _dangling(report.pos("channel"), f"channel {report.channel!r} is not a contact in ledger/contacts/",
                            ledger.contacts, report.channel)
        if report.incident is not None and report.incident not in ledger.incidents:
            yield _dangling(report.pos("incident"), f"incident {report.incident!r} does not exist", ledger.incidents, report.incident)


def _incident_ids(incident: Incident) -> Iterator[Diagnostic]:
    for what, items in (("action item", incident.action_items), ("root cause", incident.root_causes),
                        ("question", incident.questions)):
        counts = Counter(item.id for item in items)
        seen: set[str] = set()
        for item in items:
            if counts[item.id] > 1 and item.id in seen:
                yield _error(item.pos, codes.DUPLICATE_ID, f"{what} id {item.id!r} is used twice in this incident",
                             f"give each {what} its own id")
            seen.add(item.id)


def _dangling(pos: Pos, message: str, known: Iterable[str], ref: str) -> Diagnostic:
    import difflib

    near = difflib.get_close_matches(ref, list(known), n=1)
    hint = f"did you mean {near[0]!r}?" if near else "create the record it names, or fix the id"
    return _error(pos, codes.DANGLING, message, hint)


def _error(pos: Pos, problem: codes.Problem, message: str, hint: str) -> Diagnostic:
    return Diagnostic(pos, problem.code, problem.name, "error", message, hint)
