"""The one exception type for "the tool cannot run"; problems in records are Diagnostics."""

from __future__ import annotations


class LedgerError(Exception):
    """The tool cannot run: printed once by the CLI as `error: what — how to fix`, exit 2."""

    def __init__(self, what: str, fix: str) -> None:
        super().__init__(f"{what} — {fix}")
        self.what = what
        self.fix = fix
