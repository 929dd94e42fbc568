"""Bugs → the ledger: a new draft for each bug the ledger lacks, a sync for each it has.

Everything is planned before anything is written: the new and changed texts are validated
together in one pass (1,700 drafts cost one validation, not 1,700 validations of a growing
ledger), and only those that validate are written. A record is found by its `bug:` link, so
a record written by hand for a bug is synced, never duplicated. Paths are built from the bug
number and the filing year only: nothing in a bug's text can choose where a file goes.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from generator import authoring
from generator.diagnostics import Diagnostic
from generator.discover import RecordFile, classify, discover
from generator.errors import LedgerError
from generator.importers import bugzilla_draft as drafting
from generator.importers.bugzilla import Bug
from generator.importers.bugzilla_sync import sync
from generator.validate import read_capped, validate_files

_BUG_LINE = re.compile(r"^bug:[ \t]*['\"]?([^'\"\s#]+)", re.MULTILINE)


@dataclass(slots=True)
class Plan:
    texts: dict[str, str] = field(default_factory=dict)  # rel → new text (new or changed)
    new: list[tuple[int, str]] = field(default_factory=list)  # (bug, rel)
    changed: list[tuple[int, str, list[str]]] = field(default_factory=list)
    unchanged: list[tuple[int, str]] = field(default_factory=list)
    gone: list[tuple[int, str]] = field(default_factory=list)
    notes: list[tuple[int, str, str]] = field(default_factory=list)  # (bug, rel, note)


def bug_number(url: str, base_url: str) -> int | None:
    """The bug a `bug:` link names, if it is a bug of this Bugzilla."""
    link, base = urlsplit(url), urlsplit(base_url)
    if link.hostname != base.hostname or not link.path.endswith("/show_bug.cgi"):
        return None
    found = parse_qs(link.query).get("id", [""])[0]
    return int(found) if found.isdigit() and len(found) < 10 else None


def known_bugs(root: Path, base_url: str) -> dict[int, str]:
    """Bug number → the incident recording it (the first by path, if several do)."""
    files, _ = discover(root)
    out: dict[int, str] = {}
    for record in files:
        if record.kind != "incident":
            continue
        try:
            text = read_capped(root / record.path).decode("utf-8")
        except (OSError, UnicodeDecodeError):
            continue  # `ledger validate` reports it; the import cannot match it
        found = _BUG_LINE.search(text)
        number = bug_number(found.group(1), base_url) if found else None
        if number is not None:
            out.setdefault(number, record.path)
    return out


def plan(root: Path, bugs: list[Bug], base_url: str, record_id: str | None = None) -> Plan:
    known = known_bugs(root, base_url)
    taken = authoring.records_of(root, "incident")
    fence = Fence(root)
    result = Plan()
    for bug in bugs:
        rel = known.get(bug.id)
        if rel is None:
            rid = record_id or drafting.record_id(bug.id)
            _new(root, bug, base_url, rid, taken, result, fence)
            continue
        old = authoring.record_text(root, rel)  # within validate's limits
        text, changes = sync(old, rel, bug, base_url)
        if text == old:
            result.unchanged.append((bug.id, rel))
        else:
            result.texts[rel] = text
            result.changed.append((bug.id, rel, changes))
    given = {bug.id for bug in bugs}
    result.gone = sorted((n, rel) for n, rel in known.items() if n not in given)
    return result


@functools.lru_cache(maxsize=64)
def _modeline(root: Path, folder: str) -> str:
    """The schema comment, which depends on the folder only (read once per year, not per bug)."""
    return authoring.modeline(root, f"{folder}/record.yaml", "incident")


def _new(
    root: Path,
    bug: Bug,
    base_url: str,
    rid: str,
    taken: dict[str, str],
    result: Plan,
    fence: Fence,
) -> None:
    if rid in taken:
        raise LedgerError(
            f"incident id {rid!r} is already used by {taken[rid]}, which records no bug {bug.id}",
            "rename that record, or give the bug's record a `bug:` link to it",
        )
    made = drafting.draft(bug, base_url)
    rel = f"incidents/{made.opened[:4]}/{rid}.yaml"
    fence(rel)
    result.texts[rel] = _modeline(root, rel.rpartition("/")[0]) + made.text
    result.new.append((bug.id, rel))
    result.notes += [(bug.id, rel, note) for note in made.notes]


class Fence:
    """Refuses a path unless it lies in the repository's own incidents/ folder (a folder on
    the way that is a link to elsewhere would move the write out). Each folder is resolved
    once: 1,700 drafts live in a dozen year folders."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.folder = (root / "incidents").resolve()
        self.plain = self.folder == root.resolve() / "incidents"
        self.checked: dict[str, bool] = {}

    def __call__(self, rel: str) -> Path:
        path = self.root / rel
        parent = path.parent
        ok = self.checked.get(str(parent))
        if ok is None:
            ok = self.plain and parent.resolve().is_relative_to(self.folder)
            self.checked[str(parent)] = ok
        if not ok or path.is_symlink():
            raise LedgerError(
                f"{rel} would be written outside {self.root}/incidents",
                "make incidents/ and its year folders plain folders of the repository",
            )
        return path


def problems(root: Path, result: Plan) -> list[Diagnostic]:
    """Errors in the new and changed texts, validated together in one pass."""
    if not result.texts:
        return []  # nothing to write: the ledger is as it was
    added, naming = classify(result.texts)
    files, _ = discover(root)
    others = [f for f in files if f.path not in result.texts]
    records = sorted(added + others, key=lambda f: f.path)

    def read(record: RecordFile) -> bytes:
        text = result.texts.get(record.path)
        return text.encode("utf-8") if text is not None else read_capped(root / record.path)

    checked = validate_files(records, read, naming)
    return [d for d in checked.diagnostics if d.pos.path in result.texts and d.severity == "error"]


def write(root: Path, result: Plan, refused: Iterable[str]) -> None:
    skip = set(refused)
    new = {rel for _, rel in result.new}
    fence = Fence(root)
    for rel, text in sorted(result.texts.items()):
        if rel in skip:
            continue
        path = fence(rel)
        if rel in new:
            authoring.write_new(path, text)
        else:
            authoring.replace_file(path, text)
