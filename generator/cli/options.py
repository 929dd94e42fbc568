"""Options shared by several commands."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from generator import report
from generator.textsafe import visible_lines

F = Callable[..., Any]


def root_option(func: F) -> F:
    return click.option(
        "--root",
        type=click.Path(file_okay=False, path_type=Path),
        default=Path("."),
        show_default=True,
        help="The ledger repository (holds incidents/ and ledger/).",
    )(func)


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
