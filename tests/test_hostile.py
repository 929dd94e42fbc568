"""Hostile input (issue 7): every case ends in a diagnostic or a clean verdict, never a crash.

Cases that fit in the repository live in tests/hostile/<case>/ with their expected.txt (empty
when the input is accepted, e.g. a BOM, CRLF line ends, or HTML in text, which the site
escapes). Cases that are large or that git cannot hold (a 50 MB file, 10,000 levels of
nesting, symlinks, a FIFO, undecodable file names) are made here in a temporary folder.
"""

from __future__ import annotations

import os
import shutil
import sys
import time
from pathlib import Path

import pytest

from casefiles import compare, run_validate
from generator.cli import main

HOSTILE = Path(__file__).resolve().parent / "hostile"
STATIC = sorted(p for p in HOSTILE.iterdir() if p.is_dir())
MINIMAL = Path(__file__).resolve().parent / "cases" / "valid" / "minimal"
INCIDENT = "incidents/inc-a.yaml"
Capsys = pytest.CaptureFixture[str]


def test_the_corpus_is_large_enough() -> None:
    generated = [name for name in globals() if name.startswith("test_generated_")]
    assert len(STATIC) + len(generated) >= 30


@pytest.mark.parametrize("case", STATIC, ids=[c.name for c in STATIC])
def test_static_case(case: Path, capsys: Capsys) -> None:
    code, found, err = run_validate(case, capsys)
    compare(case, found)
    errors = [line for line in found if not line.endswith(" LDG035")]  # LDG035 is a warning
    assert code == (1 if errors else 0)
    assert "internal error" not in err and "Traceback" not in err


@pytest.fixture
def ledger(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    shutil.copytree(MINIMAL, root)
    return root


def validate(root: Path, capsys: Capsys) -> tuple[int, list[str]]:
    code, found, err = run_validate(root, capsys)
    assert "internal error" not in err
    return code, found


def test_generated_50_mb_file(ledger: Path, capsys: Capsys) -> None:
    with (ledger / INCIDENT).open("ab") as handle:
        handle.write(b"impact: " + b"x" * (50 * 1024 * 1024) + b"\n")
    started = time.perf_counter()
    assert validate(ledger, capsys) == (1, [f"{INCIDENT}:1:1 LDG007"])
    assert time.perf_counter() - started < 5  # only the first 5 MB + 1 byte are read


def test_generated_10000_levels_of_nesting(ledger: Path, capsys: Capsys) -> None:
    (ledger / INCIDENT).write_text("impact: " + "[" * 10_000 + "]" * 10_000 + "\n")
    code, found = validate(ledger, capsys)
    assert (code, [line.split(":")[0] + " " + line.split()[-1] for line in found]) == (
        1, [f"{INCIDENT} LDG011"])


def test_generated_10000_levels_of_mappings(ledger: Path, capsys: Capsys) -> None:
    (ledger / INCIDENT).write_text("impact: " + "{a: " * 10_000 + "b" + "}" * 10_000 + "\n")
    code, found = validate(ledger, capsys)
    assert code == 1 and [line.split()[-1] for line in found] == ["LDG011"]


def test_generated_symlink_to_a_file_outside(ledger: Path, tmp_path: Path, capsys: Capsys) -> None:
    outside = tmp_path / "secret.yaml"
    outside.write_text((ledger / INCIDENT).read_text())
    (ledger / "incidents" / "leak.yaml").symlink_to(outside)
    assert validate(ledger, capsys) == (1, ["incidents/leak.yaml:1:1 LDG010"])


def test_generated_symlink_loop_folder(ledger: Path, capsys: Capsys) -> None:
    (ledger / "incidents" / "loop").symlink_to(ledger / "incidents", target_is_directory=True)
    assert validate(ledger, capsys) == (1, ["incidents/loop:1:1 LDG010"])


def test_generated_dangling_symlink(ledger: Path, capsys: Capsys) -> None:
    (ledger / "incidents" / "gone.yaml").symlink_to(ledger / "incidents" / "nowhere.yaml")
    assert validate(ledger, capsys) == (1, ["incidents/gone.yaml:1:1 LDG010"])


def test_generated_fifo_is_not_read(ledger: Path, capsys: Capsys) -> None:
    os.mkfifo(ledger / "incidents" / "pipe.yaml")  # reading it would block forever
    assert validate(ledger, capsys) == (1, ["incidents/pipe.yaml:1:1 LDG010"])


def test_generated_bidi_in_file_name(ledger: Path, capsys: Capsys) -> None:
    (ledger / "incidents" / "inc-\u202egnp.yaml").write_text((ledger / INCIDENT).read_text())
    assert validate(ledger, capsys) == (1, ["incidents/inc-\\u202egnp.yaml:1:1 LDG009"])


@pytest.mark.skipif(sys.platform == "darwin", reason="macOS file systems refuse non-UTF-8 names")
def test_generated_undecodable_file_name(ledger: Path, capsys: Capsys) -> None:
    name = os.fsencode(ledger / "incidents") + b"/inc-\xff.yaml"
    with open(name, "wb") as handle:
        handle.write(b"title: x\n")
    assert validate(ledger, capsys) == (1, ["incidents/inc-\\xff.yaml:1:1 LDG009"])


def test_generated_newline_in_file_name(ledger: Path, capsys: Capsys) -> None:
    (ledger / "incidents" / "inc\nfake.yaml:1:1: LDG000 forged").write_text("title: x\n")
    code, found = validate(ledger, capsys)
    assert (code, found) == (1, ["incidents/inc\\nfake.yaml:1:1: LDG000 forged:1:1 LDG009"])


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0, reason="root reads any file")
def test_generated_unreadable_file(ledger: Path, capsys: Capsys) -> None:
    (ledger / INCIDENT).chmod(0)
    try:
        assert validate(ledger, capsys) == (1, [f"{INCIDENT}:1:1 LDG013"])
    finally:
        (ledger / INCIDENT).chmod(0o644)


def test_generated_1_mb_of_text(ledger: Path, capsys: Capsys) -> None:
    text = ("A long paragraph of evidence. " * 40 + "\n\n") * 870  # about 1 MB
    with (ledger / INCIDENT).open("a") as handle:
        handle.write("impact: |\n" + "".join(f"  {line}\n" for line in text.splitlines()))
    assert (ledger / INCIDENT).stat().st_size > 1_000_000
    assert validate(ledger, capsys) == (0, [])


def test_generated_10000_action_items(ledger: Path, capsys: Capsys) -> None:
    items = "".join(
        f"  - id: a{i}\n    action: Fix number {i}.\n    kind: prevent\n    due: 2024-05-01\n"
        f"    status: complete\n    completed: 2024-04-0{1 + i % 9}\n" for i in range(10_000)
    )
    with (ledger / INCIDENT).open("a") as handle:
        handle.write("action_items:\n" + items)
    started = time.perf_counter()
    assert validate(ledger, capsys) == (0, [])
    assert time.perf_counter() - started < 10


def test_generated_10000_action_items_one_bad(ledger: Path, capsys: Capsys) -> None:
    items = "".join(f"  - {{id: a{i}, action: x, kind: prevent, due: 2024-05-01, status: ongoing}}\n"
                    for i in range(10_000))
    with (ledger / INCIDENT).open("a") as handle:
        handle.write("action_items:\n" + items.replace("a9999, action: x, kind: prevent", "a9999, action: x, kind: fix"))
    started = time.perf_counter()
    assert validate(ledger, capsys) == (1, [f"{INCIDENT}:10009:34 LDG024"])
    # the full validator names the error: about 4.5 s on an idle 2-core machine (valid: 2 s)
    assert time.perf_counter() - started < 30


def test_no_traceback_on_the_text_format(capsys: Capsys) -> None:
    # every case once more through the default text report, which prints the raw messages
    for case in STATIC:
        assert main(["validate", "--root", str(case), "--format", "text"]) in (0, 1), case.name
        out, err = capsys.readouterr()
        assert "\x1b" not in out and "Traceback" not in err, case.name
