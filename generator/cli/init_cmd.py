"""`ledger init DIR`: a new ledger repository, ready to use."""

from __future__ import annotations

from pathlib import Path

import click

from generator import init as scaffold


@click.command("init")
@click.argument("target", type=click.Path(file_okay=False, path_type=Path))
@click.option("--site-name", default="Compliance ledger", show_default=True)
@click.option(
    "--package",
    default=None,
    help="What the workflows and hooks pip-install (default: compliance-ledger==<this version>).",
)
@click.option("--no-git", is_flag=True, help="Do not run `git init`.")
def init_command(target: Path, site_name: str, package: str | None, no_git: bool) -> int:
    """Create a ledger repository in TARGET (new or empty; missing files are added)."""
    written = scaffold.init(target, site_name=site_name, package=package, git=not no_git)
    for path in written:
        click.echo(f"created {path}")
    click.echo(f"{len(written)} file(s) written; next: cd {target} && ledger check", err=True)
    return 0
