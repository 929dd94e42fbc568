"""`--at COMMIT`: judge the ledger as committed in COMMIT, read from git objects (no checkout)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from generator.errors import LedgerError
from generator.model import Policy
from generator.validate import Result, validate

if TYPE_CHECKING:
    from generator.history import History

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


def read_ledger(root: Path, at: str | None) -> Result:
    """The work tree's ledger, or the one committed in `at`."""
    if at is None:
        return validate(root)
    from generator.history.at import ledger_at  # git only when asked for: validate starts fast

    return ledger_at(root, at)


def history_for_rules(root: Path, at: str | None, policy: Policy) -> History | None:
    """The git history the history rules read, or None when they cannot or need not run.

    `check` does not need history to judge deadlines, so a shallow clone or a missing git
    only skips the history rules, with a warning that names the fix; outside a repository
    they are skipped silently, and so is the log when the policy turns them all off.
    """
    from generator.history import try_history
    from generator.rules import REGISTRY

    names = [m.RULE.name for m in REGISTRY.values() if m.RULE.kind == "history"]
    if all(policy.option(name, "severity", None) == "off" for name in names):
        return None
    try:
        return try_history(root, at)
    except LedgerError as exc:
        click.echo(
            f"warning: {exc.what} — {exc.fix}; skipped the history rules ({', '.join(names)})",
            err=True,
        )
        return None
