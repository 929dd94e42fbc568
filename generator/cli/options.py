"""Options shared by several commands."""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any, cast

import click

from generator import report
from generator.diagnostics import Diagnostic
from generator.discover import find_root, require_ledger
from generator.errors import LedgerError
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


# formats read by people in a CI interface: information-level findings (e.g. every deadline
# once met late) would bury the open ones, so they are left out unless asked for
CI_MINIMUM = {"github": "warning", "sarif": "warning"}


def shown_options(func: F) -> F:
    """--min-severity and --report, for the commands that print diagnostics."""
    func = click.option(
        "--report",
        "report_path",
        type=click.Path(dir_okay=False, path_type=Path),
        default=None,
        help="Also write every finding, whatever --min-severity, as JSON to this file.",
    )(func)
    return click.option(
        "--min-severity",
        type=click.Choice(report.SEVERITIES),
        default=None,
        help="Leave out findings below this severity (default: warning for github, sarif and "
        "the job summary; info, i.e. everything, for the other formats). The exit code is "
        "unchanged.",
    )(func)


def emit_diagnostics(
    diagnostics: Sequence[Diagnostic],
    formats: Mapping[str, Callable[[Sequence[Diagnostic]], str]],
    fmt: str | None,
    min_severity: str | None,
    report_path: Path | None,
) -> None:
    """Write the --report file (everything), then print what --min-severity lets through."""
    chosen = chosen_format(fmt)
    if report_path is not None:
        write_text(report_path, report.as_json(diagnostics), "--report")
    minimum = min_severity or CI_MINIMUM.get(chosen, "info")
    emit(formats[chosen](report.at_least(diagnostics, minimum)))


def write_text(path: Path, text: str, what: str, mode: str = "w") -> None:
    try:
        with open(path, mode, encoding="utf-8", newline="\n") as handle:
            handle.write(text)
    except OSError as exc:
        raise LedgerError(
            f"cannot write {path}: {exc.strerror or exc}", f"check the path given as {what}"
        ) from None


def emit(output: str) -> None:
    """A command's output, with every control but newline and tab made visible (textsafe)."""
    click.echo(visible_lines(output), nl=False)
