"""`ledger export INCIDENT --as preliminary|full|closure`: CCADB v3 template Markdown on stdout."""

from __future__ import annotations

from pathlib import Path, PurePosixPath

import click

from generator import authoring, export, report
from generator.cli.options import root_option
from generator.validate import validate


@click.command("export")
@click.argument("incident")
@click.option(
    "--as",
    "kind",
    type=click.Choice(export.KINDS),
    default="full",
    show_default=True,
    help="Which CCADB template to fill.",
)
@click.option(
    "--names", is_flag=True, help="Print people as the record names them (default: by role)."
)
@root_option
def export_command(incident: str, kind: str, names: bool, root: Path) -> int:
    """Print INCIDENT (an id or a path) as paste-ready Markdown in the CCADB v3 template."""
    rel = authoring.find_incident(root, incident)
    result = validate(root)
    mine = [d for d in result.diagnostics if d.pos.path == rel and d.severity == "error"]
    record = result.ledger.incidents.get(PurePosixPath(rel).stem)
    if mine or record is None:
        click.echo(report.text(mine), nl=False, err=True)
        click.echo(f"error: {rel} is not valid; fix it first (`ledger validate`)", err=True)
        return 1
    out = export.export(record, result.ledger, kind, names=names)
    click.echo(out.markdown, nl=False)
    for warning in out.warnings:
        click.echo(f"warning: {warning} — the closure attestation sentence was left out", err=True)
    return 1 if out.warnings else 0
