"""Example ledgers on disk with their expected diagnostics, shared by the case and hostile tests.

A case is a folder holding `incidents/` and/or `ledger/` and, for a case with diagnostics,
`expected.txt`: one `path:line:col CODE` line per diagnostic, in the order the tool reports
them. `LEDGER_UPDATE_GOLDEN=1 python -m pytest tests/test_cases.py` rewrites the expected files
from the tool's output; review the diff like any other change.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from generator.cli import main

CASES = Path(__file__).resolve().parent / "cases"
UPDATE = os.environ.get("LEDGER_UPDATE_GOLDEN") == "1"


def case_dirs(kind: str) -> list[Path]:
    return sorted(p for p in (CASES / kind).iterdir() if p.is_dir())


def run_validate(root: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, list[str], str]:
    """Exit code, `path:line:col CODE` lines and stderr of `ledger validate --format json`."""
    capsys.readouterr()
    code = main(["validate", "--root", str(root), "--format", "json"])
    out, err = capsys.readouterr()
    found = [f"{d['path']}:{d['line']}:{d['col']} {d['code']}" for d in json.loads(out)] if out else []
    return code, found, err


def expected_lines(case: Path) -> list[str]:
    path = case / "expected.txt"
    return path.read_text("utf-8").splitlines() if path.exists() else []


def compare(case: Path, found: list[str]) -> None:
    """Assert `found` equals the case's expected lines, or rewrite them in update mode."""
    if UPDATE:
        if found or (case / "expected.txt").exists():
            (case / "expected.txt").write_text("".join(f"{line}\n" for line in found), "utf-8")
        return
    assert found == expected_lines(case)
