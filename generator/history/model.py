"""What the history knows: commits, each record's commits, the field changes auditors ask about.

All of it is plain frozen data (JSON-friendly, so it can be cached); `History` answers the
questions the CLI, the rules and the site ask: created, last changed, authors, slips.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime


@dataclass(frozen=True, slots=True)
class Commit:
    sha: str
    author: str
    email: str
    authored: datetime  # aware UTC
    committed: datetime
    subject: str
    merge: bool = False

    @property
    def short(self) -> str:
        return self.sha[:10]


@dataclass(frozen=True, slots=True)
class FieldChange:
    """A change of one audited field in one commit.

    `field` is `status` or `due` (with `item` set for an action item; `status` alone is the
    incident's) or `owner` (a contact's current owner). `old` is None when the value appeared.
    """

    field: str
    item: str | None
    old: str | None
    new: str | None
    commit: str

    @property
    def slip_days(self) -> int | None:
        """For a due date moved from one date to another: by how many days (negative = earlier)."""
        if self.field != "due" or self.old is None or self.new is None:
            return None
        try:
            return (date.fromisoformat(self.new) - date.fromisoformat(self.old)).days
        except ValueError:
            return None


@dataclass(frozen=True, slots=True)
class Recorded:
    """The first commit that recorded a dated claim: an update, an answer or a completion.

    `key` names the claim within the record: the update's `at` as written, the question id or
    the action item id; `claimed` is the claimed day as written (its own time zone).
    """

    what: str  # update | answer | completion
    key: str
    text: str
    claimed: date
    commit: str


@dataclass(frozen=True, slots=True)
class FileHistory:
    path: str
    former_paths: tuple[str, ...]  # older names, oldest first (renames followed)
    commits: tuple[str, ...]  # shas, oldest first
    changes: tuple[FieldChange, ...] = ()
    recorded: tuple[Recorded, ...] = ()
    uncommitted: str | None = None  # added | modified | deleted | renamed | untracked


@dataclass(frozen=True, slots=True)
class History:
    """The parsed history of a ledger's record files at one HEAD."""

    head: str | None
    commits: Mapping[str, Commit]
    files: Mapping[str, FileHistory]
    shallow: bool = False
    cached: bool = field(default=False, compare=False)

    def file(self, path: str) -> FileHistory | None:
        return self.files.get(path)

    def created(self, path: str) -> Commit | None:
        found = self.files.get(path)
        return self.commits[found.commits[0]] if found and found.commits else None

    def last_changed(self, path: str) -> Commit | None:
        found = self.files.get(path)
        return self.commits[found.commits[-1]] if found and found.commits else None

    def authors(self, path: str) -> list[str]:
        """Distinct authors of a file, in order of their first commit to it."""
        found = self.files.get(path)
        names = [self.commits[sha].author for sha in found.commits] if found else []
        return list(dict.fromkeys(names))

    def changes(
        self, path: str, field_name: str, *, item: str | None = None, until: datetime | None = None
    ) -> list[FieldChange]:
        """Changes of one field of a record (of action item `item`), committed by `until`."""
        found = self.files.get(path)
        if found is None:
            return []
        return [
            c
            for c in found.changes
            if c.field == field_name
            and c.item == item
            and (until is None or self.commits[c.commit].committed <= until)
        ]


# 3000-01-01T00:00Z: past the last year a record date may name (values.MAX_YEAR)
LATEST = 32503680000


def epoch(seconds: int) -> datetime:
    """A git timestamp as a UTC datetime; one before 1970 or after 2999 (a forged or broken
    commit: git itself shows unreadable dates as 1970) is read as 1970-01-01T00:00Z."""
    return datetime.fromtimestamp(seconds if 0 <= seconds < LATEST else 0, UTC)
