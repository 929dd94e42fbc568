"""`--at COMMIT`: judge the ledger as committed in COMMIT, read from git objects (no checkout)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import click

from generator.errors import LedgerError

F = Callable[..., Any]


def at_option(func: F) -> F:
    return click.option(
        "--at",
        "at",
        default=None,
        metavar="COMMIT",
        help="Read the ledger as it was in COMMIT (sha, branch or tag) instead of the work tree.",
        callback=not_empty,
    )(func)


def not_empty(_ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """An option given as "" is a mistake (an unset shell variable), never "the default"."""
    if value is not None and not value.strip():
        option = max(param.opts, key=len)
        raise LedgerError(
            f"{option} was given an empty value",
            f"name a value, or leave {option} out for the default",
        )
    return value
