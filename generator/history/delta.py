"""The compliance delta between two ledgers (two commits): what a pull request changes.

Pure: it takes the two typed ledgers and an as-of instant and returns plain data, ordered
by record and item id, so the same two commits always give the same delta.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import date, datetime
from typing import Any

from generator.diagnostics import Diagnostic
from generator.model import Contact, Incident, Ledger

Entry = dict[str, Any]


def delta(base: Ledger, head: Ledger, as_of: datetime) -> dict[str, list[Entry]]:
    return {
        "incidents": list(_incidents(base, head)),
        "action_items": list(_action_items(base, head)),
        "contacts": list(_contacts(base, head)),
        "deadlines": _new_deadlines(base, head, as_of.date()),
    }


def _incidents(base: Ledger, head: Ledger) -> Iterator[Entry]:
    for ident in sorted(base.incidents.keys() | head.incidents.keys()):
        old, new = base.incidents.get(ident), head.incidents.get(ident)
        change = _incident_change(old, new)
        if change:
            shown = new or old
            assert shown is not None
            yield {
                "incident": ident,
                "title": shown.title,
                "change": change,
                "resolution": new.resolution if new else None,
            }


def _incident_change(old: Incident | None, new: Incident | None) -> str | None:
    if new is None:
        return "removed"
    if old is None:
        return "opened" if new.status == "open" else "added-closed"
    if old.status != new.status:
        return "closed" if new.status == "closed" else "reopened"
    return None


def _action_items(base: Ledger, head: Ledger) -> Iterator[Entry]:
    for ident, new in head.incidents.items():
        old = base.incidents.get(ident)
        before = {a.id: a for a in old.action_items} if old else {}
        for item in new.action_items:
            prior = before.get(item.id)
            entry = {
                "incident": ident,
                "item": item.id,
                "due": item.due.isoformat(),
                "status": item.status,
            }
            if prior is None:
                yield {**entry, "change": "added"}
                continue
            if prior.due != item.due:
                yield {
                    **entry,
                    "change": "re-dated",
                    "from": prior.due.isoformat(),
                    "to": item.due.isoformat(),
                    "days": (item.due - prior.due).days,
                }
            if prior.status != item.status:
                change = "completed" if item.status == "complete" else "status"
                yield {
                    **entry,
                    "change": change,
                    "from": prior.status,
                    "to": item.status,
                    "completed": item.completed.isoformat() if item.completed else None,
                }


def _contacts(base: Ledger, head: Ledger) -> Iterator[Entry]:
    for ident in sorted(base.contacts.keys() | head.contacts.keys()):
        old, new = base.contacts.get(ident), head.contacts.get(ident)
        if new is None:
            yield {"contact": ident, "change": "removed"}
        elif old is None:
            yield {"contact": ident, "change": "added", "owner": _owner(new)}
        elif _owner(old) != _owner(new):
            yield {"contact": ident, "change": "owner", "from": _owner(old), "to": _owner(new)}
        elif old.retired != new.retired and new.retired is not None:
            yield {"contact": ident, "change": "retired", "on": new.retired.isoformat()}


def _owner(contact: Contact) -> str | None:
    current = [o.owner for o in contact.owners if o.until is None]
    return current[-1] if current else None


def _new_deadlines(base: Ledger, head: Ledger, today: date) -> list[Entry]:
    """Dated obligations present in head and not in base, due today or later, soonest first."""
    before = set(_deadlines(base))
    found = [d for d in _deadlines(head) if d not in before and d[0] >= today]
    return [
        {"due": due.isoformat(), "record": record, "what": what}
        for due, record, what in sorted(found)
    ]


def _deadlines(ledger: Ledger) -> Iterator[tuple[date, str, str]]:
    for ident, incident in ledger.incidents.items():
        if incident.status != "open":
            continue
        for item in incident.action_items:
            if item.is_open:
                yield item.due, ident, f"action item {item.id!r} due"
        if incident.next_update is not None:
            yield incident.next_update, ident, "next update agreed with the root program"
        if incident.close_on is not None:
            yield incident.close_on, ident, "closing date announced by the root program"
        for promise in incident.promises:
            if promise.kept is None:
                yield promise.due.day or promise.due.local.date(), ident, f"promise: {promise.what}"


def findings(before: Sequence[Diagnostic], after: Sequence[Diagnostic]) -> list[Entry]:
    """Open findings introduced and resolved, matched by rule, file and message (not line:
    an edit above a finding moves it without changing it)."""
    old = {_finding_key(d) for d in before}
    new = {_finding_key(d) for d in after}
    out = [_finding("introduced", d) for d in after if _finding_key(d) not in old]
    out += [_finding("resolved", d) for d in before if _finding_key(d) not in new]
    return out


def _finding_key(d: Diagnostic) -> tuple[str, str, str]:
    return d.code, d.pos.path, d.message


def _finding(change: str, d: Diagnostic) -> Entry:
    return {
        "change": change,
        "code": d.code,
        "name": d.name,
        "severity": d.severity,
        "path": d.pos.path,
        "line": d.pos.line,
        "record": d.record,
        "message": d.message,
    }
