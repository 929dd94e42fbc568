"""What every rule module provides, and the context rules are judged in.

A rule module exports RULE (its metadata: name, code, severity, options, dates, source; the
module docstring is its user documentation) and `check(ledger, ctx) -> Iterator[Diagnostic]`.
A deadline finding carries `deadline` (when it fell due) and `done` (when it was finally met,
None while still open); the engine keeps open ones as failures and done-late ones as history.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING, Any, Literal

from generator.diagnostics import Diagnostic, Pos, Severity
from generator.model import Ledger, Policy
from generator.rules.sources import Source

if TYPE_CHECKING:
    from generator.rules.obligation import Obligation

Setting = Literal["error", "warning", "info", "off"]


@dataclass(frozen=True, slots=True)
class Rule:
    name: str
    code: str
    severity: Severity
    source: str
    doc: str
    kind: Literal["deadline", "consistency", "history"] = "deadline"
    options: Mapping[str, Any] = field(default_factory=dict)
    applies_from: date | None = None
    # the rule's strength over time, oldest first: (from this date, severity); empty = constant
    strengths: tuple[tuple[date, Severity], ...] = ()
    # the root programs that impose it; empty: the organisation's own commitment (always on)
    programs: frozenset[str] = frozenset()
    # the texts it follows, by date (generator.rules.sources); when given, they decide when the
    # rule applies, its strength, its programs and its citation, and `source` names the newest
    sources: tuple[Source, ...] = ()

    def __post_init__(self) -> None:
        if not self.sources:
            return
        newest = max(self.sources, key=lambda s: s.effective)
        if not self.source:
            object.__setattr__(self, "source", newest.cite())
        if self.applies_from is None:
            object.__setattr__(self, "applies_from", min(s.effective for s in self.sources))
        if not self.programs and all(s.programs for s in self.sources):
            object.__setattr__(
                self, "programs", frozenset().union(*(s.programs for s in self.sources))
            )


@dataclass(frozen=True, slots=True)
class Context:
    """The instant a ledger is judged at (`as_of`), the real clock (`now`) and the policy."""

    as_of: datetime
    now: datetime
    policy: Policy
    history: Any = None  # generator.history's per-record facts, when a git history was read
    # False when nobody will read the deadlines met late: rules may skip building them
    keep_history: bool = True
    _in_force: dict[tuple[str, date | None], tuple[Source, ...]] = field(
        default_factory=dict, compare=False, repr=False
    )
    # every obligation at as_of, filled by the engine before the rules without a due date run
    obligations: list[Obligation] = field(default_factory=list, compare=False, repr=False)
    _verdicts: dict[tuple[str, date | None], tuple[bool, Setting, str]] = field(
        default_factory=dict, compare=False, repr=False
    )

    def verdict(self, rule: Rule, at: datetime | None) -> tuple[bool, Setting, str]:
        """(applies, setting, citation) of `rule` for an event at `at`: what every obligation
        asks, computed once per rule and day (rules change at the policy zone's midnight)."""
        key = (rule.name, None if at is None else self.day(at))
        found = self._verdicts.get(key)
        if found is None:
            found = self._verdicts[key] = (
                self.applies(rule, at),
                self.setting(rule, at),
                self.cite(rule, at),
            )
        return found

    def in_force(self, rule: Rule, at: datetime | None) -> tuple[Source, ...]:
        """The rule's sources in force on the day of `at` that bind through the policy's
        programs (all that bind, when `at` is None)."""
        key = (rule.name, None if at is None else self.day(at))
        found = self._in_force.get(key)
        if found is None:
            day = key[1]
            found = tuple(
                s
                for s in rule.sources
                if s.binds(self.policy.programs) and (day is None or s.in_force(day))
            )
            self._in_force[key] = found
        return found

    def cite(self, rule: Rule, at: datetime | None) -> str:
        """The rule's source as it read on the day of `at`, with the programs it binds through."""
        sources = self.in_force(rule, at)
        if not sources:
            return rule.source
        day = self.day(at) if at is not None else None
        programs = sorted(frozenset().union(*(s.programs for s in sources)) & self.policy.programs)
        named = f" [{', '.join(programs)}]" if programs else ""
        return "; ".join(dict.fromkeys(s.cite(day) for s in sources)) + named

    def option(self, rule: Rule, name: str) -> Any:
        return self.policy.option(rule.name, name, rule.options[name])

    def setting(self, rule: Rule, at: datetime | None = None) -> Setting:
        """The severity configured in the policy, else the one in force at `at`."""
        configured = self.policy.option(rule.name, "severity", None)
        if configured is not None:
            return configured  # type: ignore[no-any-return]
        if rule.sources:
            strengths = {s.strength for s in self.in_force(rule, at)}
            for strongest in ("error", "warning", "info"):
                if strongest in strengths:
                    return strongest
        severity: Severity = rule.severity
        if at is not None:
            day = self.day(at)
            for since, strength in rule.strengths:
                if day >= since:
                    severity = strength
        return severity

    def day(self, moment: datetime) -> date:
        """The calendar day of `moment` in the policy time zone (rules change at its midnight)."""
        return moment.astimezone(self.policy.timezone).date()

    def applies(self, rule: Rule, at: datetime | None) -> bool:
        """Whether an event at `at` is judged by `rule`: on or after its `applies_from`, and
        imposed by one of the policy's programs (or by the organisation itself)."""
        if rule.sources:
            return bool(self.in_force(rule, at))
        if rule.programs and not rule.programs & self.policy.programs:
            return False
        return rule.applies_from is None or at is None or self.day(at) >= rule.applies_from


Check = Callable[[Ledger, Context], Iterator[Diagnostic]]


def finding(
    rule: Rule,
    ctx: Context,
    pos: Pos,
    message: str,
    *,
    record: str,
    deadline: datetime | None = None,
    done: datetime | None = None,
    at: datetime | None = None,
    hint: str = "",
    item: str | None = None,
    severity: Severity | None = None,
) -> Diagnostic | None:
    """A Diagnostic for `rule`, or None when the policy turns the rule off or the rule does
    not yet apply to the event at `at` (default: the deadline).

    `item` names the action item the finding is about (a waiver may silence just that one);
    `severity` is the rule's own choice for this finding (a policy setting still wins).
    """
    event = at if at is not None else deadline
    applies, setting, cite = ctx.verdict(rule, event)
    if not applies:
        return None
    if severity is not None and ctx.policy.option(rule.name, "severity", None) is None:
        setting = severity
    if setting == "off":
        return None
    extra = (("item", item),) if item is not None else ()
    return Diagnostic(
        pos,
        rule.code,
        rule.name,
        setting,
        message,
        hint,
        record,
        cite,
        deadline,
        done,
        extra,
    )
