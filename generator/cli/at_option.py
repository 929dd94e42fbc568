"""`--at COMMIT`: judge the ledger as committed in COMMIT, read from git objects (no checkout)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from generator.history.at import ledger_at
from generator.validate import Result, validate

F = Callable[..., Any]


def at_option(func: F) -> F:
    return click.option(
        "--at", "at", default=None, metavar="COMMIT",
        help="Read the ledger as it was in COMMIT (sha, branch or tag) instead of the work tree.",
    )(func)


def read_ledger(root: Path, at: str | None) -> Result:
    """The work tree's ledger, or the one committed in `at`."""
    return ledger_at(root, at) if at else validate(root)
