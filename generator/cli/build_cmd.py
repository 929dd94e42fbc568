"""`ledger build` and `ledger serve`: generate the site's pages from the records, then MkDocs.

Invalid records stop the build with the validator's diagnostics (exit 1); overdue findings
do not (the site exists to show them). A ledger root without mkdocs.yml gets the packaged
configuration, written next to the generated pages under build/.
"""

from __future__ import annotations

import logging
import os
import sys
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import click

from generator import report
from generator.cli.at_option import not_empty
from generator.cli.options import root_option
from generator.discover import link_problem
from generator.errors import LedgerError
from generator.publish import swap, write
from generator.publish.build import prepare

PLUGIN = "compliance-ledger"
SETTINGS = ("`docs_dir` in mkdocs.yml", "--site-dir")  # where each target is chosen
FALLBACK_DIR = Path("build") / "ledger-site"


def as_of_option(func: Any) -> Any:
    return click.option(
        "--as-of",
        "as_of",
        default=None,
        callback=not_empty,
        metavar="WHEN",
        help="Judge deadlines as of this date or instant (default: now); a date means "
        "23:59:59 of that day in the policy time zone, as for `ledger check`.",
    )(func)


def config_file(root: Path) -> Path:
    """The root's mkdocs.yml, else the packaged one written under build/ledger-site/."""
    own = root / "mkdocs.yml"
    refused = link_problem(own, root.resolve()) if own.is_symlink() else None
    if refused is not None:  # MkDocs would read it, and echo parts of it in its errors
        raise LedgerError(f"{own}: {refused[0]}", refused[1])
    if own.is_file():
        return own
    target = root / FALLBACK_DIR / "mkdocs.yml"
    try:
        inside = target.parent.resolve().is_relative_to(root.resolve())
    except (OSError, RuntimeError):  # a link loop on the way
        inside = False
    if not inside:  # a committed `build` link would have the build write where it leads
        raise LedgerError(
            f"{root / FALLBACK_DIR} leads outside the repository (a symbolic link on the way)",
            "remove the link, or add a mkdocs.yml to the ledger root",
        )
    (target.parent / "docs").mkdir(parents=True, exist_ok=True)  # MkDocs wants docs_dir to exist
    text = resources.files("generator.site").joinpath("templates", "mkdocs.yml").read_text()
    data = text.replace("docs_dir: site-docs", "docs_dir: docs").replace("root: .", "root: ../..")
    if not target.is_file() or target.read_text() != data:
        write.put(target, data.encode())  # by rename: a build running at once reads it whole
    return target


def _load(config_path: Path, site_dir: Path, strict: bool) -> Any:
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    os.environ.setdefault("DISABLE_MKDOCS_2_WARNING", "true")
    from mkdocs.config import load_config
    from mkdocs.exceptions import ConfigurationError

    try:
        return load_config(str(config_path), site_dir=str(site_dir.resolve()), strict=strict)
    except ConfigurationError as exc:
        raise LedgerError(f"{config_path}: {exc}", "fix the MkDocs configuration") from None


def _log_to_stderr(verbose: bool) -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(levelname)s - %(message)s"))
    logger = logging.getLogger("mkdocs")
    logger.handlers = [handler]
    logger.setLevel(logging.INFO if verbose else logging.WARNING)
    logger.propagate = False


@click.command()
@root_option
@as_of_option
@click.option(
    "--site-dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Where the HTML site is written (default: site/ in the ledger root). A folder the "
    "build made, or an empty or missing one: the build replaces it whole.",
)
@click.option(
    "--strict", is_flag=True, help="Fail on MkDocs warnings (broken links, missing pages)."
)
@click.option(
    "--docs-only", is_flag=True, help="Only generate the Markdown docs dir (for another engine)."
)
@click.option("--no-history", is_flag=True, help="Do not read the git history of the records.")
@click.option("-v", "--verbose", is_flag=True, help="Show MkDocs' progress messages.")
def build(
    root: Path,
    as_of: str | None,
    site_dir: Path | None,
    strict: bool,
    docs_only: bool,
    no_history: bool,
    verbose: bool,
) -> int:
    """Build the site from the records: pages, feeds and exports."""
    site_dir = root / "site" if site_dir is None else site_dir
    if not docs_only:
        write.refuse_protected(root, site_dir, SETTINGS[1])  # before anything is written
    targets: list[Path] = []
    try:
        # the root is locked before mkdocs.yml is read: MkDocs checks that docs_dir exists, and
        # another build may be swapping it in at that moment
        with swap.interruptible(), swap.locked([root], _waiting):
            config = _load(config_file(root), site_dir, strict)
            docs, site = Path(config.docs_dir), Path(config.site_dir)
            targets = [docs] if docs_only else [docs, site]
            write.refuse_protected(root, docs, SETTINGS[0])
            job = _Job(root, config, targets, as_of, no_history, verbose)
            others = [t.parent for t in targets if t.parent.resolve() != root.resolve()]
            with swap.locked(others, _waiting):
                return job.run()
    except swap.Interrupted as exc:
        click.echo(
            f"error: the build was interrupted ({exc}); the previous site is unchanged — "
            "run `ledger build` again",
            err=True,
        )
        return 128 + exc.signum
    except OSError as exc:
        raise swap.write_failed(exc, targets[-1] if targets else site_dir) from None


def _waiting(folder: Path) -> None:
    click.echo(f"waiting: another `ledger build` is writing into {folder}", err=True)


@dataclass
class _Job:
    """One build under the lock: generate and render into staging dirs, then swap them in."""

    root: Path
    config: Any
    targets: list[Path]  # the docs dir, then (unless --docs-only) the site dir
    as_of: str | None
    no_history: bool
    verbose: bool

    def run(self) -> int:
        for target in self.targets:
            swap.sweep(target)
        for target, setting in zip(self.targets, SETTINGS, strict=False):
            write.check_own(target, setting)
        staged = [swap.staging(t) for t in self.targets]
        try:
            code = self._generate(staged[0])
            if code == 0 and len(staged) > 1:
                code = self._render(staged[0], staged[1])
            if code == 0 and len(staged) > 1:  # the next build's proof that the folder is ours
                (staged[1] / write.MARKER).write_text(write.MARKER_TEXT)
            if code == 0:
                for new, target in zip(staged, self.targets, strict=True):
                    swap.swap(new, target)
                click.echo(f"site written to {self.targets[-1]}", err=True)
            return code
        finally:
            swap.discard(*staged)

    def _generate(self, docs: Path) -> int:
        swap.seed(self.targets[0], docs)
        outcome = prepare(
            self.root,
            docs,
            as_of_text=self.as_of,
            history=not self.no_history,
            site_url=self.config.site_url or "",
        )
        if not outcome.ok:
            click.echo(report.text(outcome.diagnostics), nl=False)
            click.echo(
                "error: the ledger has invalid records; the site was not built — "
                "fix them and build again",
                err=True,
            )
            return 1
        click.echo(
            f"generated {outcome.files} files in {self.targets[0]} ({outcome.written} changed)",
            err=True,
        )
        return 0

    def _render(self, docs: Path, site: Path) -> int:
        # MkDocs reads and writes the staging dirs; the real ones change only by the swap
        self.config["docs_dir"] = str(docs)
        self.config["site_dir"] = str(site)
        plugin = self.config.plugins.get(PLUGIN)
        if plugin is None:  # a mkdocs.yml without the plugin: its pages are sanitised all the same
            from generator.publish.plugin import LedgerPlugin

            plugin = self.config.plugins[PLUGIN] = LedgerPlugin()
        plugin.skip = True
        _log_to_stderr(self.verbose)
        from mkdocs.commands.build import build as mkdocs_build
        from mkdocs.exceptions import Abort, BuildError

        try:
            mkdocs_build(self.config)
        except (Abort, BuildError) as exc:
            click.echo(
                f"error: MkDocs stopped: {exc}; the previous site is unchanged — "
                "fix the warnings above or build without --strict",
                err=True,
            )
            return 1
        return 0


def _address(_ctx: click.Context, _param: click.Parameter, value: str) -> str:
    host, _, port = value.rpartition(":")
    if not host or not port.isdigit() or not 0 < int(port) < 65536:
        raise LedgerError(
            f"--dev-addr {value!r} is not HOST:PORT",
            "give an address and a port from 1 to 65535, e.g. 127.0.0.1:8000",
        )
    return value


@click.command()
@root_option
@as_of_option
@click.option(
    "--dev-addr",
    default="127.0.0.1:8000",
    show_default=True,
    callback=_address,
    help="Address to serve on.",
)
def serve(root: Path, as_of: str | None, dev_addr: str) -> int:
    """Preview the site; rebuilds when a record changes."""
    if as_of:
        os.environ["LEDGER_AS_OF"] = as_of  # read by the plugin on every rebuild
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    config_path = config_file(root)
    _log_to_stderr(True)
    from mkdocs.commands.serve import serve as mkdocs_serve
    from mkdocs.exceptions import Abort, PluginError

    try:
        mkdocs_serve(str(config_path), dev_addr=dev_addr)
    except (Abort, PluginError) as exc:
        click.echo(f"error: {exc} — fix the records and run `ledger serve` again", err=True)
        return 1
    except OSError as exc:  # the address: taken, not on this machine, or a privileged port
        raise LedgerError(
            f"cannot serve on {dev_addr}: {exc.strerror or exc}",
            "stop the program that uses it, or pass --dev-addr 127.0.0.1:PORT with a free port",
        ) from None
    return 0
