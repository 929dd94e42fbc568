"""One verdict: read the ledger, its history and the as-of instant, and judge it once.

`check`, `due`, `build` (and the MkDocs plugin), `diff`, `export` and `track-issue` call
`judge` and render what it returns; none of them computes a due date or reads `--as-of` on
its own. The pipeline:

    records  = validate(read(root, at))             ingest
    history  = the git history, when there is one     history (one pass, cached)
    view     = the ledger as it stood at as_of        rules/asof
    obligations, findings = every rule on the view    rules/engine
"""

from __future__ import annotations

import gc
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from generator.diagnostics import Diagnostic, sort_diagnostics
from generator.errors import LedgerError
from generator.model import Ledger
from generator.rules.engine import Evaluation, evaluate
from generator.rules.obligation import Obligation
from generator.validate import Result, read_ledger
from generator.values import parse_as_of

if TYPE_CHECKING:
    from generator.history import History

NO_HISTORY = (
    "skipped the history rules, and judged deadlines with the records' current due dates and"
    " next update, not the ones in force at each moment"
)


@dataclass(frozen=True, slots=True)
class Judgement:
    result: Result  # the validated records (and their diagnostics)
    as_of: datetime  # UTC
    now: datetime  # UTC: the real clock (future-date compares with it)
    history: History | None
    evaluation: Evaluation

    @property
    def obligations(self) -> list[Obligation]:
        return self.evaluation.obligations

    @property
    def open(self) -> list[Diagnostic]:
        return self.evaluation.open

    @property
    def commit_time(self) -> datetime | None:
        """When HEAD (or `--at`) was committed: the stamp feeds and calendars carry."""
        log = self.history
        head = log.commits.get(log.head) if log is not None and log.head else None
        return head.committed if head is not None else None

    @property
    def late(self) -> list[Diagnostic]:
        """Deadlines met late or missed: the history `check --history` lists."""
        return self.evaluation.history


Warn = Callable[[str], None]


def history_of(root: Path, at: str | None, warn: Warn, *, strict: bool = False) -> History | None:
    """The git history when it can be read; otherwise None, with one warning that says why.

    Deadlines are still judged without it (with today's commitments), so a shallow clone or a
    missing git only warns (with `strict`, as for a site to publish, it stops the command);
    outside a repository it is said once, as a note.
    """
    from generator.history import try_history

    try:
        found = try_history(root, at)
    except LedgerError as exc:
        if strict:
            raise
        warn(f"warning: {exc.what} — {exc.fix}; {NO_HISTORY}")
        return None
    if found is None:
        warn(f"note: not a git repository: {NO_HISTORY}")
    return found


def judge(
    root: Path,
    *,
    at: str | None = None,
    as_of: str | datetime | None = None,
    now: datetime | None = None,
    history: bool = True,
    keep_history: bool = True,
    result: Result | None = None,
    warn: Warn = lambda message: None,
    strict_history: bool = False,
) -> Judgement:
    """Judge the ledger at `root` (as committed in `at`) as of an instant.

    `as_of` is `--as-of` as the user wrote it (see `values.parse_as_of`) or an instant;
    `history=False` skips git (deadlines then use today's commitments); `keep_history=False`
    builds only what can be an open finding (a plain CI check).
    """
    # the records, the history and the obligations are millions of small acyclic objects:
    # every full collection would walk them all again (9 s of 24 on 10,000 incidents)
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        return _judge(root, at, as_of, now, history, keep_history, result, warn, strict_history)
    finally:
        if was_enabled:
            gc.enable()


def _judge(
    root: Path,
    at: str | None,
    as_of: str | datetime | None,
    now: datetime | None,
    history: bool,
    keep_history: bool,
    result: Result | None,
    warn: Warn,
    strict_history: bool,
) -> Judgement:
    now = (now or datetime.now(UTC)).astimezone(UTC)
    notes: list[str] = []  # said once the records and --as-of are known to be good
    with ThreadPoolExecutor(max_workers=1) as pool:
        # git and its parsing workers read the history while this thread reads the records
        pending = (
            pool.submit(history_of, root, at, notes.append, strict=strict_history)
            if history
            else None
        )
        result = result if result is not None else read_ledger(root, at)
    zone = result.ledger.policy.timezone
    moment = as_of.astimezone(UTC) if isinstance(as_of, datetime) else parse_as_of(as_of, zone, now)
    log = pending.result() if pending is not None else None
    for note in notes:
        warn(note)
    evaluation = evaluate(
        result.ledger, as_of=moment, now=now, history=log, keep_history=keep_history
    )
    if result.ledger.policy.bugzilla and at is None:
        drift = reconciled(root, result.ledger, moment)
        evaluation = replace(evaluation, open=sort_diagnostics([*evaluation.open, *drift]))
    return Judgement(result, moment, now, log, evaluation)


def reconciled(root: Path, ledger: Ledger, as_of: datetime) -> list[Diagnostic]:
    """Where the ledger and the saved Bugzilla snapshot the policy names disagree (LDG401-406).

    The snapshot is read from the work tree, inside the repository only."""
    from generator.importers import bugzilla
    from generator.importers.bugzilla_reconcile import reconcile

    settings = ledger.policy.bugzilla or {}
    snapshot = root / str(settings["snapshot"])
    if not snapshot.resolve().is_relative_to(root.resolve()) or not snapshot.exists():
        raise LedgerError(
            f"the policy's bugzilla snapshot {settings['snapshot']!r} is not a file or folder"
            " inside the ledger",
            "save the Bugzilla replies under the ledger root and name that path in"
            " ledger/policy.yaml (`bugzilla: {snapshot: …}`)",
        )
    bugs = bugzilla.load([snapshot])
    base = str(settings.get("base_url", "https://bugzilla.mozilla.org"))
    accounts = frozenset(str(a) for a in settings.get("accounts", ()))
    return reconcile(ledger, bugs, base, as_of, accounts)
