"""`ledger track-issue FINDINGS.json` and `ledger pr-comment FILE.md --pr N` (GitHub API)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from generator import tracking

AUTHOR = click.option(
    "--author",
    envvar="LEDGER_GITHUB_AUTHOR",
    default=None,
    help="Login the workflow writes as; only its issue or comment is adopted "
    "[default: github-actions[bot]].",
)


@click.command("track-issue")
@click.argument("findings", type=click.Path(exists=True, dir_okay=False, allow_dash=True))
@click.option("--title", default="Ledger", show_default=True, help="Issue title prefix.")
@click.option("--strict", is_flag=True, help="Warnings keep the issue open too.")
@AUTHOR
def track_issue(findings: str, title: str, strict: bool, author: str | None) -> int:
    """Open, update or close the one tracking issue from `ledger check --format json` output."""
    text = sys.stdin.read() if findings == "-" else Path(findings).read_text("utf-8")
    gh = tracking.GitHub.from_env(author=author)
    outcome = tracking.track(
        gh, tracking.read_findings(text), title=title, run_url=_run_url(), strict=strict
    )
    click.echo(
        f"tracking issue: {outcome.action}" + (f" #{outcome.number}" if outcome.number else "")
    )
    return 0


@click.command("pr-comment")
@click.argument("markdown", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--pr", "number", type=int, required=True, envvar="LEDGER_PR", help="Pull request number."
)
@AUTHOR
def pr_comment(markdown: Path, number: int, author: str | None) -> int:
    """Post MARKDOWN as the pull request's ledger comment, or update the one already there."""
    outcome = tracking.upsert_comment(
        tracking.GitHub.from_env(author=author), number, markdown.read_text("utf-8")
    )
    click.echo(f"pull request comment: {outcome.action} ({outcome.number})")
    return 0


def _run_url() -> str | None:
    server, repo, run = (
        os.environ.get(k) for k in ("GITHUB_SERVER_URL", "GITHUB_REPOSITORY", "GITHUB_RUN_ID")
    )
    return f"{server}/{repo}/actions/runs/{run}" if server and repo and run else None
