"""The compliance delta between two ledgers (two commits): what a pull request changes.

Pure: it takes the two typed ledgers and an as-of instant and returns plain data, ordered
by record and item id, so the same two commits always give the same delta.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import datetime
from typing import Any

from generator import due
from generator.diagnostics import Diagnostic
from generator.model import Contact, Incident, Ledger
from generator.rules.obligation import Obligation

Entry = dict[str, Any]


def delta(
    base: Ledger,
    head: Ledger,
    as_of: datetime,
    before: Sequence[Obligation] = (),
    after: Sequence[Obligation] = (),
) -> dict[str, list[Entry]]:
    """`before`/`after`: the engine's obligations at as-of in base and head."""
    return {
        "incidents": list(_incidents(base, head)),
        "action_items": list(_action_items(base, head)),
        "contacts": list(_contacts(base, head)),
        "deadlines": _new_deadlines(before, after, as_of),
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


def _new_deadlines(
    before: Sequence[Obligation], after: Sequence[Obligation], as_of: datetime
) -> list[Entry]:
    """Obligations still owed in head (open or late) that base did not have, soonest first."""
    known = {due.uid(o) for o in before}
    found = [o for o in after if o.state(as_of) in ("open", "late") and due.uid(o) not in known]
    return [
        {
            "due": o.due.strftime("%Y-%m-%dT%H:%M:%SZ"),
            "record": o.record,
            "rule": o.rule,
            "what": o.what,
            "state": o.state(as_of),
        }
        for o in found
    ]


def findings(
    before: Sequence[Diagnostic], after: Sequence[Diagnostic], past: Sequence[Diagnostic] = ()
) -> list[Entry]:
    """Open findings introduced and resolved, matched by rule, file and deadline (else message;
    not line: an edit above a finding moves it without changing it). `past` is head's history:
    an open finding that became a missed deadline there was re-dated after it was overdue,
    not resolved; one that became met late was met late."""
    old = {_finding_key(d) for d in before}
    new = {_finding_key(d) for d in after}
    gone = {_finding_key(d): d for d in past}
    out = [_finding("introduced", d) for d in after if _finding_key(d) not in old]
    for d in before:
        key = _finding_key(d)
        if key in new:
            continue
        then = gone.get(key)
        state = dict(then.extra).get("state") if then is not None else None
        out.append(_finding(_CHANGE.get(state or "", "resolved"), then or d))
    return out


# what became of an open finding that head's history holds
_CHANGE = {"re-dated": "re-dated after it was overdue", "met-late": "met late", "missed": "missed"}


def _finding_key(d: Diagnostic) -> tuple[str, str, str]:
    if d.deadline is not None:
        item = next((v for k, v in d.extra if k == "item"), "")
        return d.code, d.pos.path, f"{item}@{d.deadline.isoformat()}"
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
