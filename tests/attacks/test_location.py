"""Families 5 and 6: where the tool runs. The ledger root is found by walking up from the cwd
and nothing is written before it is found; nothing in the cwd is ever imported."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from tests.attacks.conftest import AS_OF, LEDGER, Ledger

NO_LEDGER = "error: no ledger in {} or its parent folders: neither incidents/ nor ledger/ exists"


def files_under(folder: Path) -> list[str]:
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*"))


def test_build_from_a_subdirectory_writes_into_the_root(ledger: Ledger) -> None:
    sub = ledger.root / "incidents" / "2024"
    before = files_under(sub)
    done = ledger.run("build", "--no-history", *AS_OF, cwd=sub)
    assert done.code == 0, done.err
    assert files_under(sub) == before  # no build/ or site/ in the record folder
    assert (ledger.root / "site" / "index.html").is_file()
    assert (ledger.root / "build" / "ledger-site" / "mkdocs.yml").is_file()


@pytest.mark.parametrize("argv", [["validate"], ["check", *AS_OF], ["history", "x"]])
def test_commands_find_the_root_from_below(ledger: Ledger, argv: list[str]) -> None:
    here = ledger.run(*argv)
    below = ledger.run(*argv, cwd=ledger.root / "ledger" / "contacts")
    assert (below.code, below.out) == (here.code, here.out)


def test_build_outside_a_ledger_writes_nothing(ledger: Ledger, tmp_path: Path) -> None:
    empty = tmp_path / "elsewhere"
    empty.mkdir()
    subprocess.run(["git", "init", "-q", str(empty)], check=True)
    for argv in (["build", *AS_OF], ["validate"], ["new", "incident", "T", "--owner", "x"],
                 ["serve"]):
        done = ledger.run(*argv, cwd=empty)
        assert done.code == 2, argv
        assert done.error == NO_LEDGER.format(empty) + (
            " — run in a ledger repository, pass --root DIR, or create one with `ledger init DIR`"
        )
    assert [p.name for p in empty.iterdir()] == [".git"]  # no build/, site/ or lock


def test_the_walk_stops_at_the_repository_top(ledger: Ledger) -> None:
    """A repository inside the ledger's folder is another repository: no ledger is found."""
    inner = ledger.root / "vendor" / "tool"
    inner.mkdir(parents=True)
    subprocess.run(["git", "init", "-q", str(inner)], check=True)
    done = ledger.run("validate", cwd=inner)
    assert done.code == 2 and done.error.startswith(NO_LEDGER.format(inner))


def test_an_explicit_root_without_a_ledger_writes_nothing(ledger: Ledger, tmp_path: Path) -> None:
    empty = tmp_path / "elsewhere"
    empty.mkdir()
    done = ledger.run("build", "--root", str(empty), *AS_OF)
    assert done.code == 2 and done.error.startswith(f"error: no ledger in {empty}:")
    assert list(empty.iterdir()) == []


@pytest.mark.parametrize(
    "argv",
    [["validate", "--at", ""], ["check", "--at", " "], ["check", "--as-of", ""],
     ["build", "--as-of", ""], ["add", "update", "cfca-cpr-response", "--at", "", "--text", "T."],
     ["new", "incident", "T", "--owner", "x", "--today", ""]],
)
def test_an_empty_value_is_a_usage_error(ledger: Ledger, argv: list[str]) -> None:
    before = ledger.records()
    done = ledger.run(*argv)
    option = argv[argv.index(next(a for a in argv if not a.strip())) - 1]
    assert done.code == 2
    assert done.error == (
        f"error: {option} was given an empty value — name a value, or leave {option} out "
        "for the default"
    )
    assert ledger.records() == before


EVIL = """\
import pathlib
pathlib.Path(__file__).with_name("IMPORTED").write_text(__name__)
raise SystemExit("the cwd's code ran")
"""


def test_workers_never_import_from_the_cwd(ledger: Ledger) -> None:
    """History workers start with `python -I`: a generator.py (or yaml.py, git.py) in the cwd
    is not on their path. Enough versions for workers to start: START_AT is lowered. The
    parent runs with -P, as the `ledger` console script does (its sys.path starts at bin/)."""
    for name in ("generator.py", "yaml.py", "git.py"):
        (ledger.root / "incidents" / name).write_text(EVIL)
    script = (
        "import sys\nfrom generator.history import workers\n"
        "workers.START_AT = 1\nworkers.CHUNK = 1\n"
        "real = workers._Worker.__init__\nstarted = []\n"
        "def counted(self, root):\n    started.append(1); real(self, root)\n"
        "workers._Worker.__init__ = counted\n"
        "from generator.cli import main\ncode = main(['check', '--history', '--as-of', '2025-06-01'])\n"
        "print('workers', len(started))\nsys.exit(code)\n"
    )
    for n in range(3):  # a few versions for the workers to parse
        path = ledger.root / "incidents" / "2024" / "cfca-cpr-response.yaml"
        path.write_text(path.read_text() + f"# edit {n}\n")
        ledger.commit(f"edit {n}")
    done = subprocess.run(
        [LEDGER[0], "-P", "-c", script], cwd=ledger.root / "incidents", capture_output=True,
        text=True, timeout=120, env={"PATH": "/usr/bin:/bin", "HOME": str(ledger.root)},
    )
    assert done.returncode == 1, done.stderr
    assert "workers 0" not in done.stdout and "workers" in done.stdout
    assert not (ledger.root / "incidents" / "IMPORTED").exists()
