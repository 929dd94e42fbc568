"""The commitments in force at each moment, read from git history: what was agreed, and when.

A deadline is judged against the commitment in force when it fell due, not against today's
files: a due date or an agreed next update moved after it had passed does not erase the miss.
Without history (no repository, or history not read) the only commitment is the record's
current value, in force from the start.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from generator.rules.base import Context


@dataclass(frozen=True, slots=True)
class Term:
    """One agreed date and when it was agreed.

    `since` is the commit time that set it (None: no history, so from the start); `first` marks
    the value a record was first committed with: it records what was agreed, it re-dates
    nothing (a ledger written after the fact is not late for having been written late).
    """

    day: date
    since: datetime | None
    first: bool


def dates(
    ctx: Context, path: str, field: str, item: str | None, current: date | None
) -> list[Term]:
    """The dates `field` (of action item `item`) held up to as-of, oldest first.

    Commits after as-of have not happened; when none is left, today's value stands alone (as
    without history). An uncommitted change to the work tree counts from the real clock's now,
    when that is not after as-of. Empty when the field is not set.
    """
    log = ctx.history
    if log is None:
        return [] if current is None else [Term(current, None, True)]
    terms: list[Term] = []
    last_value: str | None = None
    for change in log.changes(path, field, item=item):
        committed = log.commits[change.commit].committed
        last_value = change.new
        if committed > ctx.as_of or change.new is None:
            continue
        try:
            day = date.fromisoformat(change.new)
        except ValueError:
            continue
        if not terms or terms[-1].day != day:
            terms.append(Term(day, committed, not terms))
    if current is None:
        return terms
    if not terms:
        # nothing committed by as-of (the record was written later): today's value is all
        # that is known, as without history
        return [Term(current, None, True)]
    if last_value != current.isoformat() and ctx.now <= ctx.as_of:
        terms.append(Term(current, ctx.now, False))  # an uncommitted change
    return terms
