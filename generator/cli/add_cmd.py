"""`ledger add update|action-item INCIDENT`: append to an incident, keeping its text intact;
`ledger add finding|period AUDIT`, `ledger add version DOCUMENT`: the same for the compliance
calendar's records."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path
from typing import Any

import click

from generator import authoring, skeletons, values, yaml_keys
from generator.cli.at_option import not_empty
from generator.cli.new_cmd import report_outcome, today_option
from generator.cli.options import root_option, writes_ledger
from generator.errors import LedgerError
from generator.load import Document, load_bytes
from generator.rules.calendar import year_end
from generator.yaml_edit import date_scalar


@click.group()
def add() -> None:
    """Append to a record: an incident's update or action item, an audit line's period or
    finding, a policy document's version."""


@add.command("update")
@click.argument("incident")
@click.option(
    "--text",
    required=True,
    callback=not_empty,
    help="The update as posted (required: a posted fact says what was posted).",
)
@click.option(
    "--at",
    "at",
    default=None,
    callback=not_empty,
    metavar="DATE|INSTANT",
    help="When it was posted (default: today).",
)
@click.option("--url", default=None, help="Link to the posted comment.")
@today_option
@root_option
@writes_ledger
def add_update(
    incident: str, text: str, at: str | None, url: str | None, today: str | None, root: Path
) -> int:
    """Append a status update to INCIDENT (an id or a path)."""
    rel = authoring.find_incident(root, incident)
    when = at or authoring.moment(root, today).today.isoformat()
    outcome = authoring.append(root, rel, "updates", skeletons.update_item(when, text, url))
    return report_outcome(outcome, None, "updated")


@add.command("action-item")
@click.argument("incident")
@click.option(
    "--action", default="TODO: the action, specific enough to verify.", help="What will be done."
)
@click.option(
    "--kind",
    type=click.Choice(["prevent", "detect", "mitigate"]),
    default="prevent",
    show_default=True,
)
@click.option(
    "--due",
    default=None,
    metavar="DATE",
    help=f"Due date (default: today + {skeletons.ACTION_DUE_DAYS} days).",
)
@click.option(
    "--id", "item_id", default=None, help="Item id (default: ai-N, the next free number)."
)
@click.option("--owner", default=None)
@click.option(
    "--root-cause", "root_causes", multiple=True, help="A root cause id it addresses (repeatable)."
)
@today_option
@root_option
@writes_ledger
def add_action_item(
    incident: str,
    action: str,
    kind: str,
    due: str | None,
    item_id: str | None,
    owner: str | None,
    root_causes: tuple[str, ...],
    today: str | None,
    root: Path,
) -> int:
    """Append an action item (status: ongoing) to INCIDENT (an id or a path)."""
    rel = authoring.find_incident(root, incident)
    due = due or authoring.days_after(
        authoring.moment(root, today).today, skeletons.ACTION_DUE_DAYS
    )
    item_id = item_id or authoring.next_item_id(root, rel, "action_items", "ai")
    spec = skeletons.NewActionItem(item_id, action, kind, due, owner, root_causes)
    outcome = authoring.append(root, rel, "action_items", skeletons.action_item(spec))
    return report_outcome(outcome, None, "updated")


# -- the compliance calendar's records (docs/calendar.md) -----------------------------------


def _record(root: Path, kind: str, ref: str) -> tuple[str, dict[str, Any]]:
    """A record id → its path and data (LedgerError when there is none, or it cannot be read)."""
    known = authoring.records_of(root, kind)
    if ref not in known:
        listed = ", ".join(sorted(known)[:10]) or "none yet"
        raise LedgerError(f"no {kind} {ref!r} in {root}", f"give its id ({listed})")
    rel = known[ref]
    doc = load_bytes(rel, (root / rel).read_bytes())
    if not isinstance(doc, Document) or not isinstance(doc.data, dict):
        raise LedgerError(f"{rel} cannot be read", "fix the record first (`ledger validate`)")
    return rel, doc.data


def _calendar_append(
    root: Path, rel: str, path: list[str | int], key: str, pairs: list[tuple[str, str]]
) -> int:
    text = (root / rel).read_text("utf-8")
    new = yaml_keys.append_item(text, rel, path, key, pairs)
    problems = authoring.problems_in(root, rel, new)
    if not problems:
        authoring.replace_file(root / rel, new)
    return report_outcome(authoring.Outcome(root / rel, problems), None, "updated")


def _optional(pairs: list[tuple[str, str]], key: str, value: str | None, text: bool) -> None:
    if value is not None:
        pairs.append((key, json.dumps(value, ensure_ascii=False) if text else date_scalar(value)))


@add.command("finding")
@click.argument("audit")
@click.option("--text", required=True, help="The finding as the auditor wrote it.")
@click.option("--severity", default=None, help="As the auditor gives it.")
@click.option("--incident", default=None, help="The incident that disclosed it.")
@click.option("--aware", default=None, metavar="DATE|INSTANT", help="When you learned of it.")
@click.option("--period", "period_end", default=None, metavar="DATE",
              help="The period, by its end date (default: the latest).")  # fmt: skip
@click.option("--id", "finding_id", default=None, help="Finding id (default: f-N).")
@root_option
@writes_ledger
def add_finding(
    audit: str,
    text: str,
    severity: str | None,
    incident: str | None,
    aware: str | None,
    period_end: str | None,
    finding_id: str | None,
    root: Path,
) -> int:
    """Add an auditor's finding to a period of the audit line AUDIT (an id)."""
    rel, data = _record(root, "audit", audit)
    periods = [p for p in data.get("periods", []) if isinstance(p, dict)]
    ends = [str(p.get("end")) for p in periods]
    if not ends:
        raise LedgerError(f"{rel} has no period", "add one with `ledger add period`")
    wanted = period_end or max(ends)
    if wanted not in ends:
        raise LedgerError(f"{rel} has no period ending {wanted}", f"periods end {', '.join(ends)}")
    used = {str(f.get("id")) for p in periods for f in p.get("findings", []) or []}
    n = 1
    while f"f-{n}" in used:
        n += 1
    pairs = [("id", finding_id or f"f-{n}"), ("text", json.dumps(text, ensure_ascii=False))]
    _optional(pairs, "severity", severity, True)
    _optional(pairs, "aware", aware, False)
    if incident:
        pairs.append(("incident", incident))
    return _calendar_append(root, rel, ["periods", ends.index(wanted)], "findings", pairs)


@add.command("period")
@click.argument("audit")
@click.option("--start", default=None, metavar="DATE", help="Default: the day after the last end.")
@click.option("--end", default=None, metavar="DATE", help="Default: one year after --start.")
@click.option("--statement", default=None, metavar="DATE", help="The statement's date.")
@click.option("--url", default=None, help="The statement (PDF).")
@root_option
@writes_ledger
def add_period(
    audit: str,
    start: str | None,
    end: str | None,
    statement: str | None,
    url: str | None,
    root: Path,
) -> int:
    """Add an audit period (and its statement) to the audit line AUDIT (an id)."""
    rel, data = _record(root, "audit", audit)
    ends = [str(p.get("end")) for p in data.get("periods", []) if isinstance(p, dict)]
    try:
        first = values.parse_date(start) if start else None
        if first is None and ends:
            first = values.parse_date(max(ends)) + timedelta(days=1)
    except values.ValueProblem as exc:
        raise LedgerError(f"--start: {exc}", exc.hint) from None
    if first is None:
        raise LedgerError("the audit line has no period to follow", "pass --start DATE")
    pairs = [("start", first.isoformat()), ("end", end or year_end(first).isoformat())]
    _optional(pairs, "statement", statement, False)
    _optional(pairs, "url", url, True)
    return _calendar_append(root, rel, [], "periods", pairs)


@add.command("version")
@click.argument("document")
@click.option("--effective", required=True, metavar="DATE", help="Its effective date.")
@click.option("--version", "number", default=None, help="The version number.")
@click.option("--url", default=None, help="Where it is published.")
@click.option("--changelog", default=None, help="Its dated changelog line.")
@click.option("--submitted", default=None, metavar="DATE", help="When it went to the CCADB.")
@root_option
@writes_ledger
def add_version(
    document: str,
    effective: str,
    number: str | None,
    url: str | None,
    changelog: str | None,
    submitted: str | None,
    root: Path,
) -> int:
    """Add a version to the policy document DOCUMENT (an id)."""
    rel, _ = _record(root, "document", document)
    pairs = [("effective", date_scalar(effective))]
    _optional(pairs, "version", number, True)
    _optional(pairs, "url", url, True)
    _optional(pairs, "changelog", changelog, True)
    _optional(pairs, "submitted", submitted, False)
    return _calendar_append(root, rel, [], "versions", pairs)
