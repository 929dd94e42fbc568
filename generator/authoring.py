"""Write new records and append to incidents: valid skeletons, derived ids and dates.

Every write is checked first: the new text is validated together with the rest of the ledger
(through `validate_files` with a reader that serves the new text), and nothing is written
when it would be invalid. New files are never overwritten (the final step is a hard link,
which fails when the name is taken); edits replace the file atomically (temp file + rename).
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, tzinfo
from pathlib import Path, PurePosixPath

from generator import yaml_edit
from generator.construct import build_policy
from generator.diagnostics import Diagnostic
from generator.discover import ID_PATTERN, RecordFile, classify, discover
from generator.errors import LedgerError
from generator.load import Document, load_bytes, parse
from generator.validate import validate_files
from generator.values import ValueProblem, parse_when

Clock = Callable[[], datetime]
SCHEMA_FILES = {
    "incident": "incident",
    "contact": "contact",
    "problem-report": "problem-report",
    "audit": "audit",
    "document": "document",
    "certificate": "certificate",
    "request": "request",
}


def system_clock() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True, slots=True)
class Moment:
    """'Now' for authoring: the day in the policy time zone and the UTC instant."""

    today: date
    now: datetime


def moment(root: Path, given: str | None, clock: Clock = system_clock) -> Moment:
    """`given` (a date or an instant, from --today) or the clock, read in the policy zone."""
    zone = policy_zone(root)
    if given is None:
        now = clock().astimezone(UTC)
        return Moment(now.astimezone(zone).date(), now)
    try:
        when = parse_when(given, zone, zone)
    except ValueProblem as exc:
        raise LedgerError(f"--today {given!r}: {exc}", exc.hint) from None
    return Moment(when.local_day(zone), when.utc)


def policy_zone(root: Path) -> tzinfo:
    for name in ("policy.yaml", "policy.yml"):
        path = root / "ledger" / name
        if path.is_file():
            doc = load_bytes(f"ledger/{name}", path.read_bytes())
            return build_policy(doc if isinstance(doc, Document) else None, []).timezone
    return UTC


def slug(text: str, limit: int = 60) -> str:
    words = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    cut = words[:limit].rstrip("-")
    return cut or "record"


# -- schema comment -------------------------------------------------------------------------


def modeline(root: Path, rel: str, kind: str) -> str:
    """`# yaml-language-server: $schema=…` pointing at the schema an editor can reach.

    In the tool's own repository the package's schema file is used by relative path; in a
    ledger repository whose mkdocs.yml names a `site_url`, the copy published with the site;
    otherwise the schema's `$id`.
    """
    name = f"{SCHEMA_FILES[kind]}.schema.json"
    local = root / "generator" / "schemas" / name
    if local.is_file():
        target = os.path.relpath(local, (root / rel).parent)
        return f"# yaml-language-server: $schema={PurePosixPath(Path(target).as_posix())}\n"
    site = _site_url(root)
    url = (
        f"{site.rstrip('/')}/schemas/{name}"
        if site
        else f"https://compliance-ledger.dev/schemas/v1/{name}"
    )
    return f"# yaml-language-server: $schema={url}\n"


def _site_url(root: Path) -> str | None:
    path = root / "mkdocs.yml"
    if not path.is_file():
        return None
    match = re.search(
        r"^site_url:\s*['\"]?([^'\"\s#]+)", path.read_text("utf-8", "replace"), re.MULTILINE
    )
    return match.group(1) if match else None


# -- checking and writing -------------------------------------------------------------------


def problems_in(root: Path, rel: str, text: str) -> list[Diagnostic]:
    """Errors the ledger would have in `rel` if it held `text` (other records read from disk)."""
    files, _ = discover(root)
    added, naming = classify([rel])
    records = sorted([f for f in files if f.path != rel] + added, key=lambda f: f.path)

    def read(record: RecordFile) -> bytes:
        return text.encode("utf-8") if record.path == rel else (root / record.path).read_bytes()

    result = validate_files(records, read, naming)
    return [d for d in result.diagnostics if d.pos.path == rel and d.severity == "error"]


def write_new(path: Path, text: str) -> None:
    """Create `path` with `text`; never replaces an existing file, even one made meanwhile."""
    if path.exists():
        raise _exists(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = _temp(path)
    try:
        tmp.write_text(text, "utf-8")
        try:
            os.link(tmp, path)  # atomic, and fails if the name is taken
        except FileExistsError:
            raise _exists(path) from None
    finally:
        tmp.unlink(missing_ok=True)


def replace_file(path: Path, text: str) -> None:
    """Replace `path`'s content atomically, so a reader never sees half a record."""
    tmp = _temp(path)
    try:
        tmp.write_text(text, "utf-8")
        os.chmod(tmp, path.stat().st_mode & 0o7777)
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def _temp(path: Path) -> Path:
    return path.with_name(f".{path.name}.{os.getpid()}.tmp")


def _exists(path: Path) -> LedgerError:
    return LedgerError(
        f"{path} already exists",
        "choose another id with --id; existing records are never overwritten",
    )


# -- finding records ------------------------------------------------------------------------


def records_of(root: Path, kind: str) -> dict[str, str]:
    files, _ = discover(root)
    return {f.id: f.path for f in files if f.kind == kind}


def find_incident(root: Path, ref: str) -> str:
    """An incident id or a path → the record's path relative to the root."""
    known = records_of(root, "incident")
    if ref in known:
        return known[ref]
    as_path = Path(ref)
    if as_path.is_file():
        rel = os.path.relpath(as_path.resolve(), root.resolve())
        if rel in known.values():
            return rel
    raise LedgerError(
        f"no incident {ref!r} in {root}/incidents",
        "give the incident's id (its file name without .yaml) or its path",
    )


def check_new_id(root: Path, kind: str, record_id: str) -> None:
    if not ID_PATTERN.match(record_id):
        raise LedgerError(
            f"{record_id!r} is not a valid id",
            "use lowercase letters, digits, '.', '_' and '-', starting with a letter or digit",
        )
    taken = records_of(root, kind)
    if record_id in taken:
        raise LedgerError(
            f"{kind} id {record_id!r} is already used by {taken[record_id]}",
            "choose another id with --id; existing records are never overwritten",
        )


def free_id(root: Path, kind: str, base: str) -> str:
    """`base`, or `base-2`, `base-3`… : the first id not taken (for date-derived ids)."""
    taken = records_of(root, kind)
    candidate, n = base, 1
    while candidate in taken:
        n += 1
        candidate = f"{base}-{n}"
    return candidate


def days_after(day: date, days: int) -> str:
    return (day + timedelta(days=days)).isoformat()


def edit_incident(text: str, key: str, maker: yaml_edit.ItemMaker, rel: str) -> str:
    doc = parse(rel, text)
    if isinstance(doc, Diagnostic):
        raise LedgerError(
            f"{rel} cannot be read: {doc.message}", "fix the record first (`ledger validate`)"
        )
    return yaml_edit.append_to_list(text, doc.node, key, maker)


@dataclass(frozen=True, slots=True)
class Outcome:
    """What a write did: the file, and the errors that stopped it (nothing written then)."""

    path: Path
    problems: list[Diagnostic]


def create(
    root: Path, kind: str, rel: str, body: str, *, dry_run: bool = False
) -> tuple[Outcome, str]:
    """Write a new record at `rel` (schema comment first) unless it would be invalid."""
    text = modeline(root, rel, kind) + body
    problems = problems_in(root, rel, text)
    if not problems and not dry_run:
        write_new(root / rel, text)
    return Outcome(root / rel, problems), text


def append(root: Path, rel: str, key: str, maker: yaml_edit.ItemMaker) -> Outcome:
    """Add one item to the incident's `key` list, keeping every other byte of the file."""
    path = root / rel
    text = path.read_text("utf-8")
    new = edit_incident(text, key, maker, rel)
    problems = problems_in(root, rel, new)
    if not problems:
        replace_file(path, new)
    return Outcome(path, problems)


def next_item_id(root: Path, rel: str, key: str, prefix: str) -> str:
    """`prefix-N` with N one past the highest such id already in the incident's `key` list."""
    doc = load_bytes(rel, (root / rel).read_bytes())
    items = doc.data.get(key) if isinstance(doc, Document) else None
    used = {str(item.get("id")) for item in items or [] if isinstance(item, dict)}
    n = 1
    while f"{prefix}-{n}" in used:
        n += 1
    return f"{prefix}-{n}"
