"""`ledger check`: validate, then judge every deadline as of an instant; exit 1 if anything
failing is open (errors; warnings too with --strict)."""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import UTC, datetime, tzinfo
from pathlib import Path

import click

from generator import report, report_ci
from generator.cli.at_option import at_option, history_for_rules, read_ledger
from generator.cli.options import (
    emit_diagnostics,
    format_option,
    root_option,
    shown_options,
    write_text,
)
from generator.diagnostics import Diagnostic, sort_diagnostics
from generator.errors import LedgerError
from generator.rules.engine import evaluate
from generator.values import ValueProblem, end_of_day, format_instant, parse_date, parse_instant

FORMATS: dict[str, Callable[[Sequence[Diagnostic]], str]] = {
    **report.FORMATS,
    "sarif": report_ci.sarif,
    "junit": report_ci.junit,
}


def parse_as_of(text: str | None, zone: tzinfo, now: datetime) -> datetime:
    """A date means 23:59:59 of that day in the policy zone; an instant without an offset is
    read in the policy zone; nothing means now."""
    if text is None:
        return now
    try:
        if len(text) == 10:
            return end_of_day(parse_date(text), zone)
        return parse_instant(text, zone).utc
    except ValueProblem as exc:
        raise LedgerError(f"--as-of {text!r}: {exc}", exc.hint) from None


@click.command()
@root_option
@click.option(
    "--as-of",
    "as_of_text",
    metavar="DATE|INSTANT",
    default=None,
    help="Judge the ledger as it stood then (default: now). A date means 23:59:59 "
    "of that day in the policy time zone; an instant without offset is read there.",
)
@click.option("--history", is_flag=True, help="Also list every deadline met late, with its delay.")
@click.option("--strict", is_flag=True, help="Fail on warnings too.")
@format_option(sorted(FORMATS))
@shown_options
@at_option
def check(
    root: Path,
    as_of_text: str | None,
    history: bool,
    strict: bool,
    fmt: str | None,
    min_severity: str | None,
    report_path: Path | None,
    at: str | None,
) -> int:
    """Check every deadline and rule as of an instant; exit 1 when something is overdue."""
    result = read_ledger(root, at)
    now = datetime.now(UTC)
    as_of = parse_as_of(as_of_text, result.ledger.policy.timezone, now)
    evaluation = evaluate(
        result.ledger,
        as_of=as_of,
        now=now,
        keep_history=history,
        history=history_for_rules(root, at, result.ledger.policy),
    )
    past = [replace(d, severity="info") for d in evaluation.history] if history else []
    shown = sort_diagnostics([*result.diagnostics, *evaluation.open, *past])
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
