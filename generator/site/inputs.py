"""What a site build is made from: the ledger, its findings, its history, and the stamps.

Everything the pages show comes from a `SiteInput`; nothing in `generator.site` reads the
clock, the disk or git, so the same input gives byte-identical files.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol

from generator.diagnostics import Diagnostic
from generator.model import Ledger


class Findings(Protocol):
    """What `generator.rules.engine.evaluate` returns: open findings and late-but-done ones."""

    @property
    def open(self) -> Sequence[Diagnostic]: ...

    @property
    def history(self) -> Sequence[Diagnostic]: ...


@dataclass(frozen=True, slots=True)
class NoFindings:
    """Findings before the rules engine exists, or when a build skips it."""

    open: Sequence[Diagnostic] = ()
    history: Sequence[Diagnostic] = ()


@dataclass(frozen=True, slots=True)
class Commit:
    """One commit touching a record: what the incident page's git history lists."""

    sha: str
    author: str
    at: datetime
    subject: str


@dataclass(frozen=True, slots=True)
class Slip:
    """An action item whose `due` changed in a commit (a due-date slip)."""

    item: str
    before: str
    after: str
    commit: Commit


@dataclass(frozen=True, slots=True)
class RecordHistory:
    """The git history of one record file, newest commit first."""

    commits: tuple[Commit, ...] = ()
    slips: tuple[Slip, ...] = ()


@dataclass(frozen=True, slots=True)
class SiteInput:
    """Everything a build shows. `built` is the only wall-clock value, and it is passed in."""

    ledger: Ledger
    as_of: datetime
    built: datetime
    commit: str = ""
    commit_time: datetime | None = None
    findings: Findings = field(default_factory=NoFindings)
    history: dict[str, RecordHistory] = field(default_factory=dict)  # by record path
    rules_markdown: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def feed_time(self) -> datetime:
        """The timestamp feeds and calendars carry: the commit's, else the as-of instant."""
        return self.commit_time or self.as_of
