"""Family 1: `ledger build --site-dir DIR` replaces DIR only when DIR is the build's own."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.attacks.conftest import AS_OF, Ledger

REFUSED = "error: refusing to write the site into "


def everything(root: Path) -> dict[str, str]:
    """sha256 of every file under the root, .git included: nothing may change or go."""
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file() and "compliance-ledger" not in p.parts
    }


@pytest.mark.parametrize(
    ("site_dir", "shown"),
    [
        (".", "the ledger root"),
        (".git", ".git/"),
        (".git/objects", ".git/"),
        ("incidents", "incidents/"),
        ("incidents/2024", "incidents/"),
        ("ledger", "ledger/"),
        ("ledger/contacts", "ledger/"),
        (".github", ".github/"),
        (".github/workflows", ".github/"),
        ("..", "the ledger root"),
    ],
)
def test_protected_folders_are_refused(ledger: Ledger, site_dir: str, shown: str) -> None:
    (ledger.root / ".github" / "workflows").mkdir(parents=True)
    (ledger.root / ".github" / "workflows" / "ledger.yml").write_text("on: push\n")
    before = everything(ledger.root)
    done = ledger.run("build", "--no-history", "--site-dir", site_dir, *AS_OF)
    assert done.code == 2
    assert done.error.startswith(REFUSED + site_dir + ": it is, holds or is inside " + shown)
    assert " — pass --site-dir a folder of its own" in done.error
    assert everything(ledger.root) == before
    assert not (ledger.root / "build").exists()  # refused before anything was written


def test_a_symlink_to_a_protected_folder_is_refused(ledger: Ledger) -> None:
    (ledger.root / "out").symlink_to(ledger.root / "incidents")
    before = ledger.records()
    done = ledger.run("build", "--no-history", "--site-dir", "out", *AS_OF)
    assert done.code == 2
    assert done.error.startswith("error: out is a symbolic link, not a folder the site generator")
    assert ledger.records() == before and (ledger.root / "out").is_symlink()


def test_a_folder_of_other_files_is_refused_and_kept(ledger: Ledger, tmp_path: Path) -> None:
    pages = tmp_path / "pages"
    (pages / ".git").mkdir(parents=True)
    for name, text in (("CNAME", "ledger.example.org\n"), (".nojekyll", ""), ("x.html", "x")):
        (pages / name).write_text(text)
    before = everything(pages)
    done = ledger.run("build", "--no-history", "--site-dir", str(pages), *AS_OF)
    assert done.code == 2
    assert done.error == (
        f"error: {pages} holds files the site generator did not write (no "
        ".compliance-ledger-generated in it) — point --site-dir at a folder of its own (e.g. "
        "site/); the build replaces everything in it; an old build's folder without the marker "
        "must be removed by hand once"
    )
    assert everything(pages) == before and (pages / ".git").is_dir()


def test_a_file_is_refused(ledger: Ledger, tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("mine\n")
    done = ledger.run("build", "--no-history", "--site-dir", str(tmp_path / "notes.txt"), *AS_OF)
    assert done.code == 2 and "Invalid value for '--site-dir'" in done.err, done.err
    assert done.err.rstrip().endswith("notes.txt' is a file.")  # click's usage error
    assert (tmp_path / "notes.txt").read_text() == "mine\n"


def test_its_own_folder_is_replaced_and_an_empty_one_taken(ledger: Ledger, tmp_path: Path) -> None:
    site = tmp_path / "empty"
    site.mkdir()
    assert ledger.run("build", "--no-history", "--site-dir", str(site), *AS_OF).code == 0
    assert (site / ".compliance-ledger-generated").is_file() and (site / "index.html").is_file()
    (site / "stale.html").write_text("from the last build")
    assert ledger.run("build", "--no-history", "--site-dir", str(site), *AS_OF).code == 0
    assert not (site / "stale.html").exists()  # the build's own folder is replaced whole


def test_plain_mkdocs_keeps_its_own_behaviour(ledger: Ledger) -> None:
    """`mkdocs build` (through the plugin) writes its site_dir as MkDocs always does: no marker
    is asked for, and what MkDocs finds there it cleans, as documented by MkDocs."""
    from tests.site.conftest import REPO

    (ledger.root / "mkdocs.yml").write_text((REPO / "mkdocs.yml").read_text())
    (ledger.root / "site-docs").mkdir()
    (ledger.root / "site").mkdir()
    (ledger.root / "site" / "old.html").write_text("not the build's")
    done = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-q"],
        cwd=ledger.root,
        capture_output=True,
        text=True,
        env={**os.environ, "LEDGER_AS_OF": "2025-06-01", "NO_MKDOCS_2_WARNING": "1"},
    )
    assert done.returncode == 0, done.stderr
    assert (ledger.root / "site" / "index.html").is_file()
    assert not (ledger.root / "site" / ".compliance-ledger-generated").exists()


@pytest.mark.parametrize(
    ("link", "error"),
    [
        # without mkdocs.yml the build writes build/ledger-site/: never where a link there leads
        ("build", "error: build/ledger-site leads outside the repository (a symbolic link on the "
                  "way) — remove the link, or add a mkdocs.yml to the ledger root"),
        ("site", "error: site is a symbolic link, not a folder the site generator made — pass "
                 "--site-dir a folder of its own, e.g. site/; the build replaces it whole"),
    ],
)
def test_a_committed_link_is_not_written_through(
    ledger: Ledger, tmp_path: Path, link: str, error: str
) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (ledger.root / link).symlink_to(elsewhere, target_is_directory=True)
    done = ledger.run("build", "--no-history", *AS_OF)
    assert (done.code, done.error) == (2, error)
    assert list(elsewhere.iterdir()) == [] and (ledger.root / link).is_symlink()
