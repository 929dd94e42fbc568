"""Options shared by several commands."""

from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path
from typing import Any, cast

import click

from generator import report
from generator.discover import find_root, require_ledger
from generator.textsafe import visible_lines

F = Callable[..., Any]


def root_option(func: F) -> F:
    return click.option(
        "--root",
        type=click.Path(file_okay=False, path_type=Path),
        default=None,
        callback=_root,
        help="The ledger repository (holds incidents/ and ledger/); default: the current "
        "folder or the nearest parent that holds one, as git finds its repository.",
    )(func)


def _root(_ctx: click.Context, _param: click.Parameter, value: Path | None) -> Path:
    if value is not None:
        require_ledger(value)
        return value
    return find_root(Path.cwd())


def writes_ledger(func: F) -> F:
    """Run the command under the ledger's write lock: from its first read to its last rename."""

    @functools.wraps(func)
    def locked(*args: Any, **kwargs: Any) -> Any:
        from generator.locking import ledger_lock

        with ledger_lock(kwargs["root"]):
            return func(*args, **kwargs)

    return cast(F, locked)


def format_option(choices: list[str]) -> Callable[[F], F]:
    def decorate(func: F) -> F:
        return click.option(
            "--format",
            "fmt",
            type=click.Choice(choices),
            default=None,
            help="Output format (default: github under GitHub Actions, else text).",
        )(func)

    return decorate


def chosen_format(fmt: str | None) -> str:
    return fmt or report.default_format()


def emit(output: str) -> None:
    """A command's output, with every control but newline and tab made visible (textsafe)."""
    click.echo(visible_lines(output), nl=False)
