"""Family 3: every failure is exit 1 (problems in the ledger) or 2 (cannot run), with
`error: what — how to fix` or `file:line:col`, never exit 3."""

from __future__ import annotations

import contextlib
import errno
import os
import re
import socket
import subprocess
from pathlib import Path

import pytest

from tests.attacks.conftest import AS_OF, Ledger
from tests.helpers import small_tmpfs

RECORD = "incidents/2024/cfca-cpr-response.yaml"


def set_line(ledger: Ledger, key: str, value: str) -> None:
    path = ledger.root / RECORD
    text = path.read_text()
    path.write_text(re.sub(rf"(?m)^{key}: .*$", f"{key}: {value}", text, count=1))


FAR = ['"9999-12-31 23:00"', '"9999-12-31T23:59-12:00"', "9999-12-31", '"3000-01-01T00:00+14:00"']


@pytest.mark.parametrize(
    ("key", "value"),
    [*(("aware", v) for v in FAR), *(("opened", v) for v in FAR), ("close_on", "9999-12-31")],
)
def test_far_future_dates_are_a_diagnostic(ledger: Ledger, key: str, value: str) -> None:
    set_line(ledger, key, value)
    line = 1 + next(
        i for i, t in enumerate((ledger.root / RECORD).read_text().splitlines())
        if t.startswith(key + ":")
    )
    for argv in (["validate"], ["check", *AS_OF], ["build", "--no-history", *AS_OF]):
        done = ledger.run(*argv)
        assert done.code == 1, (argv, done.err)
        assert re.search(
            rf"^{RECORD}:{line}:\d+: LDG031 '\d{{4}}-\d\d-\d\d' is outside the years the format "
            r"accepts \(1970-2999\) \(invalid-date\)$", done.out, re.M
        ), done.out


@pytest.mark.parametrize("as_of", ["9999-12-31T23:59:59-12:00", "9999-12-31", "1969-12-31"])
def test_an_as_of_at_the_limits_is_a_usage_error(ledger: Ledger, as_of: str) -> None:
    done = ledger.run("check", "--as-of", as_of)
    assert done.code == 2
    assert done.error.startswith(f"error: --as-of '{as_of}': '")
    assert done.error.endswith("is outside the years the format accepts (1970-2999) — check the year")


def test_the_last_accepted_instant_works(ledger: Ledger) -> None:
    done = ledger.run("check", "--as-of", "2999-12-31T23:59:59-12:00")
    # judged, not refused: exit 1 for the example's open errors (never-recorded revocations),
    # never 2 or 3
    assert done.code == 1, done.err
    assert done.err.endswith(" as of 3000-01-01 11:59:59 UTC\n")
    assert "cpr-revocation-overdue" in done.out


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("2024-03-31 02:30", "does not exist in Europe/Berlin: the clocks skip it"),
        ("2024-10-27 02:30", "happens twice in Europe/Berlin: the clocks go back"),
    ],
)
def test_daylight_saving_gaps_and_repeats_are_a_diagnostic(
    ledger: Ledger, text: str, message: str
) -> None:
    set_line(ledger, "timezone", "Europe/Berlin")
    set_line(ledger, "aware", f'"{text}"')
    done = ledger.run("validate")
    assert done.code == 1
    assert f"'{text}' {message} (daylight saving time)" in done.out
    assert "+02:00 or +01:00" in done.out  # the hint names both offsets to choose from
    set_line(ledger, "aware", f'"{text}+01:00"')
    assert ledger.run("validate").code == 0  # an offset settles it


ODD_DATES = [
    "253402300800 +0000",  # year 10000
    "18446744073709551617 +0000",  # past 64 bits
    "-1 +0000",
    "1700000000 +9959",
    "1700000000 xyz",
    "",
    "abc +0000",
]


@pytest.mark.parametrize("date", ODD_DATES)
@pytest.mark.parametrize("who", ["author", "committer"])
def test_commits_with_odd_dates_are_read_as_1970(ledger: Ledger, date: str, who: str) -> None:
    path = ledger.root / RECORD
    path.write_text(path.read_text() + "# edited\n")
    ledger.git("add", "-A")
    tree = ledger.git("write-tree")
    head = ledger.git("rev-parse", "HEAD")
    dates = {"author": "1700000000 +0000", "committer": "1700000000 +0000", who: date}
    raw = (
        f"tree {tree}\nparent {head}\nauthor Mallory <m@example.org> {dates['author']}\n"
        f"committer Mallory <m@example.org> {dates['committer']}\n\nodd date\n"
    )
    sha = ledger.git("hash-object", "-t", "commit", "-w", "--stdin", "--literally", stdin=raw)
    ledger.git("update-ref", "HEAD", sha)
    for argv in (
        ["check", "--history", *AS_OF],
        ["history", RECORD],
        ["diff", head, sha],
        ["build", *AS_OF],
    ):
        done = ledger.run(*argv)
        assert done.code in (0, 1), (argv, done.err)
        assert "internal error" not in done.err
    if who == "author":
        assert "1970-01-01" in ledger.run("history", RECORD).out or date.startswith("1700")


@pytest.mark.parametrize(
    "damage",
    [b"", b"garbage", b"0" * 64 + b"\n{}", b"\xff\xfe", "fifo", "link", "folder", "bomb"],
)
def test_a_damaged_history_cache_is_a_miss(ledger: Ledger, damage: object) -> None:
    first = ledger.run("check", "--history", *AS_OF)
    cache = sorted((ledger.root / ".git" / "compliance-ledger").glob("history-*.json"))
    assert cache
    for path in cache:
        path.unlink()
        if damage == "fifo":
            os.mkfifo(path)
        elif damage == "link":
            path.symlink_to(ledger.outside / "policy.yaml")
        elif damage == "folder":
            path.mkdir()
        elif damage == "bomb":  # a valid digest over a cache of the wrong shapes
            import hashlib

            body = b'{"version":2,"head":1,"shallow":"x","commits":[[1e400]],"files":{}}'
            path.write_bytes(hashlib.sha256(body).hexdigest().encode() + b"\n" + body)
        else:
            assert isinstance(damage, bytes)
            path.write_bytes(damage)
    done = ledger.spawn("check", "--history", *AS_OF, timeout=60)  # a FIFO read would hang
    assert (done.code, done.out) == (first.code, first.out), done.err


def test_a_port_in_use_is_one_error(ledger: Ledger) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        done = ledger.spawn("serve", "--dev-addr", f"127.0.0.1:{port}", *AS_OF, timeout=120)
    assert done.code == 2
    assert done.error == (
        f"error: cannot serve on 127.0.0.1:{port}: Address already in use — stop the program "
        "that uses it, or pass --dev-addr 127.0.0.1:PORT with a free port"
    )


def half_written(tmp: Path, _text: str) -> None:
    """The temp file is created and part of it written, then the disk is full."""
    tmp.write_bytes(b"schema_version: 1\ntit")
    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(tmp))


def test_disk_full_in_new_leaves_no_folder(ledger: Ledger, monkeypatch: pytest.MonkeyPatch) -> None:
    before = ledger.records()
    monkeypatch.setattr("generator.authoring._write_temp", half_written)
    done = ledger.run("new", "incident", "Disk full", "--owner", "x", "--today", "2031-05-01")
    assert done.code == 2
    assert done.error.startswith("error: cannot write incidents/2031/disk-full.yaml (No space")
    assert done.error.endswith("nothing was changed — free some space on that disk, then run "
                               "the command again")
    monkeypatch.undo()
    assert ledger.records() == before
    assert not (ledger.root / "incidents" / "2031").exists()


def test_disk_full_in_add_keeps_the_record(ledger: Ledger, monkeypatch: pytest.MonkeyPatch) -> None:
    before = ledger.records()
    monkeypatch.setattr("generator.authoring._write_temp", half_written)
    done = ledger.run("add", "update", "cfca-cpr-response", "--at", "2025-05-01", "--text", "ok")
    monkeypatch.undo()
    assert done.code == 2 and "No space left on device" in done.error
    assert ledger.records() == before  # no temp file, no byte changed


def test_real_disk_full_on_a_small_tmpfs(ledger: Ledger, tmp_path: Path) -> None:
    with small_tmpfs(tmp_path / "small", "64k") as mount:
        for name in ("incidents", "ledger"):
            subprocess.run(["cp", "-r", str(ledger.root / name), str(mount)], check=True)
        with open(mount / "fill", "wb", buffering=0) as fill:  # fill the rest
            with contextlib.suppress(OSError):
                while True:
                    fill.write(b"\0" * 4096)
        outcome = Ledger(mount, ledger.outside).run(
            "new", "incident", "Disk full", "--owner", "x", "--today", "2031-05-01"
        )
        assert outcome.code == 2, outcome.err
        assert "No space left on device" in outcome.error
        assert not (mount / "incidents" / "2031").exists()


@pytest.mark.parametrize("address", ["abc", "127.0.0.1:99999", ":8000", "127.0.0.1:0", "h:x"])
def test_a_bad_serve_address_is_a_usage_error(ledger: Ledger, address: str) -> None:
    done = ledger.run("serve", "--dev-addr", address)
    assert done.code == 2
    assert done.error == (
        f"error: --dev-addr {address!r} is not HOST:PORT — give an address and a port from 1 to "
        "65535, e.g. 127.0.0.1:8000"
    )
