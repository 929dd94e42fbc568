"""Windows: nothing POSIX-only at module level; CRLF records and backslash paths accepted."""

from __future__ import annotations

import difflib
import json
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from generator.cli import main

REPO = Path(__file__).resolve().parent.parent

# modules that exist only on POSIX systems: on Windows `import fcntl` raises ImportError
POSIX_ONLY = ("fcntl", "termios", "pwd", "grp", "resource")

WALK = textwrap.dedent(
    """
    import importlib, json, pkgutil, sys
    for name in {posix_only!r}:
        sys.modules[name] = None  # `import name` now raises ImportError, as on Windows
    package = importlib.import_module({package!r})
    names = [m.name for m in pkgutil.walk_packages(package.__path__, package.__name__ + ".")]
    failed = []
    for name in names:
        try:
            importlib.import_module(name)
        except ImportError as exc:
            failed.append(f"{{name}}: {{exc}}")
    print(json.dumps({{"modules": len(names), "failed": failed}}))
    """
)


def walk(package: str, path: Path | None = None) -> dict[str, object]:
    result = subprocess.run(
        [sys.executable, "-c", WALK.format(posix_only=POSIX_ONLY, package=package)],
        capture_output=True,
        text=True,
        cwd=path,
    )
    assert result.returncode == 0, result.stderr
    out: dict[str, object] = json.loads(result.stdout)
    return out


def test_every_module_imports_without_posix_only_modules() -> None:
    result = walk("generator")
    assert result["failed"] == []
    assert isinstance(result["modules"], int) and result["modules"] > 100


def test_the_walk_reports_a_posix_only_import(tmp_path: Path) -> None:
    """The same walk fails on a module that imports fcntl at module level."""
    (tmp_path / "probe").mkdir()
    (tmp_path / "probe" / "__init__.py").write_text("")
    (tmp_path / "probe" / "fine.py").write_text("import os\n")
    (tmp_path / "probe" / "locks.py").write_text("import fcntl\n")
    result = walk("probe", tmp_path)
    assert result["modules"] == 2
    assert result["failed"] == ["probe.locks: import of fcntl halted; None in sys.modules"]


@pytest.mark.parametrize("argv", [["serve", "--help"], ["build", "--help"], ["--version"]])
def test_commands_run_without_fcntl(argv: list[str]) -> None:
    script = (
        "import sys\nsys.modules['fcntl'] = None\n"
        f"from generator.cli import main\nraise SystemExit(main({argv!r}))\n"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Usage:" in result.stdout or "version" in result.stdout


def crlf_copy(tmp_path: Path) -> Path:
    """The example ledger with every record saved with Windows line ends."""
    root = tmp_path / "crlf"
    for top in ("incidents", "ledger"):
        shutil.copytree(REPO / top, root / top)
    for path in root.rglob("*.yaml"):
        path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))
    return root


@pytest.mark.parametrize(
    "args",
    [
        ["validate", "--format", "json"],
        ["check", "--as-of", "2024-05-01", "--history", "--format", "json"],
    ],
)
def test_crlf_records_read_as_lf_ones(
    tmp_path: Path, args: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    root = crlf_copy(tmp_path)
    assert b"\r\n" in next(root.rglob("*.yaml")).read_bytes()
    capsys.readouterr()
    lf_code = main([*args, "--root", str(REPO)])
    lf = capsys.readouterr().out
    crlf_code = main([*args, "--root", str(root)])
    assert (crlf_code, capsys.readouterr().out) == (lf_code, lf)
    assert lf_code == 0 or '"line"' in lf  # positions are compared too


def test_appending_to_a_crlf_record_keeps_its_line_ends(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = crlf_copy(tmp_path)
    argv = ["add", "update", "cfca-cpr-response", "--text", "Still working.", "--at", "2025-04-04"]
    path = next(root.rglob("cfca-cpr-response.yaml"))
    before = path.read_bytes()
    assert main([*argv, "--root", str(root)]) == 0, capsys.readouterr().err
    assert main(["validate", "--root", str(root)]) == 0, capsys.readouterr().out
    after = path.read_bytes()
    edits = difflib.SequenceMatcher(None, before.splitlines(True), after.splitlines(True))
    assert {op for op, *_ in edits.get_opcodes()} == {"equal", "insert"}  # every line kept
    assert b"Still working." in after and after.count(b"\n") == after.count(b"\r\n")


@pytest.mark.parametrize("typed", ["incidents\\2024\\{}.yaml", ".\\incidents\\2024\\{}.yaml"])
def test_backslash_paths_name_records(
    typed: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    record = next((REPO / "incidents" / "2024").glob("*.yaml")).stem
    monkeypatch.chdir(REPO)
    capsys.readouterr()
    assert main(["export", typed.format(record), "--as", "full"]) == 0, capsys.readouterr().err
    assert capsys.readouterr().out.startswith("## Full Incident Report")
    assert main(["history", typed.format(record), "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)
