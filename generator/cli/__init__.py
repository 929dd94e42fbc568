"""`ledger`: the command line. argv → the stages → an exit code (0 clean, 1 problems, 2 cannot run)."""

from __future__ import annotations

import sys
from collections.abc import Sequence

import click

from generator import __version__
from generator.cli import validate_cmd
from generator.cli import diff_cmd, history_cmd
from generator.cli import check_cmd, rules_cmd
from generator.cli import add_cmd, export_cmd, import_cmd, init_cmd, new_cmd, track_cmd
from generator.cli import build_cmd
from generator.errors import LedgerError

COMMANDS = [validate_cmd.validate, history_cmd.history, diff_cmd.diff, check_cmd.check, rules_cmd.rules, new_cmd.new, add_cmd.add, export_cmd.export_command, import_cmd.import_group, track_cmd.track_issue, track_cmd.pr_comment, init_cmd.init_command, build_cmd.build, build_cmd.serve]


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="ledger")
def cli() -> None:
    """Compliance incidents as YAML records: validate, check deadlines, publish."""


for _command in COMMANDS:
    cli.add_command(_command)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI and return its exit code; errors never escape as tracebacks."""
    try:
        result = cli.main(args=list(argv) if argv is not None else None, prog_name="ledger", standalone_mode=False)
    except click.exceptions.Exit as exc:
        return int(exc.exit_code)
    except click.ClickException as exc:
        exc.show()
        return 2
    except click.exceptions.Abort:
        click.echo("error: interrupted — run the command again", err=True)
        return 130
    except LedgerError as exc:
        click.echo(f"error: {exc.what} — {exc.fix}", err=True)
        return 2
    except Exception as exc:  # a bug in the tool, not in the ledger: say so, without a traceback
        click.echo(f"error: internal error ({type(exc).__name__}: {exc}) — please report it with the input", err=True)
        return 3
    return int(result or 0)


def run() -> None:
    sys.exit(main())
