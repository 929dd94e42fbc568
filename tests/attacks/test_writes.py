"""Family 4: writes are serialised and atomic; leftovers of editors and killed runs are no error."""

from __future__ import annotations

import os
import signal
import subprocess
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
import yaml

from tests.attacks.conftest import LEDGER, Ledger

RECORD = "incidents/2024/cfca-cpr-response.yaml"


def test_six_concurrent_updates_are_all_kept(ledger: Ledger) -> None:
    texts = [f"concurrent update {n}" for n in range(6)]
    with ThreadPoolExecutor(6) as pool:
        done = list(pool.map(
            lambda n: ledger.spawn("add", "update", "cfca-cpr-response", "--text", texts[n],
                                   "--at", f"2025-05-0{n + 1}"),
            range(6),
        ))
    assert [(d.code, d.out) for d in done] == [(0, f"updated {RECORD}\n")] * 6
    data = yaml.safe_load((ledger.root / RECORD).read_text())
    assert sorted(u["text"] for u in data["updates"] if u["text"] in texts) == texts
    assert ledger.run("validate").code == 0
    leftovers = [p.name for p in (ledger.root / "incidents" / "2024").iterdir() if p.name != "cfca-cpr-response.yaml"]
    assert leftovers == []


def test_concurrent_action_items_get_distinct_ids(ledger: Ledger) -> None:
    with ThreadPoolExecutor(4) as pool:
        done = list(pool.map(
            lambda _: ledger.spawn("add", "action-item", "cfca-cpr-response", "--due",
                                   "2025-09-01", "--today", "2025-05-01"),
            range(4),
        ))
    assert [d.code for d in done] == [0] * 4, [d.err for d in done]
    items = yaml.safe_load((ledger.root / RECORD).read_text())["action_items"]
    ids = [i["id"] for i in items]
    assert len(ids) == len(set(ids))
    assert sum(1 for i in items if str(i["due"]) == "2025-09-01") == 4  # none lost


def test_concurrent_new_records_never_share_a_name(ledger: Ledger) -> None:
    with ThreadPoolExecutor(4) as pool:
        done = list(pool.map(
            lambda _: ledger.spawn("new", "problem-report", "--channel", "cfca-rc-mailbox",
                                   "--today", "2025-05-01", "--received", "2025-05-01T08:00Z"),
            range(4),
        ))
    assert sorted(d.code for d in done) == [0] * 4, [d.err for d in done]
    made = sorted(p.name for p in (ledger.root / "ledger" / "problem-reports").glob("cpr-2025*"))
    assert made == ["cpr-2025-05-01-2.yaml", "cpr-2025-05-01-3.yaml", "cpr-2025-05-01-4.yaml",
                    "cpr-2025-05-01.yaml"]


def test_a_writer_waits_for_the_lock(ledger: Ledger) -> None:
    from generator.locking import ledger_lock

    with ledger_lock(ledger.root):
        proc = subprocess.Popen(
            [*LEDGER, "add", "update", "cfca-cpr-response", "--at", "2025-05-01", "--text", "ok"],
            cwd=ledger.root, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )
        time.sleep(1.5)
        assert proc.poll() is None  # still waiting: it has not read the record yet
        before = (ledger.root / RECORD).read_bytes()
    out, err = proc.communicate(timeout=60)
    assert (proc.returncode, out) == (0, f"updated {RECORD}\n"), err
    assert (ledger.root / RECORD).read_bytes() != before


def test_a_killed_writer_releases_the_lock(ledger: Ledger) -> None:
    with subprocess.Popen(
        [*LEDGER[:2], "from generator.locking import ledger_lock\nimport sys, time\n"
         f"with ledger_lock(__import__('pathlib').Path({str(ledger.root)!r})):\n"
         "    print('held', flush=True); time.sleep(600)\n"],
        stdout=subprocess.PIPE, text=True,
    ) as holder:
        assert holder.stdout is not None and holder.stdout.readline() == "held\n"
        os.kill(holder.pid, signal.SIGKILL)
        holder.wait()
    done = ledger.spawn("add", "update", "cfca-cpr-response", "--at", "2025-05-01", "--text", "ok",
                        timeout=30)
    assert done.code == 0, done.err


SCRATCH = [".cfca-cpr-response.yaml.swp", ".cfca-cpr-response.yaml.swo", "cfca-cpr-response.yaml~",
           ".#cfca-cpr-response.yaml", "#cfca-cpr-response.yaml#",
           ".cfca-cpr-response.yaml.4242.tmp"]


@pytest.mark.parametrize("name", SCRATCH)
def test_editor_and_killed_run_leftovers_are_ignored(ledger: Ledger, name: str) -> None:
    for folder in ("incidents/2024", "ledger/contacts", "ledger"):
        (ledger.root / folder / name).write_text("not: [valid\n")
    ledger.commit("leftovers committed by mistake")
    for argv in (["validate"], ["validate", "--at", "HEAD"]):
        done = ledger.run(*argv)
        assert (done.code, done.out) == (0, ""), done.out
    assert (ledger.root / "incidents/2024" / name).exists()  # not the tool's to delete


def test_a_lock_file_outside_git_stays_out_of_the_record_folders(ledger: Ledger) -> None:
    import shutil

    shutil.rmtree(ledger.root / ".git")
    done = ledger.run("add", "update", "cfca-cpr-response", "--at", "2025-05-01", "--text", "ok")
    assert done.code == 0, done.err
    assert (ledger.root / ".compliance-ledger.lock").exists()
    assert ledger.run("validate").code == 0


def test_a_planted_lock_link_is_refused(ledger: Ledger) -> None:
    import shutil

    shutil.rmtree(ledger.root / ".git")
    victim = ledger.outside / "victim.txt"
    victim.write_text("keep me\n")
    (ledger.root / ".compliance-ledger.lock").symlink_to(victim)
    before = ledger.records()
    done = ledger.run("add", "update", "cfca-cpr-response", "--at", "2025-05-01", "--text", "T.")
    assert done.code == 2
    assert done.error.startswith("error: the lock file ") and "is a symbolic link — remove it" in done.error
    assert victim.read_text() == "keep me\n" and ledger.records() == before


def test_a_planted_temp_link_is_not_written_through(ledger: Ledger) -> None:
    """The temp file's name is predictable (pid): a link planted there is replaced, its target
    untouched. In-process, the command's pid is this process's."""
    victim = ledger.outside / "victim.txt"
    victim.write_text("keep me\n")
    planted = ledger.root / "incidents" / "2024" / f".cfca-cpr-response.yaml.{os.getpid()}.tmp"
    planted.symlink_to(victim)
    done = ledger.run("add", "update", "cfca-cpr-response", "--at", "2025-05-01", "--text", "ok")
    assert (done.code, done.err) == (0, "")
    assert victim.read_text() == "keep me\n"
    assert not planted.exists() and not planted.is_symlink()
    assert "ok" in (ledger.root / RECORD).read_text()
