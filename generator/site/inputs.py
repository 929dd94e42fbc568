"""What a site build is made from: the ledger, its findings, its history, and the stamps.

Everything the pages show comes from a `SiteInput`; nothing in `generator.site` reads the
clock, the disk or git, so the same input gives byte-identical files. The engine's
`Evaluation` is the judgement the site renders: its findings, its obligations (every date the
site shows is one of them) and its as-of view (the records as they stood at the instant).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from generator.model import Ledger
from generator.rules.engine import Evaluation
from generator.rules.obligation import Obligation


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
    """Everything a build shows. `built` is the only wall-clock value, and it is passed in.

    `ledger` is the records as committed; the pages show `view`, the ledger as it stood at
    `as_of` (facts dated later taken out), and the obligations and findings judged on it.
    """

    ledger: Ledger
    as_of: datetime
    built: datetime
    findings: Evaluation
    commit: str = ""
    commit_time: datetime | None = None
    history: dict[str, RecordHistory] = field(default_factory=dict)  # by record path
    rules_markdown: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def feed_time(self) -> datetime:
        """The timestamp feeds and calendars carry: the commit's, else the as-of instant."""
        return self.commit_time or self.as_of

    @property
    def view(self) -> Ledger:
        """The ledger as it stood at the as-of instant: what every page, count and export shows."""
        return self.findings.view if self.findings.view is not None else self.ledger

    @property
    def obligations(self) -> list[Obligation]:
        """Every obligation owed at the as-of instant (the engine leaves out those whose clock
        had not started), by due instant."""
        return self.findings.obligations


def history_at(found: RecordHistory | None, as_of: datetime) -> RecordHistory | None:
    """A record's git history up to the as-of instant: later commits and slips are left out."""
    if found is None:
        return None
    return RecordHistory(
        tuple(c for c in found.commits if c.at <= as_of),
        tuple(s for s in found.slips if s.commit.at <= as_of),
    )
