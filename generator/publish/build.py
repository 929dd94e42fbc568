"""The whole chain for one build: validate → evaluate → history → render → write the docs dir.

Used by `ledger build`/`ledger serve` and by the MkDocs plugin alike. Outside a git work tree
the pages say that no history was read; a shallow clone stops the build (its history would
be wrong), unless the history is turned off.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from generator import progress, report
from generator.diagnostics import Diagnostic
from generator.history import Commit as Commit_
from generator.history import History
from generator.judge import judge
from generator.publish import write
from generator.rules import catalogue_markdown
from generator.site.inputs import Commit, RecordHistory, SiteInput, Slip
from generator.site.render import render
from generator.validate import validate


@dataclass(frozen=True, slots=True)
class Outcome:
    ok: bool
    diagnostics: list[Diagnostic]
    files: int = 0
    written: int = 0
    inputs: SiteInput | None = field(default=None, repr=False)

    def problems(self) -> str:
        return report.text([d for d in self.diagnostics if d.severity == "error"])


def prepare(
    root: Path,
    docs_dir: Path,
    *,
    as_of_text: str | None = None,
    now: datetime | None = None,
    site_url: str = "",
    history: bool = True,
) -> Outcome:
    """Generate the docs dir for the ledger at `root`; invalid records stop before any write.

    `as_of_text` reads as `ledger check --as-of` does (a date: its end in the policy zone).
    """
    now = now or datetime.now(UTC)
    result = validate(root)  # ticks "reading records"
    if not result.ok:
        return Outcome(False, result.diagnostics)
    # the one verdict; a site must not be published from a shallow or damaged history (the
    # history read ticks "reading git history", then the rules run)
    judged = judge(
        root, as_of=as_of_text, now=now, history=history, strict_history=True, result=result
    )
    progress.tick("checking deadlines, incidents", len(result.ledger.incidents))
    log = judged.history
    inputs = SiteInput(
        ledger=result.ledger,
        as_of=judged.as_of,
        built=now,
        findings=judged.evaluation,
        commit=log.head or "" if log else "",
        commit_time=judged.commit_time,
        history=record_histories(log),
        rules_markdown=catalogue_markdown(),
        extra={"site_url": site_url},
    )
    progress.tick("rendering pages, incidents", len(result.ledger.incidents))
    files = render(inputs)
    progress.tick("writing the docs dir, files", len(files))
    written = write.sync(files, docs_dir)
    progress.end()
    return Outcome(True, result.diagnostics, len(files), written, inputs)


def record_histories(log: History | None) -> dict[str, RecordHistory]:
    """generator.history's per-file facts → what the incident pages show (newest first)."""
    if log is None:
        return {}
    out = {}
    for path, found in log.files.items():
        commits = {sha: _commit(log.commits[sha]) for sha in found.commits if sha in log.commits}
        slips = tuple(
            Slip(c.item or "", c.old or "", c.new or "", commits[c.commit])
            for c in found.changes
            if c.field == "due" and c.item and c.old and c.commit in commits
        )
        out[path] = RecordHistory(tuple(reversed(list(commits.values()))), slips)
    return out


def _commit(c: Commit_) -> Commit:
    return Commit(c.sha, c.author, c.committed, c.subject)
