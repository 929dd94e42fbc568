"""`ledger validate`: every record checked against the format; exit 1 if any is invalid."""

from __future__ import annotations

from pathlib import Path

import click

from generator import report
from generator.cli.at_option import at_option
from generator.cli.options import emit_diagnostics, format_option, root_option, shown_options
from generator.validate import read_ledger


@click.command()
@root_option
@format_option(sorted(report.FORMATS))
@shown_options
@at_option
def validate(
    root: Path, fmt: str | None, min_severity: str | None, report_path: Path | None, at: str | None
) -> int:
    """Validate every record under incidents/ and ledger/."""
    result = read_ledger(root, at)
    emit_diagnostics(result.diagnostics, report.FORMATS, fmt, min_severity, report_path)
    click.echo(report.summary(result.diagnostics, result.files), err=True)
    return 0 if result.ok else 1
