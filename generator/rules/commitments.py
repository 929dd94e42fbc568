"""The commitments in force at each moment, read from git history: what was agreed, and when.

A deadline is judged against the commitment in force when it fell due, not against today's
files: a due date moved after it had passed does not erase the miss. Without history (no
repository, or history not read) the only commitment is the record's current value.
"""

from __future__ import annotations

from datetime import date, datetime

from generator.rules.base import Context

Term = tuple[date, datetime | None]  # (the agreed date, the commit time it was set; None: first)


def dates(ctx: Context, path: str, field: str, item: str | None, current: date) -> list[Term]:
    """The dates `field` (of action item `item`) held up to as-of, oldest first.

    The first value counts from the start; each later change from the time it was committed.
    Commits after as-of have not happened. An uncommitted change to the work tree counts from
    the real clock's now, when that is not after as-of.
    """
    log = ctx.history
    if log is None:
        return [(current, None)]
    every = log.changes(path, field, item=item)
    terms: list[Term] = []
    last_value: str | None = None
    for change in every:
        committed = log.commits[change.commit].committed
        last_value = change.new
        if committed > ctx.as_of or change.new is None:
            continue
        try:
            day = date.fromisoformat(change.new)
        except ValueError:
            continue
        if not terms or (change.old is None and terms[-1][0] == day):
            terms = terms or [(day, None)]
            continue
        if terms[-1][0] != day:
            terms.append((day, committed))
    if last_value != current.isoformat() and ctx.now <= ctx.as_of:
        terms.append((current, ctx.now if terms else None))  # an uncommitted change
    return terms or [(current, None)]
