"""`ledger diff BASE [HEAD]`: the compliance delta of a pull request, as one PR comment."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

import click

from generator.cli.at_option import not_empty
from generator.cli.options import emit, root_option
from generator.history import delta, delta_show, git
from generator.history.at import ledger_in
from generator.history.model import epoch
from generator.judge import Judgement, judge
from generator.validate import Result
from generator.values import parse_as_of


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
    help="Judge deadlines at this date or instant, read as `ledger check --as-of` does"
    " (default: HEAD's commit date).",
)
def diff(base: str, head: str, root: Path, fmt: str, as_of: str | None) -> int:
    """Show what the commits from BASE to HEAD change in the ledger."""
    repo = git.open_repo(root)
    base_sha, head_sha = git.resolve(repo, base), git.resolve(repo, head)
    # a pull request that adds the ledger compares with an empty one
    old = ledger_in(repo, base_sha, base, required=False)
    new = ledger_in(repo, head_sha, head, required=False)
    committed = epoch(git.commit_time(repo, head_sha))
    moment = parse_as_of(as_of, new.ledger.policy.timezone, committed)
    before = _judge(root, old, base_sha, moment)
    after = _judge(root, new, head_sha, moment)
    data: dict[str, Any] = {
        "base": base_sha,
        "head": head_sha,
        "as_of": moment.strftime("%Y-%m-%dT%H:%M:%SZ"),
        **delta.delta(old.ledger, new.ledger, moment, before.obligations, after.obligations),
        "findings": delta.findings(before.open, after.open, after.late),
        "invalid": {"base": _errors(old), "head": _errors(new)},
    }
    emit(delta_show.as_json(data) if fmt == "json" else delta_show.as_markdown(data))
    return 0


def _judge(root: Path, result: Result, sha: str, moment: datetime) -> Judgement:
    """One tree judged as of `moment`; `now` is the as-of instant too, so the output is
    repeatable."""
    return judge(root, at=sha, as_of=moment, now=moment, result=result)


def _errors(result: Result) -> int:
    return sum(1 for d in result.diagnostics if d.severity == "error")
