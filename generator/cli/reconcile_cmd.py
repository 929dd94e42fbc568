"""`ledger reconcile bugzilla`: where the ledger and its Bugzilla bugs disagree."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import click

from generator import report
from generator.cli.at_option import not_empty
from generator.cli.import_cmd import read_bugs, source_options
from generator.cli.options import chosen_format, emit, format_option, root_option
from generator.importers import bugzilla_import
from generator.importers.bugzilla_reconcile import reconcile
from generator.validate import validate
from generator.values import parse_as_of


@click.group("reconcile")
def reconcile_group() -> None:
    """Compare the ledger with another system's record: Bugzilla."""


@reconcile_group.command("bugzilla")
@source_options
@click.option(
    "--ca-account",
    "accounts",
    multiple=True,
    help="The CA's Bugzilla account (repeat for several; default: each bug's assignee).",
)
@click.option(
    "--as-of",
    "as_of",
    default=None,
    callback=not_empty,
    help="Judge needinfo age as of this date (its end) or instant (default: now), read as"
    " `ledger check --as-of` does.",
)
@format_option(sorted(report.FORMATS))
@root_option
def reconcile_bugzilla(
    files: tuple[Path, ...],
    url: str | None,
    query: str | None,
    comments: bool,
    timeout: float,
    retries: int,
    base_url: str,
    accounts: tuple[str, ...],
    as_of: str | None,
    fmt: str | None,
    root: Path,
) -> int:
    """Report status, next-update, comment and needinfo drift; exit 1 when there is any.

    FILES are saved replies (a search with flags, comment files) or folders of them; with
    --url the search is fetched, and the comments of every bug the ledger records.
    """
    result = validate(root)
    if not result.ok:
        click.echo(report.text([d for d in result.diagnostics if d.severity == "error"]), err=True)
        click.echo(
            "error: the ledger does not validate — fix it first (`ledger validate`)", err=True
        )
        return 2
    wanted: bool | set[int] = comments or set(bugzilla_import.known_bugs(root, url or ""))
    bugs = read_bugs(files, url, query, wanted, timeout, retries)
    now = parse_as_of(as_of, result.ledger.policy.timezone, datetime.now(UTC))
    found = reconcile(result.ledger, bugs, url or base_url, now, frozenset(accounts))
    emit(report.FORMATS[chosen_format(fmt)](found))
    click.echo(report.summary(found, len(result.ledger.incidents)), err=True)
    return 1 if found else 0
