"""Other engines that read mkdocs.yml: the same pages after `ledger build --docs-only`, and on a
fresh clone never an empty site in silence.

Zensical ignores the `compliance-ledger` plugin: on a clone where nothing was generated it
shows the committed placeholder (site-docs/README.md) saying to run `ledger build`, which
MkDocs leaves out. ProperDocs loads the plugin and builds the pages itself.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from generator import init
from generator.cli import main

REPO = Path(__file__).resolve().parents[2]
AS_OF = ["--as-of", "2025-04-03"]


def engine(name: str) -> str:
    exe = shutil.which(name) or str(Path(sys.executable).with_name(name))
    if not Path(exe).exists():
        pytest.skip(f"{name} is not installed (pip install {name}, part of the test extra)")
    return exe


def git(root: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", "-C", str(root), "-c", "user.name=CA", "-c", "user.email=ca@example.org", *args],
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout


@pytest.fixture
def clone(tmp_path: Path) -> Path:
    """A fresh clone of a `ledger init` repository holding the example ledger's records."""
    origin = tmp_path / "origin"
    init.init(origin, package="compliance-ledger==9.9")
    for top in ("incidents", "ledger"):
        shutil.copytree(REPO / top, origin / top, dirs_exist_ok=True)
    git(origin, "add", "-A")
    git(origin, "commit", "-qm", "ledger")
    git(tmp_path, "clone", "-q", str(origin), "clone")
    return tmp_path / "clone"


def where(root: Path) -> list[str]:
    return ["--root", str(root), "--site-dir", str(root / "site")]


def pages(site: Path) -> set[str]:
    return {p.parent.relative_to(site).as_posix() for p in site.rglob("index.html")}


def build(exe: str, root: Path, *args: str) -> str:
    done = subprocess.run([exe, "build", *args], cwd=root, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout + done.stderr


def test_zensical_on_a_fresh_clone_says_to_run_ledger_build(clone: Path) -> None:
    build(engine("zensical"), clone)
    index = (clone / "site" / "index.html").read_text("utf-8")
    assert "This site was not generated" in index and "ledger build" in index
    assert pages(clone / "site") == {"."}


def test_zensical_after_docs_only_gives_the_same_pages(
    clone: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    exe = engine("zensical")
    assert main(["build", *where(clone), *AS_OF, "--strict"]) == 0, capsys.readouterr()
    mkdocs = pages(clone / "site")
    shutil.rmtree(clone / "site")
    assert main(["build", *where(clone), *AS_OF, "--docs-only"]) == 0
    build(exe, clone)
    assert pages(clone / "site") == mkdocs and len(mkdocs) >= 10
    incident = next((clone / "site" / "incident").glob("*/index.html")).read_text("utf-8")
    assert "CFCA" in incident and "This site was not generated" not in incident
    assert "This site was not generated" not in (clone / "site" / "index.html").read_text()
    assert git(clone, "status", "--porcelain") == ""  # nothing generated is left to commit


def test_mkdocs_leaves_the_placeholder_out(clone: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["build", *where(clone), *AS_OF, "--strict"]) == 0, capsys.readouterr()
    assert (clone / "site-docs" / "README.md").is_file()
    built = "\n".join(p.read_text("utf-8") for p in (clone / "site").rglob("*.html"))
    assert "This site was not generated" not in built


def test_properdocs_on_a_fresh_clone_builds_the_pages(
    clone: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    exe = engine("properdocs")
    build(exe, clone, "-f", "mkdocs.yml")
    theirs = pages(clone / "site")
    shutil.rmtree(clone / "site")
    assert main(["build", *where(clone)]) == 0, capsys.readouterr()
    assert theirs == pages(clone / "site") and len(theirs) >= 10
