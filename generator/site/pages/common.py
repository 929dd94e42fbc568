"""Pieces several pages show: findings tables, action item marks, record links."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from generator.diagnostics import Diagnostic
from generator.model import ActionItem, Incident, Ledger, Policy
from generator.rules import REGISTRY
from generator.rules.obligation import Obligation
from generator.site import md, paths, safe
from generator.values import format_delay

# Searching skips verbose sections so the index stays small at thousands of incidents.
QUIET = " { data-search-exclude }"
LIVE = ("open", "late", "waived")  # obligation states still owed at the as-of instant


@dataclass(frozen=True, slots=True)
class Marks:
    """How an action item stands at the as-of instant: its `action-item-overdue` obligation's
    state (late: overdue; open and due within the `action-item-due-soon` window: due soon)."""

    as_of: datetime
    soon_days: int
    items: Mapping[tuple[str, str], Obligation] = field(default_factory=dict)

    @classmethod
    def judged(cls, as_of: datetime, policy: Policy, obligations: Iterable[Obligation]) -> Marks:
        items: dict[tuple[str, str], Obligation] = {}
        for o in obligations:
            if o.rule != "action-item-overdue" or o.item is None:
                continue
            # an item re-dated after it passed has a missed obligation and a current one: the
            # current one (open, late or waived) marks it
            key = (o.record, o.item)
            if key not in items or o.state(as_of) in LIVE:
                items[key] = o
        return cls(as_of, int(rule_option(policy, "action-item-due-soon", "days")), items)

    def open(self, item: ActionItem) -> bool:
        """Open at the as-of instant (the view's status: a completion dated later is not in it)."""
        return item.is_open

    def of(self, incident: str, item: ActionItem) -> str:
        o = self.items.get((incident, item.id))
        if o is None:
            return ""
        state = o.state(self.as_of)
        if state in ("late", "waived"):
            late = format_delay(self.as_of - o.due)
            waived = ", waived" if state == "waived" else ""
            return f'<span class="ledger-mark ledger-overdue">overdue {late}{waived}</span>'
        if state == "open" and o.due - self.as_of <= timedelta(days=self.soon_days):
            left = format_delay(o.due - self.as_of)
            return f'<span class="ledger-mark ledger-soon">due in {left}</span>'
        return ""


def rule_option(policy: Policy, rule: str, name: str) -> Any:
    """A rule's option as the policy sets it, else the rule's own default (one source)."""
    return policy.option(rule, name, REGISTRY[rule].RULE.options[name])


def is_open(incident: Incident, as_of: datetime) -> bool:
    """The one meaning of an open incident: opened by the as-of instant and open in the as-of
    view (closed only once its `closed` day has begun at the instant)."""
    return incident.status == "open" and incident.opened.utc <= as_of


def record_link(ledger: Ledger, page: str, path: str, record: str) -> str:
    """A link to the page showing the record at `path` (relative to the ledger root)."""
    if record in ledger.incidents and ledger.incidents[record].path == path:
        return md.link(record, page, paths.incident(record))
    if record in ledger.contacts and ledger.contacts[record].path == path:
        return md.link(record, page, paths.CONTACTS, paths.contact_anchor(record))
    if record in ledger.problem_reports and ledger.problem_reports[record].path == path:
        return md.link(record, page, paths.PROBLEMS, paths.problem_anchor(record))
    return safe.plain(record or path)


def record_of(ledger: Ledger, finding: Diagnostic) -> str:
    """The id of the record a finding is about (its file, else its `record` field)."""
    return ledger_ids(ledger).get(finding.pos.path, finding.record)


_IDS: dict[int, tuple[Ledger, dict[str, str]]] = {}


def ledger_ids(ledger: Ledger) -> dict[str, str]:
    """Record id by file path, computed once per ledger (pages ask for it thousands of times)."""
    cached = _IDS.get(id(ledger))
    if cached is not None and cached[0] is ledger:
        return cached[1]
    ids = {r.path: r.id for r in ledger.incidents.values()}
    ids.update({r.path: r.id for r in ledger.contacts.values()})
    ids.update({r.path: r.id for r in ledger.problem_reports.values()})
    _IDS.clear()
    _IDS[id(ledger)] = (ledger, ids)
    return ids


def findings_table(
    ledger: Ledger,
    page: str,
    findings: Sequence[Diagnostic],
    as_of: datetime,
    *,
    with_record: bool = True,
    done: bool = False,
) -> str:
    ids = ledger_ids(ledger)
    header = ["Record"] if with_record else []
    header += ["Rule", "Severity", "What", "Due", "Done late" if done else "Late by"]
    rows = []
    for f in findings:
        row = (
            [record_link(ledger, page, f.pos.path, ids.get(f.pos.path, f.record))]
            if with_record
            else []
        )
        late = ""
        if f.deadline is not None:
            late = (
                format_delay((f.done or as_of) - f.deadline)
                if (f.done or as_of) > f.deadline
                else ""
            )
        row += [
            f"`{f.code}` {safe.plain(f.name)}",
            f.severity,
            safe.inline(f.message),
            md.utc(f.deadline) if f.deadline else "",
            late,
        ]
        rows.append(row)
    return md.table(header, rows)


def by_deadline(findings: Sequence[Diagnostic]) -> list[Diagnostic]:
    """Findings with the longest-overdue first, then the rest in position order."""
    far = datetime.max.replace(tzinfo=None)
    return sorted(
        findings,
        key=lambda f: ((f.deadline.replace(tzinfo=None) if f.deadline else far), *f.sort_key()),
    )
