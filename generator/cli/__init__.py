"""`ledger`: the command line. argv → the stages → an exit code.

0 clean, 1 problems found, 2 the tool could not run or was misused, 3 a bug in the tool.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Sequence

import click

from generator import __version__, progress
from generator.errors import LedgerError
from generator.textsafe import visible

# name → "module:attribute". Commands are imported only when run, so `ledger validate` (run by
# pre-commit on every commit) does not pay for the site, the rules or git.
COMMANDS: dict[str, str] = {
    "validate": "generator.cli.validate_cmd:validate",
    "check": "generator.cli.check_cmd:check",
    "due": "generator.cli.due_cmd:due",
    "rules": "generator.cli.rules_cmd:rules",
    "history": "generator.cli.history_cmd:history",
    "diff": "generator.cli.diff_cmd:diff",
    "build": "generator.cli.build_cmd:build",
    "serve": "generator.cli.build_cmd:serve",
    "new": "generator.cli.new_cmd:new",
    "add": "generator.cli.add_cmd:add",
    "export": "generator.cli.export_cmd:export_command",
    "import": "generator.cli.import_cmd:import_group",
    "sync": "generator.cli.import_cmd:sync_group",
    "reconcile": "generator.cli.reconcile_cmd:reconcile_group",
    "init": "generator.cli.init_cmd:init_command",
    "track-issue": "generator.cli.track_cmd:track_issue",
    "pr-comment": "generator.cli.track_cmd:pr_comment",
}


class _LazyGroup(click.Group):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        target = COMMANDS.get(cmd_name)
        if target is None:
            return None
        module, _, attribute = target.partition(":")
        command: click.Command = getattr(importlib.import_module(module), attribute)
        return command


@click.group(cls=_LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="ledger")
def cli() -> None:
    """Compliance incidents as YAML records: validate, check deadlines, publish."""


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI and return its exit code; errors never escape as tracebacks."""
    try:
        with progress.reporting():
            result = cli.main(
                args=list(argv) if argv is not None else None,
                prog_name="ledger",
                standalone_mode=False,
            )
    except click.exceptions.Exit as exc:
        return int(exc.exit_code)
    except click.ClickException as exc:
        exc.show()
        return 2
    except click.exceptions.Abort:
        click.echo("error: interrupted — run the command again", err=True)
        return 130
    except LedgerError as exc:
        click.echo(f"error: {visible(exc.what)} — {visible(exc.fix)}", err=True)
        return 2
    except Exception as exc:  # a bug in the tool, not in the ledger: say so, without a traceback
        click.echo(
            f"error: internal error ({type(exc).__name__}: {visible(str(exc))})"
            " — please report it with the input",
            err=True,
        )
        return 3
    return int(result or 0)


def run() -> None:
    sys.exit(main())
