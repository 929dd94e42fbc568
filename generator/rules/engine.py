"""Judge a ledger at an instant: every rule in the registry, waivers, and open vs history.

Deadline rules see the as-of view (`asof.view`): facts dated after `as_of` have not happened.
Consistency and history rules see the whole ledger. A finding with `done` set was met late:
it is history, never a failure. An open finding on an incident is silenced by a waiver of its
rule (for its action item, when the waiver names one) up to 23:59:59 of the waiver's `until`
day in the policy zone.
"""

from __future__ import annotations

import gc
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from generator.diagnostics import Diagnostic, sort_diagnostics
from generator.model import Ledger
from generator.rules import REGISTRY, asof
from generator.rules.base import Context
from generator.values import end_of_day

# (incident path, rule name) → the action items a waiver covers; None covers all of them
Waivers = dict[tuple[str, str], set[str | None]]


@dataclass(frozen=True, slots=True)
class Evaluation:
    """`open`: findings still open at `as_of` (they fail CI by severity); `history`: deadlines
    met late, with `done` set. Both sorted by position."""

    as_of: datetime
    open: list[Diagnostic]
    history: list[Diagnostic]


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
        found = _run(ledger, ctx)
    finally:
        if was_enabled:
            gc.enable()
    waivers = active_waivers(ledger, ctx)
    still_open = [d for d in found if d.done is None and not _waived(d, waivers)]
    return Evaluation(
        ctx.as_of,
        sort_diagnostics(still_open),
        sort_diagnostics([d for d in found if d.done is not None]),
    )


def _run(ledger: Ledger, ctx: Context) -> list[Diagnostic]:
    seen = asof.view(ledger, ctx.as_of)
    found: list[Diagnostic] = []
    for module in REGISTRY.values():
        rule = module.RULE
        if ledger.policy.option(rule.name, "severity", None) == "off":
            continue
        found.extend(module.check(seen if rule.kind == "deadline" else ledger, ctx))
    return found


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
