"""`ledger import bugzilla FILE.json [FILE.json]`: a draft incident from a saved Bugzilla bug."""

from __future__ import annotations

from pathlib import Path

import click

from generator import authoring
from generator.cli.new_cmd import report_outcome
from generator.cli.options import root_option
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


@import_group.command("ccadb")
@click.argument("report", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--owner", required=True, help="The CA Owner, exactly as the report writes it.")
@click.option("--dry-run", is_flag=True, help="Say what would change; write nothing.")
@root_option
def ccadb_command(report: Path, owner: str, dry_run: bool, root: Path) -> int:
    """Write or update the CA certificates, audit lines and policy documents of one CA owner
    from CCADB's "All Certificate Records" CSV report (format v4 or v5)."""
    from generator import report as diagnostics_report
    from generator.importers import ccadb, ccadb_apply

    plan = ccadb.read(report, owner)
    result = ccadb_apply.apply(root, plan, dry_run=dry_run)
    for warning in result.warnings:
        click.echo(f"warning: {warning}", err=True)
    if result.problems:
        click.echo(diagnostics_report.text(result.problems), nl=False, err=True)
        click.echo(
            f"error: nothing written — the records would not validate "
            f"({len(result.problems)} problem(s))",
            err=True,
        )
        return 1
    would = "would be " if dry_run else ""
    for change in result.changes:
        if change.created:
            click.echo(f"{would}created {change.rel}")
        else:
            click.echo(f"{would}updated {change.rel}: {'; '.join(change.notes)}")
    click.echo(
        f"{owner}: {len(plan.certs)} certificates, {len(plan.audits)} audit statements, "
        f"{len(plan.documents)} policy documents in the report; "
        f"{sum(c.created for c in result.changes)} records {would}created, "
        f"{sum(not c.created for c in result.changes)} {would}updated, "
        f"{result.unchanged} unchanged"
    )
    return 0
