"""`ledger history RECORD`: a record's commits and the history of its audited fields."""

from __future__ import annotations

from pathlib import Path

import click

from generator.cli.options import emit, root_option
from generator.discover import as_record_path, discover
from generator.errors import LedgerError
from generator.history import read_history, show


@click.command()
@click.argument("record")
@root_option
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="Output format.",
)
def history(record: str, root: Path, fmt: str) -> int:
    """Show RECORD's commits and field history (RECORD: a record id or path)."""
    path, name = _find(root, record)
    found_history = read_history(root)
    found = found_history.file(path)
    if found is None:
        raise LedgerError(f"{path} has no history: it was never committed", "commit it first")
    emit((show.as_json if fmt == "json" else show.as_text)(found_history, found, name))
    return 0


def _find(root: Path, record: str) -> tuple[str, str]:
    files, _ = discover(root)
    wanted = as_record_path(record)
    kinds = ("incident", "contact", "problem-report", "policy")
    for kind in (*kinds, "audit", "document", "certificate", "request"):
        for f in files:
            if f.kind == kind and wanted in (f.id, f.path):
                return f.path, f.id
    raise LedgerError(
        f"no record {record!r} under {root}",
        "name an incident id (the file name without .yaml) or a record's path",
    )
