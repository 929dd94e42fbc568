"""Windows: nothing POSIX-only at module level; CRLF records and backslash paths accepted."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

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
