"""Judge a ledger at an instant: every rule in the registry, waivers, and open vs history.

Deadline rules declare obligations (`obligations(ledger, ctx)`, see `obligation.py`); the
engine fills in their owners, applies waivers and turns each late one into an open finding
and each one met late or missed into history. Rules without a due date (`check(ledger, ctx)`)
give findings directly. Every rule sees the as-of view (`asof.view`): facts dated after
`as_of` have not happened; only `future-date`, which compares facts with the real clock, and
the history rules see the whole ledger. A finding with `done` set was met late: it is history,
never a failure. A late obligation on an incident is waived by a waiver of its rule (for its
action item, when the waiver names one) up to 23:59:59 of the waiver's `until` day in the
policy zone.
"""

from __future__ import annotations

import gc
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import Any

from generator.diagnostics import Diagnostic, sort_diagnostics
from generator.model import Ledger
from generator.rules import REGISTRY, asof
from generator.rules.base import Context
from generator.rules.obligation import Obligation, sort_key
from generator.values import end_of_day

# compare facts with the real clock, not the as-of instant: they see every fact
SEES_WHOLE_LEDGER = frozenset({"future-date"})

# (incident path, rule name) → the action items a waiver covers; None covers all of them
Waivers = dict[tuple[str, str], set[str | None]]


@dataclass(frozen=True, slots=True)
class Evaluation:
    """`open`: findings still open at `as_of` (they fail CI by severity); `history`: deadlines
    met late, with `done` set. Both sorted by position."""

    as_of: datetime
    open: list[Diagnostic]
    history: list[Diagnostic]
    # every obligation at as_of, by due instant (with keep_history=False only the late ones,
    # without their owners)
    obligations: list[Obligation] = field(default_factory=list)
    # the ledger as it stood at as_of (asof.view): what every page and count shows
    view: Ledger | None = None


def evaluate(
    ledger: Ledger,
    *,
    as_of: datetime,
    now: datetime,
    history: Any = None,
    keep_history: bool = True,
) -> Evaluation:
    """Judge `ledger` at `as_of`; with `keep_history=False` the deadlines met late are not
    built (`Evaluation.history` is empty), which is what a plain CI check needs."""
    ctx = Context(as_of.astimezone(UTC), now.astimezone(UTC), ledger.policy, history, keep_history)
    was_enabled = gc.isenabled()
    gc.disable()  # findings are acyclic; collecting over the loaded ledger costs more than the rules
    try:
        seen = asof.view(ledger, ctx.as_of)
        found, declared = _run(ledger, seen, ctx)
    finally:
        if was_enabled:
            gc.enable()
    waivers = active_waivers(ledger, ctx)
    owners = Owners(ledger)
    # who must act is shown by `due` and the site; a plain check reports no owners
    owned = (o.with_owner(owners.of(o)) if keep_history else o for o in declared)
    obligations = sorted(
        (
            _waive(o, waivers, ctx.as_of)
            for o in owned
            if o.starts is None or o.starts <= ctx.as_of  # a clock not started yet owes nothing
        ),
        key=sort_key,
    )
    for o in obligations:
        d = o.finding(ctx.as_of)
        if d is not None:
            found.append(d)
    still_open = [d for d in found if d.done is None and not _waived(d, waivers)]
    return Evaluation(
        ctx.as_of,
        sort_diagnostics(still_open),
        sort_diagnostics([d for d in found if d.done is not None]),
        obligations,
        seen,
    )


def _run(ledger: Ledger, seen: Ledger, ctx: Context) -> tuple[list[Diagnostic], list[Obligation]]:
    found: list[Diagnostic] = []
    declared: list[Obligation] = []
    enabled = [
        module
        for module in REGISTRY.values()
        if ledger.policy.option(module.RULE.name, "severity", None) != "off"
    ]
    for module in enabled:
        if hasattr(module, "obligations"):
            declared.extend(module.obligations(seen, ctx))
    # the history rules compare recorded facts with the deadlines they met: every obligation
    every = declared
    if ctx.history is not None and not ctx.keep_history:
        full = replace(ctx, keep_history=True)
        every = [o for m in enabled if hasattr(m, "obligations") for o in m.obligations(seen, full)]
    ctx.obligations[:] = every
    for module in enabled:
        rule = module.RULE
        whole = rule.kind == "history" or rule.name in SEES_WHOLE_LEDGER
        if hasattr(module, "check"):
            found.extend(module.check(ledger if whole else seen, ctx))
    return found, declared


def _waive(o: Obligation, waivers: Waivers, as_of: datetime) -> Obligation:
    if o.state(as_of) != "late":
        return o
    items = waivers.get((o.pos.path, o.rule))
    if items is not None and (None in items or o.item in items):
        return replace(o, waived=True)
    return o


class Owners:
    """Who must act on a record's obligations: the incident's owner, the contact's current
    owner, the owner of the contact a problem report came in through (else its channel)."""

    def __init__(self, ledger: Ledger) -> None:
        self.ledger = ledger

    def of(self, o: Obligation) -> str:
        kind = o.kind
        if kind == "incident":
            incident = self.ledger.incidents.get(o.record)
            return incident.owner if incident is not None else ""
        if kind == "contact":
            return self.contact(o.record)
        if kind == "problem-report":
            report = self.ledger.problem_reports.get(o.record)
            if report is None:
                return ""
            return self.contact(report.channel) or report.channel
        return ""

    def contact(self, ident: str) -> str:
        contact = self.ledger.contacts.get(ident)
        if contact is None or not contact.owners:
            return ""
        current = [o.owner for o in contact.owners if o.until is None]
        return current[-1] if current else contact.owners[-1].owner


def active_waivers(ledger: Ledger, ctx: Context) -> Waivers:
    waivers: Waivers = {}
    for incident in ledger.incidents.values():
        for waiver in incident.waivers:
            if ctx.as_of <= end_of_day(waiver.until, ctx.policy.timezone):
                waivers.setdefault((incident.path, waiver.rule), set()).add(waiver.item)
    return waivers


def _waived(d: Diagnostic, waivers: Waivers) -> bool:
    items = waivers.get((d.pos.path, d.name))
    return items is not None and (None in items or _item(d.extra) in items)


def _item(extra: Iterable[tuple[str, str]]) -> str | None:
    return next((value for key, value in extra if key == "item"), None)
