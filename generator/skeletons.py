"""The text of new records and list items: valid as written, with TODO text to replace.

Dates come from the caller (an injectable clock); the text is built line by line rather than
dumped, so each skeleton carries comments that tell the author what to fill in.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, date, datetime

from generator.yaml_edit import ItemMaker, date_scalar, scalar

ACTION_DUE_DAYS = 30  # a new action item's default due date: today + 30 days


@dataclass(frozen=True, slots=True)
class NewIncident:
    title: str
    owner: str
    today: date
    source: str | None = None
    tags: tuple[str, ...] = ()
    aware: datetime | None = None  # when the organisation became aware (default: today 00:00)


def incident(spec: NewIncident) -> str:
    day = spec.today.isoformat()
    aware = spec.aware.astimezone(UTC).strftime("%Y-%m-%dT%H:%MZ") if spec.aware else day
    lines = [
        "schema_version: 1",
        f"title: {scalar(spec.title, 0)}",
        "status: open",
        f"aware: {aware}    # when you became aware: starts the 72-hour clock",
        "# opened: (add the first public disclosure, e.g. the bug's filing time, once disclosed)",
        f"owner: {scalar(spec.owner, 0)}",
        f"tags: [{', '.join(spec.tags)}]",
    ]
    if spec.source:
        lines.append(f"source: {spec.source}")
    lines += [
        "summary: >-",
        "  TODO: what happened, in two or three sentences.",
        "timeline:",
        f"  - at: {aware}",
        "    kind: aware",
        "    event: TODO - how the organisation became aware.",
        "root_causes: []",
        "action_items: []",
        "reports: []",
        "updates: []",
        "questions: []",
    ]
    return "\n".join(lines) + "\n"


def contact(
    address: str, purpose: str, owner: str, today: date, disclosed_in: tuple[str, ...]
) -> str:
    lines = [
        "schema_version: 1",
        f"address: {scalar(address, 0)}",
        f"purpose: {purpose}",
        "personal: false",
        f"disclosed_in: [{', '.join(disclosed_in)}]",
        "owners:",
        f"  - owner: {scalar(owner, 2)}",
        f"    from: {today.isoformat()}",
        "# verifications:                # add one each time a test message is sent and answered",
        f"#   - on: {today.isoformat()}",
        f"#     by: {scalar(owner, 0)}",
    ]
    return "\n".join(lines) + "\n"


def problem_report(received: str, channel: str, summary: str, reason: str | None) -> str:
    lines = [
        "schema_version: 1",
        f"received: {date_scalar(received)}     # starts the 24-hour preliminary-report clock",
        f"channel: {channel}",
        f"summary: {scalar(summary, 0)}",
    ]
    if reason:
        lines.append(f"reason: {reason}")
    lines += [
        '# preliminary_report: "YYYY-MM-DDTHH:MMZ"   # when the reporter was told (24 hours)',
        '# preliminary_report_subscriber: "YYYY-MM-DDTHH:MMZ"   # and the subscriber',
        '# revoked: "YYYY-MM-DDTHH:MMZ"              # or cleared: + no_revocation: why',
    ]
    return "\n".join(lines) + "\n"


def update_item(at: str, text: str, url: str | None) -> ItemMaker:
    pairs = [("at", date_scalar(at)), ("text", scalar(text, 0))]
    flow = [("at", _json(at)), ("text", _json(text))]
    if url:
        pairs.append(("url", scalar(url, 0)))
        flow.append(("url", _json(url)))
    return ItemMaker(pairs, flow)


@dataclass(frozen=True, slots=True)
class NewActionItem:
    id: str
    action: str
    kind: str
    due: str
    owner: str | None = None
    root_causes: tuple[str, ...] = ()


def action_item(spec: NewActionItem) -> ItemMaker:
    pairs = [
        ("id", spec.id),
        ("action", scalar(spec.action, 0)),
        ("kind", spec.kind),
        ("due", spec.due),
        ("status", "ongoing"),
    ]
    if spec.owner:
        pairs.append(("owner", scalar(spec.owner, 0)))
    if spec.root_causes:
        pairs.append(("root_causes", "[" + ", ".join(spec.root_causes) + "]"))
    flow = [
        ("id", spec.id),
        ("action", _json(spec.action)),
        ("kind", spec.kind),
        ("due", spec.due),
        ("status", "ongoing"),
    ]
    if spec.owner:
        flow.append(("owner", _json(spec.owner)))
    if spec.root_causes:
        flow.append(("root_causes", "[" + ", ".join(spec.root_causes) + "]"))
    return ItemMaker(pairs, flow)


def _json(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)
