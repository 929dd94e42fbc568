"""Write new records and append to incidents: valid skeletons, derived ids and dates.

Every write is checked first: the new text is validated together with the rest of the ledger
(through `validate_files` with a reader that serves the new text), and nothing is written
when it would be invalid. New files are never overwritten (the final step is a hard link,
which fails when the name is taken); edits replace the file atomically (temp file + rename).
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, tzinfo
from pathlib import Path, PurePosixPath

from generator import yaml_edit
from generator.construct import build_policy
from generator.diagnostics import Diagnostic
from generator.discover import ID_PATTERN, RecordFile, as_record_path, classify, discover
from generator.errors import LedgerError
from generator.load import Document, decode, load_bytes, parse
from generator.validate import read_capped, validate_files
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
    """The policy's time zone; the policy is found and read as `validate` does (same limits)."""
    files, _ = discover(root)
    for record in files:
        if record.kind == "policy":
            try:
                doc = load_bytes(record.path, read_capped(root / record.path))
            except OSError:
                break  # `validate` reports it; a date typed here is read in UTC meanwhile
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
    try:  # within the repository and the size cap, like a record
        if not path.resolve(strict=True).is_relative_to(root.resolve()):
            return None
        text = read_capped(path).decode("utf-8", "replace")
    except (OSError, RuntimeError):
        return None
    match = re.search(r"^site_url:\s*['\"]?([^'\"\s#]+)", text, re.MULTILINE)
    return match.group(1) if match else None


# -- checking and writing -------------------------------------------------------------------


def problems_in(root: Path, rel: str, text: str) -> list[Diagnostic]:
    """Errors the ledger would have in `rel` if it held `text` (other records read from disk)."""
    files, _ = discover(root)
    added, naming = classify([rel])
    records = sorted([f for f in files if f.path != rel] + added, key=lambda f: f.path)

    def read(record: RecordFile) -> bytes:
        return text.encode("utf-8") if record.path == rel else read_capped(root / record.path)

    result = validate_files(records, read, naming)
    return [d for d in result.diagnostics if d.pos.path == rel and d.severity == "error"]


def write_new(path: Path, text: str) -> None:
    """Create `path` with `text`; never replaces an existing file, even one made meanwhile.

    On failure (a full disk) nothing is left: no temp file, and no folder this call made.
    """
    if path.exists():
        raise _exists(path)
    made = _make_folders(path.parent)
    tmp = _temp(path)
    try:
        _write_temp(tmp, text)  # bytes: "\n" stays "\n" on Windows too
        try:
            os.link(tmp, path)  # atomic, and fails if the name is taken
        except FileExistsError:
            raise _exists(path) from None
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        for folder in made:  # deepest first; a folder someone filled meanwhile stays
            with contextlib.suppress(OSError):
                folder.rmdir()
        raise _write_failed(exc, path) from None
    finally:
        tmp.unlink(missing_ok=True)


def replace_file(path: Path, text: str) -> None:
    """Replace `path`'s content atomically, so a reader never sees half a record."""
    tmp = _temp(path)
    try:
        _write_temp(tmp, text)
        os.chmod(tmp, path.stat().st_mode & 0o7777)
        os.replace(tmp, path)
    except OSError as exc:
        raise _write_failed(exc, path) from None
    finally:
        tmp.unlink(missing_ok=True)


def _make_folders(folder: Path) -> list[Path]:
    """Create `folder` and its missing parents; the ones this call created, deepest first."""
    missing = []
    while not folder.exists() and folder != folder.parent:
        missing.append(folder)
        folder = folder.parent
    made: list[Path] = []
    for step in reversed(missing):
        try:
            step.mkdir()
        except FileExistsError:
            continue  # made meanwhile by another writer: theirs, not ours to remove
        except OSError as exc:
            for mine in reversed(made):
                with contextlib.suppress(OSError):
                    mine.rmdir()
            raise _write_failed(exc, step) from None
        made.append(step)
    return made[::-1]


def _write_failed(exc: OSError, path: Path) -> LedgerError:
    fix = (
        "free some space on that disk, then run the command again"
        if exc.errno == errno.ENOSPC
        else "check that the folder is writable, then run the command again"
    )
    return LedgerError(f"cannot write {path} ({exc.strerror or exc}); nothing was changed", fix)


def _write_temp(tmp: Path, text: str) -> None:
    """Write a fresh temp file: never through a link or into a file already there (a planted
    link named like our temp file would otherwise have its target overwritten)."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
    try:
        fd = os.open(tmp, flags, 0o666)
    except FileExistsError:  # left by a killed run with this pid, or planted: ours to replace
        tmp.unlink()
        fd = os.open(tmp, flags, 0o666)
    with open(fd, "wb") as handle:
        handle.write(text.encode("utf-8"))


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
    if as_record_path(ref) in known.values():
        return as_record_path(ref)
    as_path = Path(as_record_path(ref))
    if as_path.is_file():
        rel = Path(os.path.relpath(as_path.resolve(), root.resolve())).as_posix()
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


def record_text(root: Path, rel: str) -> str:
    """A record's text, read within the same limits as `validate` (size, file type)."""
    try:
        text = decode(rel, read_capped(root / rel))
    except OSError as exc:
        raise LedgerError(
            f"cannot read {rel}: {exc.strerror or exc}", "check the file, then run it again"
        ) from None
    if isinstance(text, Diagnostic):
        raise LedgerError(f"{rel} cannot be read: {text.message}", text.hint)
    return text


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
    text = record_text(root, rel)
    ending = "\r\n" if "\r\n" in text else "\n"  # a file saved on Windows keeps its line ends
    new = edit_incident(text.replace("\r\n", "\n"), key, maker, rel).replace("\n", ending)
    problems = problems_in(root, rel, new)
    if not problems:
        replace_file(path, new)
    return Outcome(path, problems)


def next_item_id(root: Path, rel: str, key: str, prefix: str) -> str:
    """`prefix-N` with N one past the highest such id already in the incident's `key` list."""
    doc = parse(rel, record_text(root, rel))
    items = doc.data.get(key) if isinstance(doc, Document) else None
    used = {str(item.get("id")) for item in items or [] if isinstance(item, dict)}
    n = 1
    while f"{prefix}-{n}" in used:
        n += 1
    return f"{prefix}-{n}"
