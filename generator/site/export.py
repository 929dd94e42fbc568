"""The ledger and its findings as versioned JSON, and the action items as CSV.

The JSON carries record text as data: a consumer that shows it as HTML must escape it, as
the site does. The CSV guards against spreadsheet formulas: a cell that starts with = + - @
or a tab gets a leading apostrophe, so opening the file cannot run anything.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import json
from datetime import date, datetime, tzinfo
from typing import Any

from generator import due, report
from generator.rules.obligation import Obligation
from generator.site import md
from generator.site.inputs import SiteInput
from generator.textsafe import csv_cell, visible
from generator.values import When

FORMAT = "compliance-ledger-export"
VERSION = 2  # 2: records as of the as-of instant; deadlines are `ledger due --format json` rows
SKIP = {"pos", "positions", "path", "latest"}
CSV_HEADER = [
    "incident",
    "id",
    "action",
    "kind",
    "root_causes",
    "evaluation",
    "due",
    "status",
    "completed",
    "owner",
]


def _value(value: Any) -> Any:
    if isinstance(value, When):
        return {"utc": md.iso(value.utc), "written": value.text or None, "date_only": value.is_day}
    if isinstance(value, datetime):
        return md.iso(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, tzinfo):
        return str(value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {
            f.name: _value(getattr(value, f.name))
            for f in dataclasses.fields(value)
            if f.name not in SKIP
        }
    if isinstance(value, (tuple, list)):
        return [_value(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _value(v) for k, v in value.items()}
    return value


def _record(value: Any) -> dict[str, Any]:
    out: dict[str, Any] = _value(value)
    out["file"] = value.path
    return out


def ledger_json(inp: SiteInput, obligations: list[Obligation]) -> bytes:
    """The records as they stood at the as-of instant, the engine's findings (as `ledger check
    --format json` prints them) and its obligations (as `ledger due --format json` does)."""
    ledger = inp.view
    doc = {
        "format": FORMAT,
        "version": VERSION,
        "commit": inp.commit or None,
        "generated": md.iso(inp.built),
        "as_of": md.iso(inp.as_of),
        "policy": {
            "timezone": str(ledger.policy.timezone),
            "rules": _value(dict(ledger.policy.rules)),
        },
        "incidents": [_record(i) for i in ledger.incidents.values()],
        "contacts": [_record(c) for c in ledger.contacts.values()],
        "problem_reports": [_record(p) for p in ledger.problem_reports.values()],
        "findings": {
            "open": [report.as_dict(d) for d in inp.findings.open],
            "history": [report.as_dict(d) for d in inp.findings.history],
        },
        "deadlines": [due.row(o, inp.as_of) for o in obligations],
    }
    # compact: json's C encoder runs only without indent (5x faster on a 5,000-incident ledger)
    return (json.dumps(doc, ensure_ascii=False, separators=(",", ":")) + "\n").encode()


def actions_csv(inp: SiteInput) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CSV_HEADER)
    for inc in inp.view.incidents.values():
        for ai in inc.action_items:
            row = [
                inc.id,
                ai.id,
                ai.action,
                ai.kind,
                " ".join(ai.root_causes),
                ai.evaluation or "",
                ai.due.isoformat(),
                ai.status,
                md.day(ai.completed),
                ai.owner or inc.owner,
            ]
            writer.writerow([csv_cell(visible(" ".join(v.split()))) for v in row])
    return buffer.getvalue().encode()
