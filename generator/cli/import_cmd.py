"""`ledger import bugzilla FILE.json [FILE.json]`: a draft incident from a saved Bugzilla bug."""

from __future__ import annotations

from pathlib import Path

import click

from generator import authoring
from generator.cli.new_cmd import report_outcome
from generator.cli.options import root_option, writes_ledger
from generator.importers import bugzilla, bugzilla_draft


@click.group("import")
def import_group() -> None:
    """Draft records from other systems' exports (no network access)."""


@import_group.command("bugzilla")
@click.argument(
    "files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path)
)
@click.option(
    "--id", "record_id", default=None, help="Record id (default: from the bug's summary)."
)
@click.option(
    "--base-url",
    default="https://bugzilla.mozilla.org",
    show_default=True,
    help="The Bugzilla the bug comes from (for links).",
)
@click.option("--stdout", "to_stdout", is_flag=True, help="Print the draft instead of writing it.")
@root_option
@writes_ledger
def bugzilla_command(
    files: tuple[Path, ...], record_id: str | None, base_url: str, to_stdout: bool, root: Path
) -> int:
    """Draft an incident from saved /rest/bug/ID and /rest/bug/ID/comment responses."""
    bug = bugzilla.load(list(files))
    draft = bugzilla_draft.draft(bug, base_url)
    record_id = record_id or authoring.slug(draft.title)
    authoring.check_new_id(root, "incident", record_id)
    rel = f"incidents/{draft.opened[:4]}/{record_id}.yaml"
    outcome, text = authoring.create(root, "incident", rel, draft.text, dry_run=to_stdout)
    return report_outcome(outcome, text if to_stdout else None, "drafted")
