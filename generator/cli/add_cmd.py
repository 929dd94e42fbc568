"""`ledger add update|action-item INCIDENT`: append to an incident, keeping its text intact."""

from __future__ import annotations

from pathlib import Path

import click

from generator import authoring, skeletons
from generator.cli.at_option import not_empty
from generator.cli.new_cmd import report_outcome, today_option
from generator.cli.options import root_option, writes_ledger


@click.group()
def add() -> None:
    """Append an update or an action item to an incident."""


@add.command("update")
@click.argument("incident")
@click.option(
    "--text", default="TODO: what changed since the last update.", help="The update as posted."
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
