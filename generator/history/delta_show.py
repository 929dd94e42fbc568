"""The compliance delta → one Markdown pull-request comment, or JSON (`ledger diff`)."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

Delta = dict[str, Any]

_INCIDENT = {
    "opened": "opened",
    "added-closed": "added, already closed",
    "closed": "closed",
    "reopened": "reopened",
    "removed": "removed",
}


def as_json(data: Delta) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def as_markdown(data: Delta) -> str:
    lines = [f"### Compliance delta `{data['base'][:10]}` → `{data['head'][:10]}`", ""]
    sections = [s for s in (_section(data, key) for key in _SECTIONS) if s]
    if not sections:
        lines.append("No change to incidents, action items, contacts or deadlines.")
    for section in sections:
        lines += [*section, ""]
    lines += _problems(data)
    return "\n".join(lines).rstrip("\n") + "\n"


def _section(data: Delta, key: str) -> list[str]:
    entries = data.get(key) or []
    if not entries:
        return []
    title, header, row = _SECTIONS[key]
    return [f"**{title}**", "", header, "|" + "---|" * header.count("|", 1), *map(row, entries)]


def _cell(value: object) -> str:
    return str(value).replace("|", "\\|").replace("\n", " ")


def _incident_row(e: dict[str, Any]) -> str:
    change = _INCIDENT[e["change"]]
    if e["change"] in ("closed", "added-closed") and e.get("resolution"):
        change += f" ({e['resolution']})"
    return f"| `{e['incident']}` | {change} | {_cell(e['title'])} |"


def _item_row(e: dict[str, Any]) -> str:
    change = e["change"]
    if change == "re-dated":
        text = f"re-dated {e['from']} → {e['to']} ({e['days']:+d} days)"
    elif change == "added":
        text = f"added, due {e['due']} ({e['status']})"
    elif change == "completed":
        text = f"completed {e['completed']}" if e.get("completed") else "completed"
    else:
        text = f"status {e['from']} → {e['to']}"
    return f"| `{e['incident']}` | `{e['item']}` | {text} |"


def _contact_row(e: dict[str, Any]) -> str:
    change = e["change"]
    if change == "owner":
        text = f"owner {_cell(e['from'])} → {_cell(e['to'])}"
    elif change == "added":
        text = f"added, owner {_cell(e['owner'])}"
    else:
        text = f"retired {e['on']}" if change == "retired" else "removed"
    return f"| `{e['contact']}` | {text} |"


def _deadline_row(e: dict[str, Any]) -> str:
    return f"| {e['due']} | `{e['record']}` | {_cell(e['what'])} |"


def _finding_row(e: dict[str, Any]) -> str:
    return (
        f"| {e['change']} | {e['severity']} | `{e['path']}:{e['line']}` | "
        f"{e['code']} {_cell(e['message'])} |"
    )


_SECTIONS: dict[str, tuple[str, str, Callable[[dict[str, Any]], str]]] = {
    "incidents": ("Incidents", "| incident | change | title |", _incident_row),
    "action_items": ("Action items", "| incident | item | change |", _item_row),
    "contacts": ("Contacts", "| contact | change |", _contact_row),
    "findings": ("Findings", "| change | severity | where | finding |", _finding_row),
    "deadlines": ("Next deadlines this change creates", "| due | record | what |", _deadline_row),
}


def _problems(data: Delta) -> list[str]:
    invalid = data.get("invalid", {})
    if not any(invalid.values()):
        return []
    where = ", ".join(f"{n} in {side}" for side, n in invalid.items() if n)
    return [
        f"> Records with errors are left out of this delta ({where}): "
        "run `ledger validate --at <commit>` to see them.",
        "",
    ]
