"""`ledger due`: every obligation with its state at an instant, as text, JSON or iCalendar.

The same obligations `ledger check` judges and the site's calendars carry (`generator.due`).
Exit 0 always when the ledger is valid: `due` lists, `check` fails.
"""

from __future__ import annotations

from pathlib import Path

import click

from generator import due as views
from generator import report
from generator.cli.at_option import at_option
from generator.cli.options import emit, root_option
from generator.judge import judge
from generator.rules.obligation import STATES

FORMATS = ("text", "json", "ics")


@click.command()
@root_option
@click.option(
    "--as-of",
    "as_of_text",
    metavar="DATE|INSTANT",
    default=None,
    help="The instant states are judged at (default: now), read as `ledger check --as-of`.",
)
@click.option("--owner", default=None, help="Only the obligations of this owner (exact name).")
@click.option(
    "--state",
    "states",
    type=click.Choice(STATES),
    multiple=True,
    help="Only obligations in this state (repeatable; default: all).",
)
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="text", show_default=True)
@click.option(
    "--all",
    "everything",
    is_flag=True,
    help="With --format ics: every obligation, not only those still owed or due in the last"
    f" {views.CALENDAR_DAYS} days (what the site's calendars carry).",
)
@at_option
def due(
    root: Path,
    as_of_text: str | None,
    owner: str | None,
    states: tuple[str, ...],
    fmt: str,
    everything: bool,
    at: str | None,
) -> int:
    """List every obligation (open, late, waived, met, met-late, missed) by due instant."""
    judged = judge(root, at=at, as_of=as_of_text, warn=lambda m: click.echo(m, err=True))
    if not judged.result.ok:
        emit(report.text(judged.result.diagnostics))
        click.echo(report.summary(judged.result.diagnostics, judged.result.files), err=True)
        return 1
    shown = [
        o
        for o in judged.obligations
        if (owner is None or o.owner == owner) and (not states or o.state(judged.as_of) in states)
    ]
    if fmt == "json":
        emit(views.json_lines(shown, judged.as_of))
    elif fmt == "ics":
        if not everything:
            shown = [o for o in shown if views.in_calendar(o, judged.as_of)]
        name = f"Compliance ledger: deadlines of {owner}" if owner else "Compliance ledger"
        stamp = judged.commit_time or judged.as_of
        click.echo(views.ics(shown, judged.as_of, name=name, stamp=stamp).decode(), nl=False)
    else:
        emit(views.text(shown, judged.as_of))
    return 0
