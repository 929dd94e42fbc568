"""`ledger diff BASE [HEAD]`: the compliance delta of a pull request, as one PR comment."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import click

from generator.cli.at_option import history_for_rules, not_empty
from generator.cli.options import emit, root_option
from generator.diagnostics import Diagnostic
from generator.history import delta, delta_show, git
from generator.history.at import ledger_in
from generator.history.model import epoch
from generator.rules.engine import evaluate
from generator.validate import Result
from generator.values import ValueProblem, parse_when


@click.command()
@click.argument("base")
@click.argument("head", default="HEAD")
@root_option
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["markdown", "json"]),
    default="markdown",
    show_default=True,
    help="Markdown for a pull-request comment, or JSON.",
)
@click.option(
    "--as-of",
    "as_of",
    default=None,
    callback=not_empty,
    metavar="WHEN",
    help="Judge deadlines at this date or instant (default: HEAD's commit date).",
)
def diff(base: str, head: str, root: Path, fmt: str, as_of: str | None) -> int:
    """Show what the commits from BASE to HEAD change in the ledger."""
    repo = git.open_repo(root)
    base_sha, head_sha = git.resolve(repo, base), git.resolve(repo, head)
    moment = _as_of(as_of) if as_of else epoch(git.commit_time(repo, head_sha))
    # a pull request that adds the ledger compares with an empty one
    old = ledger_in(repo, base_sha, base, required=False)
    new = ledger_in(repo, head_sha, head, required=False)
    data: dict[str, Any] = {
        "base": base_sha,
        "head": head_sha,
        "as_of": moment.strftime("%Y-%m-%dT%H:%M:%SZ"),
        **delta.delta(old.ledger, new.ledger, moment),
        "findings": delta.findings(
            _open(root, old, base_sha, moment), _open(root, new, head_sha, moment)
        ),
        "invalid": {"base": _errors(old), "head": _errors(new)},
    }
    emit(delta_show.as_json(data) if fmt == "json" else delta_show.as_markdown(data))
    return 0


def _open(root: Path, result: Result, sha: str, moment: datetime) -> list[Diagnostic]:
    """Open findings in one tree; `now` is the as-of instant too, so the output is repeatable."""
    history = history_for_rules(root, sha, result.ledger.policy)
    return evaluate(result.ledger, as_of=moment, now=moment, history=history).open


def _errors(result: Result) -> int:
    return sum(1 for d in result.diagnostics if d.severity == "error")


def _as_of(text: str) -> datetime:
    try:
        return parse_when(text, UTC, UTC).utc
    except ValueProblem as exc:
        raise click.BadParameter(f"{exc} — {exc.hint}", param_hint="--as-of") from None
