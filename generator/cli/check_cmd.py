"""`ledger check`: validate, then judge every deadline as of an instant; exit 1 if anything
failing is open (errors; warnings too with --strict)."""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime
from pathlib import Path

import click

from generator import report, report_ci
from generator.cli.at_option import at_option, not_empty
from generator.cli.options import (
    emit_diagnostics,
    format_option,
    root_option,
    shown_options,
    write_text,
)
from generator.diagnostics import Diagnostic, sort_diagnostics
from generator.judge import judge
from generator.values import format_instant

FORMATS = report.FORMATS


@click.command()
@root_option
@click.option(
    "--as-of",
    "as_of_text",
    metavar="DATE|INSTANT",
    default=None,
    callback=not_empty,
    help="Judge the ledger as it stood then (default: now). A date means 23:59:59 "
    "of that day in the policy time zone; an instant without offset is read there.",
)
@click.option("--history", is_flag=True, help="Also list every deadline met late, with its delay.")
@click.option(
    "--no-history",
    "no_git",
    is_flag=True,
    help="Do not read git: judge deadlines with the records' current commitments and skip the"
    " history rules.",
)
@click.option("--strict", is_flag=True, help="Fail on warnings too.")
@format_option(sorted(FORMATS))
@shown_options
@at_option
def check(
    root: Path,
    as_of_text: str | None,
    history: bool,
    no_git: bool,
    strict: bool,
    fmt: str | None,
    min_severity: str | None,
    report_path: Path | None,
    at: str | None,
) -> int:
    """Check every deadline and rule as of an instant; exit 1 when something is overdue."""
    judged = judge(
        root,
        at=at,
        as_of=as_of_text,
        keep_history=history,
        history=not no_git,
        warn=lambda m: click.echo(m, err=True),
    )
    result, as_of = judged.result, judged.as_of
    past = [replace(d, severity="info") for d in judged.late] if history else []
    shown = sort_diagnostics([*result.diagnostics, *judged.open, *past])
    emit_diagnostics(shown, FORMATS, fmt, min_severity, report_path)
    click.echo(f"{report.summary(shown, result.files)} as of {format_instant(as_of)}", err=True)
    _step_summary(shown, as_of, min_severity or "warning")
    failing = {"error", "warning"} if strict else {"error"}
    return 1 if any(d.severity in failing for d in shown) else 0


def _step_summary(shown: Sequence[Diagnostic], as_of: datetime, minimum: str) -> None:
    path = os.environ.get("GITHUB_STEP_SUMMARY")
    if not path:
        return
    try:  # the limit is per step: leave room for what earlier commands of the step wrote
        used = os.path.getsize(path)
    except OSError:
        used = 0
    budget = max(report_ci.SUMMARY_LIMIT - 4096 - used, 8192)
    title = f"ledger check as of {format_instant(as_of)}"
    text = report_ci.step_summary(shown, title, minimum=minimum, budget=budget)
    write_text(Path(path), text, "GITHUB_STEP_SUMMARY", mode="a")
