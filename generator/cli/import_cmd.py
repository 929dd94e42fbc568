"""`ledger import bugzilla` / `ledger sync bugzilla`: bugs → draft incidents, or a sync of
the incidents already drafted; from saved REST replies or fetched live with `--url`."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from generator import authoring, report
from generator.cli.options import root_option, writes_ledger
from generator.errors import LedgerError
from generator.importers import bugzilla, bugzilla_import
from generator.importers.bugzilla import Bug
from generator.importers.bugzilla_fetch import Client

MOZILLA = "https://bugzilla.mozilla.org"
F = Callable[..., Any]


def source_options(func: F) -> F:
    """The bugs to read: saved files and folders, or `--url` and `--query` (shared with
    `ledger reconcile bugzilla`)."""
    options = [
        click.argument(
            "files", nargs=-1, type=click.Path(exists=True, path_type=Path), required=False
        ),
        click.option("--url", default=None, help="Fetch live from this Bugzilla (base address)."),
        click.option("--query", default=None, help="The search, as in /rest/bug?QUERY."),
        click.option(
            "--comments/--no-comments",
            default=False,
            help="With --url: fetch each bug's comments too (one request per bug).",
        ),
        click.option(
            "--timeout",
            default=30.0,
            show_default=True,
            type=click.FloatRange(min=0.1, max=3600),
            help="Seconds per request.",
        ),
        click.option(
            "--retries",
            default=3,
            show_default=True,
            type=click.IntRange(0, 10),
            help="Tries again after a timeout or a 5xx.",
        ),
        click.option(
            "--base-url",
            default=MOZILLA,
            show_default=True,
            help="The Bugzilla the saved files come from (for links and matching).",
        ),
    ]
    for option in reversed(options):
        func = option(func)
    return func


def read_bugs(
    files: tuple[Path, ...],
    url: str | None,
    query: str | None,
    comments: bool | set[int],
    timeout: float,
    retries: int,
) -> list[Bug]:
    """Bugs from saved files, or fetched (with the comments of all bugs, or of those listed)."""
    if bool(files) == bool(url):
        raise LedgerError(
            "give either saved files or --url (with --query)",
            "e.g. `ledger import bugzilla bugs.json` or "
            "`ledger import bugzilla --url https://bugzilla.mozilla.org --query 'component=…'`",
        )
    if files:
        return bugzilla.load(list(files))
    if not query:
        raise LedgerError("--url needs --query", "give the search, e.g. --query 'component=…'")
    if not re.fullmatch(r"https?://[A-Za-z0-9.-]+(:[0-9]{1,5})?(/[^\s?#]*)?", str(url)):
        raise LedgerError(
            f"--url {str(url)[:100]!r} is not the address of a Bugzilla",
            "give its base address, e.g. --url https://bugzilla.mozilla.org",
        )
    client = Client(str(url), timeout=timeout, retries=retries)
    try:
        replies: list[tuple[str, dict[str, Any]]] = [(f"{url}/rest/bug", client.search(query))]
        bugs = bugzilla.bugs_from(replies)
        wanted = [b.id for b in bugs if comments is True or b.id in (comments or ())]
        for number in wanted:
            replies.append((f"{url}/rest/bug/{number}/comment", client.comments(number)))
    finally:
        client.close()
    return bugzilla.bugs_from(replies)


@click.group("import")
def import_group() -> None:
    """Draft records from other systems: Bugzilla."""


@click.group("sync")
def sync_group() -> None:
    """Bring records drafted from another system up to date with it: Bugzilla."""


@click.command("bugzilla")
@source_options
@click.option("--id", "record_id", default=None, help="Record id, for a single new bug.")
@click.option("--stdout", "to_stdout", is_flag=True, help="Print the result; write nothing.")
@root_option
@writes_ledger
def bugzilla_command(
    files: tuple[Path, ...],
    url: str | None,
    query: str | None,
    comments: bool,
    timeout: float,
    retries: int,
    base_url: str,
    record_id: str | None,
    to_stdout: bool,
    root: Path,
) -> int:
    """Draft an incident for each bug the ledger lacks and sync those it has.

    FILES are saved replies of /rest/bug?… (a search), /rest/bug/ID and /rest/bug/ID/comment,
    or folders of them.
    """
    bugs = read_bugs(files, url, query, comments, timeout, retries)
    if record_id is not None:
        if len(bugs) != 1:
            raise LedgerError("--id names one record", "import one bug at a time with --id")
        authoring.check_new_id(root, "incident", record_id)
    if not (root / "incidents").is_dir():
        raise LedgerError(f"{root} has no incidents/ folder", "run it in a ledger (`ledger init`)")
    plan = bugzilla_import.plan(root, bugs, url or base_url, record_id)
    refused = bugzilla_import.problems(root, plan)
    if to_stdout:
        click.echo("".join(plan.texts[rel] for rel in sorted(plan.texts)), nl=False)
    else:
        bugzilla_import.write(root, plan, {d.pos.path for d in refused})
    _summary(plan, {d.pos.path for d in refused}, to_stdout)
    if refused:
        click.echo(report.text(refused), nl=False, err=True)
        click.echo(
            f"error: {len({d.pos.path for d in refused})} record(s) not written — "
            "they would not validate; fix the input or the record and run it again",
            err=True,
        )
        return 1
    return 0


def _summary(plan: bugzilla_import.Plan, refused: set[str], dry: bool) -> None:
    echo = (lambda line: click.echo(line, err=True)) if dry else click.echo
    for number, rel in plan.new:
        if rel not in refused:
            echo(f"drafted {rel} (bug {number})")
    for number, rel, changes in plan.changed:
        if rel not in refused:
            echo(f"updated {rel} (bug {number}): " + "; ".join(changes or ["import state"]))
    for number, rel in plan.gone:
        echo(f"not in this import: bug {number} ({rel}) — kept as it is")
    echo(
        f"{len(plan.new)} drafted, {len(plan.changed)} updated, {len(plan.unchanged)} unchanged"
        + (" (nothing written: --stdout)" if dry else "")
    )
    grouped: dict[str, list[tuple[int, str]]] = {}
    for number, rel, note in plan.notes:
        grouped.setdefault(note, []).append((number, rel))
    for note, where in grouped.items():
        if len(where) == 1:
            click.echo(f"warning: bug {where[0][0]} ({where[0][1]}): {note}", err=True)
        else:
            some = ", ".join(str(n) for n, _ in where[:5]) + (", …" if len(where) > 5 else "")
            click.echo(f"warning: {len(where)} bugs ({some}): {note}", err=True)


@import_group.command("ccadb")
@click.argument("report", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--owner", required=True, help="The CA Owner, exactly as the report writes it.")
@click.option("--dry-run", is_flag=True, help="Say what would change; write nothing.")
@root_option
@writes_ledger
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


import_group.add_command(bugzilla_command)
sync_group.add_command(bugzilla_command)
