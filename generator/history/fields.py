"""The audited fields of one version of a record, read with the project's strict loader.

Each blob is reduced to `Facts`: the values of the fields auditors follow ((field, item) →
value) and the dated claims it makes ((what, key, value)). Comparing a version's facts with
its parent's gives the field changes; a claim absent from every parent was recorded there.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date
from typing import Any

from generator.diagnostics import Diagnostic
from generator.discover import FOLDERS
from generator.load import load_bytes
from generator.model import PROBLEM_REPORT_FACTS
from generator.values import ValueProblem, parse_date, parse_instant, parse_zone

FieldKey = tuple[str, str | None]  # (field, action item id or None)
# (what, key, value as written): what is update, answer, completion, report, closure, promise,
# notification, verification, registry-update, acknowledged, preliminary-report, revoked, cleared
Claim = tuple[str, str, str]


@dataclass(frozen=True, slots=True)
class Facts:
    fields: dict[FieldKey, str]
    claims: dict[Claim, str]  # claim → the record's timezone as written ("" if none)


def kind_of(path: str) -> str | None:
    if not path.endswith((".yaml", ".yml")):
        return None
    for kind in ("incident", "contact", "problem-report"):
        if path.startswith(FOLDERS[kind] + "/"):
            return kind
    return None


def facts(path: str, raw: bytes) -> Facts | None:
    """The audited fields of one version; None when that version did not load."""
    kind = kind_of(path)
    doc = load_bytes(path, raw) if kind else None
    if kind is None or doc is None or isinstance(doc, Diagnostic):
        return None
    return facts_of(kind, doc.data)


def facts_of(kind: str, data: dict[str, Any]) -> Facts:
    """The audited fields of a loaded record of `kind` (incident or contact)."""
    if kind == "contact":
        return Facts(_contact(data), _contact_claims(data))
    if kind == "problem-report":
        return Facts({}, _report_claims(data))
    return Facts(_incident_fields(data), _claims(data))


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def _list(data: dict[str, Any], key: str) -> list[dict[str, Any]]:
    value = data.get(key)
    return [x for x in value if isinstance(x, dict)] if isinstance(value, list) else []


def _incident_fields(data: dict[str, Any]) -> dict[FieldKey, str]:
    out: dict[FieldKey, str] = {}
    for name in ("status", "next_update", "opened", "aware"):
        if value := _text(data.get(name)):
            out[name, None] = value
    for item in _list(data, "action_items"):
        ident = _text(item.get("id"))
        if ident is None:
            continue
        for name in ("due", "status"):
            if value := _text(item.get(name)):
                out[name, ident] = value
    return out


def _claims(data: dict[str, Any]) -> dict[Claim, str]:
    zone = _text(data.get("timezone")) or ""
    found: list[Claim] = []
    found += [("update", at, at) for u in _list(data, "updates") if (at := _text(u.get("at")))]
    found += [
        ("answer", qid, ans)
        for q in _list(data, "questions")
        if (qid := _text(q.get("id"))) and (ans := _text(q.get("answered")))
    ]
    found += [
        ("completion", aid, done)
        for a in _list(data, "action_items")
        if (aid := _text(a.get("id"))) and (done := _text(a.get("completed")))
    ]
    found += [
        ("report", kind, at)
        for r in _list(data, "reports")
        if (kind := _text(r.get("kind"))) and (at := _text(r.get("at")))
    ]
    found += [
        ("promise", what, kept)
        for p in _list(data, "promises")
        if (what := _text(p.get("what"))) and (kept := _text(p.get("kept")))
    ]
    found += [
        ("notification", to, at)
        for n in _list(data, "notifications")
        if (to := _text(n.get("to"))) and (at := _text(n.get("at")))
    ]
    closure = data.get("closure")
    if isinstance(closure, dict) and (posted := _text(closure.get("posted"))):
        found.append(("closure", "closure", posted))
    return dict.fromkeys(found, zone)


def _contact_claims(data: dict[str, Any]) -> dict[Claim, str]:
    found: list[Claim] = [
        ("verification", on, on) for v in _list(data, "verifications") if (on := _text(v.get("on")))
    ]
    found += [
        ("registry-update", owner, day)
        for o in _list(data, "owners")
        if (owner := _text(o.get("owner"))) and (day := _text(o.get("registry_updated")))
    ]
    return dict.fromkeys(found, "")


REPORT_FACTS = PROBLEM_REPORT_FACTS


def _report_claims(data: dict[str, Any]) -> dict[Claim, str]:
    zone = _text(data.get("timezone")) or ""
    found: list[Claim] = [
        (key.replace("_", "-"), key, value)
        for key in REPORT_FACTS
        if (value := _text(data.get(key)))
    ]
    return dict.fromkeys(found, zone)


def _contact(data: dict[str, Any]) -> dict[FieldKey, str]:
    current = [o for o in _list(data, "owners") if "until" not in o and _text(o.get("owner"))]
    return {("owner", None): current[-1]["owner"]} if current else {}


def field_changes(
    olds: Sequence[Facts | None], new: Facts
) -> list[tuple[FieldKey, str | None, str]]:
    """(field, old, new) for each value that differs from its value in every parent.

    A merge that only takes one side's value changed nothing itself: the side's commit
    already carries that change. Removed values are not changes (an item dropped is not a slip).
    """
    parents = [o.fields if o is not None else {} for o in olds] or [{}]
    out = []
    for key, value in new.fields.items():
        if all(p.get(key) != value for p in parents):
            out.append((key, parents[0].get(key), value))
    return out


def new_claims(olds: Sequence[Facts | None], new: Facts) -> list[tuple[Claim, str]]:
    parents = [o.claims if o is not None else {} for o in olds] or [{}]
    return [
        (claim, zone) for claim, zone in new.claims.items() if all(claim not in p for p in parents)
    ]


def claimed_day(text: str, zone_text: str) -> date | None:
    """The day a claim names, in the zone it was written in; None if it is not a valid moment."""
    try:
        zone = parse_zone(zone_text) if zone_text else None
        if len(text) == 10:
            return parse_date(text)
        return parse_instant(text, zone or UTC).local.date()
    except ValueProblem:
        return None
