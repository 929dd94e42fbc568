"""`python -m generator`: the `ledger` command, for when the scripts are not on PATH."""

from __future__ import annotations

from generator.cli import run

if __name__ == "__main__":
    run()
