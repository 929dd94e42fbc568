"""The MkDocs plugin: a thin door from `mkdocs build`/`mkdocs serve` to `generator.publish.build`.

All page generation lives in generator.site and writes plain files into `docs_dir`, so any
engine that reads mkdocs.yml can build the result (`ledger build --docs-only`, then the
engine). The plugin only runs the generator before MkDocs reads the docs dir, makes
`mkdocs serve` watch the records, and passes every page's HTML through the allowlist of
`generator.site.sanitize` (`ledger build` runs that hook too).
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from typing import Any

from mkdocs.config import config_options
from mkdocs.config.base import Config
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from pathspec.gitignore import GitIgnoreSpec

from generator import progress
from generator.errors import LedgerError
from generator.publish.build import prepare
from generator.publish.write import PLACEHOLDER
from generator.site import sanitize

RECORD_DIRS = ("incidents", "ledger")
AS_OF_ENV = "LEDGER_AS_OF"


class LedgerConfig(Config):  # type: ignore[no-untyped-call]
    root = config_options.Type(str, default="")
    as_of = config_options.Type(str, default="")
    history = config_options.Type(bool, default=True)


class LedgerPlugin(BasePlugin[LedgerConfig]):  # type: ignore[no-untyped-call]
    def __init__(self) -> None:
        self.skip = False  # set by `ledger build`, which has generated the docs dir itself
        self.serving = False
        self._fingerprint = ""
        self._pages = self._done = 0  # HTML pages of this build, and how many are written

    def on_startup(self, *, command: str, dirty: bool) -> None:
        # defining on_startup keeps this instance across `mkdocs serve` rebuilds
        self.serving = command == "serve"

    def root(self, config: Any) -> Path:
        base = Path(config.config_file_path or ".").parent
        return (base / self.config.root).resolve() if self.config.root else base.resolve()

    def on_config(self, config: Any) -> Any:
        config.exclude_docs = _excluding(config.exclude_docs, f"/{PLACEHOLDER}")
        if self.skip:
            return config
        root = self.root(config)
        if self.serving:
            mark = _fingerprint(root) + self._as_of_text()
            if mark == self._fingerprint:
                return config  # nothing changed: regenerating would only move the build stamp
            self._fingerprint = mark
        try:
            outcome = prepare(
                root,
                Path(config.docs_dir),
                as_of_text=self._as_of_text() or None,
                history=self.config.history,
                site_url=config.site_url or "",
            )
        except LedgerError as exc:
            raise PluginError(f"{exc.what} — {exc.fix}") from None
        if not outcome.ok:
            self._fingerprint = ""
            raise PluginError(
                "the ledger has invalid records; the site was not built:\n" + outcome.problems()
            )
        return config

    def on_files(self, files: Any, *, config: Any) -> Any:
        self._pages, self._done = sum(1 for f in files if f.is_documentation_page()), 0
        return files

    def on_post_page(self, output: str, *, page: Any, config: Any) -> str:
        self._done += 1
        progress.tick("writing HTML pages", self._done, self._pages)
        if self._done == self._pages:
            progress.end()
        return output

    def _as_of_text(self) -> str:
        return self.config.as_of or os.environ.get(AS_OF_ENV, "")

    @event_priority(100)  # before search and tags read the page content
    def on_page_content(self, html: str, **kwargs: Any) -> str:
        return sanitize.clean(html)

    def on_serve(self, server: Any, *, config: Any, builder: Any) -> Any:
        root = self.root(config)
        for name in RECORD_DIRS:
            if (root / name).is_dir():
                server.watch(str(root / name))
        return server


def _fingerprint(root: Path) -> str:
    """A digest of every record file's name, size and modification time."""
    digest = hashlib.sha256()
    for name in RECORD_DIRS:
        for path in sorted((root / name).rglob("*")) if (root / name).is_dir() else []:
            if path.is_file():
                stat = path.stat()
                digest.update(f"{path}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()


def _excluding(spec: GitIgnoreSpec | None, pattern: str) -> GitIgnoreSpec:
    """`exclude_docs` plus one pattern (the placeholder only engines without the plugin show)."""
    lines = [str(p.pattern) for p in spec.patterns] if spec is not None else []
    return GitIgnoreSpec.from_lines([*lines, pattern] if pattern not in lines else lines)
