"""A build that fails, is interrupted or runs twice at once leaves a whole site (issue 7).

Each test builds the example ledger once (outside git: no history, fast), then makes the next
build fail in one way, and compares the site and the generated docs dir byte for byte with
what the first build left. Staging dirs (`.<name>.ledger-*`) must be gone afterwards.
"""

from __future__ import annotations

import errno
import hashlib
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from generator.cli import main
from generator.publish import swap
from tests.helpers import small_tmpfs

PROJECT = Path(__file__).resolve().parent.parent
AS_OF = ["--as-of", "2025-06-01"]
LEDGER = [str(Path(sys.executable).parent / "ledger")]


@pytest.fixture
def root(tmp_path: Path) -> Path:
    root = tmp_path / "ledger-root"
    for top in ("incidents", "ledger"):
        shutil.copytree(PROJECT / top, root / top)
    return root


def args(root: Path, *extra: str) -> list[str]:
    return ["build", "--root", str(root), "--site-dir", str(site(root)), *AS_OF, *extra]


def site(root: Path) -> Path:
    return root.parent / "out" / "site"


def docs(root: Path) -> Path:
    return root / "build" / "ledger-site" / "docs"


def tree(folder: Path) -> dict[str, str]:
    """sha256 of every file under `folder` (relative paths); empty when it does not exist."""
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def outputs(root: Path) -> tuple[dict[str, str], dict[str, str]]:
    return tree(site(root)), tree(docs(root))


def leftovers(root: Path) -> list[str]:
    return sorted(
        p.name for d in (site(root).parent, docs(root).parent, root) if d.is_dir()
        for p in d.iterdir() if swap.TAG in p.name or p.name.endswith(".part")
    )


@pytest.fixture
def built(root: Path, capsys: pytest.CaptureFixture[str]) -> tuple[dict[str, str], dict[str, str]]:
    assert main(args(root)) == 0, capsys.readouterr().err
    capsys.readouterr()
    first = outputs(root)
    assert "index.html" in first[0] and "index.md" in first[1]
    return first


def test_invalid_records_leave_the_previous_site(
    root: Path, built: tuple[dict[str, str], dict[str, str]], capsys: pytest.CaptureFixture[str]
) -> None:
    record = next((root / "incidents").rglob("*.yaml"))
    record.write_text(record.read_text() + "status: [unclosed\n")
    assert main(args(root)) == 1
    assert "the site was not built" in capsys.readouterr().err
    assert outputs(root) == built
    assert leftovers(root) == []


def own_config(root: Path, extra: str = "") -> None:
    template = PROJECT / "generator" / "site" / "templates" / "mkdocs.yml"
    (root / "mkdocs.yml").write_text(template.read_text() + extra)
    (root / "site-docs").mkdir(exist_ok=True)


def test_mkdocs_failing_half_way_leaves_the_previous_site(
    root: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    own_config(root)
    assert main(args(root, "--strict")) == 0, capsys.readouterr().err
    first = tree(site(root)), tree(root / "site-docs")
    # a nav entry to a page that does not exist: a warning, so --strict stops MkDocs after
    # it has read every page (the generated docs were already complete in staging)
    own_config(root, "nav:\n  - Missing: no-such-page.md\n")
    assert main(args(root, "--strict")) == 1
    err = capsys.readouterr().err
    assert re.search(r"error: MkDocs stopped: .*the previous site is unchanged — ", err), err
    assert (tree(site(root)), tree(root / "site-docs")) == first
    assert leftovers(root) == []


def test_a_bad_mkdocs_yml_stops_before_anything_is_written(
    root: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    own_config(root)
    assert main(args(root)) == 0
    first = tree(site(root))
    (root / "mkdocs.yml").write_text("site_name: [unclosed\n")
    assert main(args(root)) == 2
    assert re.search(r"^error: .*mkdocs\.yml.* — fix the MkDocs configuration$",
                     capsys.readouterr().err, re.M | re.S)
    assert tree(site(root)) == first


@pytest.mark.parametrize("stage", ["docs", "site"])
def test_disk_full_is_one_error_and_leaves_the_previous_site(
    root: Path, built: tuple[dict[str, str], dict[str, str]], stage: str,
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
) -> None:
    calls = []

    def full(*_args: object) -> None:
        calls.append(1)
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), "somewhere/page.html")

    # the docs are written by generator.publish.write.put, the HTML by mkdocs.utils.write_file
    target = "generator.publish.write.put" if stage == "docs" else "mkdocs.utils.write_file"
    (docs(root) / "index.md").write_text("changed, so the generator must write it again\n")
    built = outputs(root)
    monkeypatch.setattr(target, full)
    assert main(args(root)) == 2
    assert calls
    err = capsys.readouterr().err
    assert re.search(r"^error: cannot write the site \(No space left on device: .*\); the "
                     r"previous site is unchanged — free some space", err, re.M), err
    assert "Traceback" not in err
    assert outputs(root) == built
    assert leftovers(root) == []


def test_real_disk_full_on_a_small_tmpfs(root: Path, tmp_path: Path,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    # room for one site (about 3 MB) but not for a second beside it while staging
    with small_tmpfs(tmp_path / "small", "5m") as mount:
        argv = ["build", "--root", str(root), "--site-dir", str(mount / "site"), *AS_OF]
        assert main(argv) == 0, capsys.readouterr().err
        first = tree(mount / "site")
        assert main(argv) == 2
        err = capsys.readouterr().err
        assert "No space left on device" in err and "the previous site is unchanged" in err, err
        assert tree(mount / "site") == first
        # the empty lock file stays: deleting it would let a third build lock a new file
        assert sorted(p.name for p in mount.iterdir()) == [swap.LOCK, "site"]


def test_output_inside_a_file_is_one_error(root: Path, tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the site's parent folder should be\n")
    code = main(["build", "--root", str(root), "--site-dir", str(blocker / "site"), *AS_OF])
    err = capsys.readouterr().err
    assert code == 2, err
    assert re.search(r"^error: cannot write the site \(a file is in the way of a folder: "
                     rf"{re.escape(str(blocker))}\).* — move that file", err, re.M), err
    assert blocker.read_text().startswith("a file")


@pytest.fixture
def immutable(root: Path) -> Iterator[Path]:
    """The site's parent made immutable (chattr +i): read-only even for root."""
    folder = site(root).parent
    done = subprocess.run(["chattr", "+i", str(folder)], capture_output=True, text=True)
    if done.returncode != 0:
        pytest.skip(f"chattr +i is not possible here ({done.stderr.strip()}); as root, chmod "
                    "does not stop writes")
    yield folder
    subprocess.run(["chattr", "-i", str(folder)], check=True)


def test_read_only_output_folder(
    root: Path, built: tuple[dict[str, str], dict[str, str]], immutable: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(args(root)) == 2
    err = capsys.readouterr().err
    assert re.search(r"^error: cannot write the site \(Operation not permitted: .*\); the "
                     r"previous site is unchanged — make the output folder writable", err,
                     re.M), err
    assert outputs(root) == built
    assert leftovers(root) == []


def stable(files: dict[str, bytes]) -> dict[str, bytes]:
    """Contents without the build time (page stamp, JSON export's `generated`). A time on the
    minute is printed without seconds (`values.format_instant`): one build in sixty was."""
    stamp = re.compile(rb"at \d{4}-\d\d-\d\d \d\d:\d\d(?::\d\d)? UTC|\"generated\":\"[^\"]*\"")
    return {rel: stamp.sub(b"<built>", data) for rel, data in files.items()}


def contents(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_two_builds_at_once_give_one_whole_site(root: Path, tmp_path: Path) -> None:
    procs = [subprocess.Popen([*LEDGER, *args(root)], stderr=subprocess.PIPE, text=True)
             for _ in range(2)]
    errs = [p.communicate(timeout=60)[1] for p in procs]
    assert [p.returncode for p in procs] == [0, 0], errs
    together = contents(site(root))
    alone = tmp_path / "alone"
    shutil.copytree(root, alone)
    shutil.rmtree(alone / "build")
    assert main(args(alone)) == 0
    assert stable(together) == stable(contents(site(alone)))
    assert leftovers(root) == []


def test_a_build_waits_for_the_one_running(root: Path) -> None:
    site(root).parent.mkdir(parents=True)
    with swap.locked([site(root).parent], lambda _: None):
        proc = subprocess.Popen([*LEDGER, *args(root)], stderr=subprocess.PIPE, text=True)
        time.sleep(1.5)
        assert proc.poll() is None, proc.communicate()[1]
        assert not site(root).exists()
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 0, err
    assert "waiting: another `ledger build` is writing into" in err
    assert "index.html" in tree(site(root))


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM])
def test_an_interrupted_build_leaves_the_previous_site(
    root: Path, built: tuple[dict[str, str], dict[str, str]], sig: signal.Signals
) -> None:
    staging = swap.staging(site(root))
    proc = subprocess.Popen([*LEDGER, *args(root)], stderr=subprocess.PIPE, text=True)
    # mid-build: MkDocs has started writing the staged site
    deadline = time.monotonic() + 30
    while not any(site(root).parent.glob(f".site{swap.TAG}new-*")) and proc.poll() is None:
        assert time.monotonic() < deadline
        time.sleep(0.002)
    proc.send_signal(sig)
    _, err = proc.communicate(timeout=30)
    assert staging.name.startswith(".site")  # the name the loop above waited for
    assert proc.returncode == 128 + sig, err
    assert re.search(rf"^error: the build was interrupted \({sig.name}\); the previous site is "
                     r"unchanged — run `ledger build` again$", err, re.M), err
    assert outputs(root) == built
    assert leftovers(root) == []
