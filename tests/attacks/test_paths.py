"""Family 2: one rule for paths. Nothing outside the repository is read; links that loop,
FIFOs and devices are diagnostics naming the path; every read keeps the 5 MiB cap."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from tests.attacks.conftest import AS_OF, SECRET, Ledger, assert_no_secret, tree_text

OUTSIDE = "LDG010 symbolic link to a file or folder outside the ledger (it is not read) (stray-file)"
NOWHERE = "LDG010 symbolic link that leads nowhere (a loop or a missing target) (stray-file)"


def swap_for_link(ledger: Ledger, top: str, target: Path) -> None:
    shutil.rmtree(ledger.root / top)
    (ledger.root / top).symlink_to(target, target_is_directory=True)


@pytest.mark.parametrize("top", ["incidents", "ledger"])
def test_a_top_level_link_outside_is_not_followed(ledger: Ledger, top: str) -> None:
    swap_for_link(ledger, top, ledger.outside)
    for argv in (["validate"], ["check", *AS_OF], ["build", "--no-history", *AS_OF]):
        done = ledger.run(*argv)
        assert done.code == 1, (argv, done.err)
        assert f"{top}:1:1: {OUTSIDE}" in done.out + done.err
        assert_no_secret(done.out, done.err)
    assert_no_secret(tree_text(ledger.root / "site"), tree_text(ledger.root / "build"))


def test_a_top_level_link_inside_the_repository_is_followed(ledger: Ledger) -> None:
    (ledger.root / "data").mkdir()
    shutil.move(ledger.root / "incidents", ledger.root / "data" / "incidents")
    (ledger.root / "incidents").symlink_to(ledger.root / "data" / "incidents")
    done = ledger.run("validate")
    assert (done.code, done.out) == (0, "")


@pytest.mark.parametrize("where", ["incidents/loop", "incidents/2024/loop.yaml", "ledger"])
def test_symlink_loops_are_a_diagnostic(ledger: Ledger, where: str) -> None:
    path = ledger.root / where
    if path.exists():
        shutil.rmtree(path)
    path.with_name(path.name + "-b").symlink_to(path.name)
    path.symlink_to(path.name + "-b")
    before = ledger.records()
    for argv in (["validate"], ["check", *AS_OF]):
        done = ledger.run(*argv)
        assert done.code == 1, (argv, done.err)
        assert f"{where}:1:1: {NOWHERE}" in done.out + done.err
    # `new` checks only the record it writes: the loop elsewhere does not stop it, nor crash it
    done = ledger.run("new", "contact", "--address", "a@b.example", "--owner", "x", "--stdout")
    assert (done.code, done.err) == (0, "")
    assert ledger.records() == before


def test_a_fifo_is_a_diagnostic_not_a_hang(ledger: Ledger) -> None:
    os.mkfifo(ledger.root / "incidents" / "2024" / "pipe.yaml")
    done = ledger.spawn("validate", timeout=60)  # a read of the FIFO would never end
    assert done.code == 1
    assert (
        "incidents/2024/pipe.yaml:1:1: LDG010 not a regular file (stray-file)\n"
        "    fix: records are plain files; remove it\n"
    ) in done.out


def test_a_device_is_a_diagnostic(ledger: Ledger) -> None:
    (ledger.root / "incidents" / "2024" / "zero.yaml").symlink_to("/dev/zero")
    done = ledger.spawn("validate", timeout=60)
    assert done.code == 1
    assert f"incidents/2024/zero.yaml:1:1: {OUTSIDE}" in done.out


def test_a_policy_linked_outside_is_not_read(ledger: Ledger) -> None:
    policy = ledger.root / "ledger" / "policy.yaml"
    policy.unlink()
    policy.symlink_to(ledger.outside / "policy.yaml")
    done = ledger.run("new", "incident", "A title", "--owner", "x", "--stdout")
    assert done.code == 0 and SECRET not in done.out + done.err
    done = ledger.run("validate")
    assert f"ledger/policy.yaml:1:1: {OUTSIDE}" in done.out


def test_a_policy_linked_inside_keeps_the_cap(ledger: Ledger) -> None:
    big = ledger.root / "big.yaml"
    big.write_text("# " + "x" * (5 * 1024 * 1024) + "\nschema_version: 1\n")
    policy = ledger.root / "ledger" / "policy.yaml"
    policy.unlink()
    policy.symlink_to(big)
    done = ledger.run("validate")
    assert done.code == 1
    assert "ledger/policy.yaml:1:1: LDG" in done.out
    assert "file is larger than the limit of 5,242,880 bytes" in done.out
    # `new` reads the policy for its time zone: the same cap, so the same file is refused
    assert ledger.run("new", "incident", "T", "--owner", "x", "--stdout").code == 0


def test_a_huge_blob_in_a_commit_keeps_the_cap(ledger: Ledger) -> None:
    record = ledger.root / "incidents" / "2024" / "huge.yaml"
    record.write_text("title: x\n" + "# " + "y" * (6 * 1024 * 1024) + "\n")
    sha = ledger.commit("a huge record")
    record.unlink()
    ledger.commit("removed again")
    for argv in (["validate", "--at", sha], ["check", "--at", sha, *AS_OF]):
        done = ledger.run(*argv)
        assert done.code == 1
        assert "incidents/2024/huge.yaml:1:1: LDG" in done.out, done.out
        assert "file is larger than the limit of 5,242,880 bytes" in done.out
    done = ledger.run("diff", f"{sha}~1", sha)
    assert done.code in (0, 1) and "Traceback" not in done.err


def test_a_record_swapped_for_a_fifo_after_listing_is_an_error_not_a_hang(ledger: Ledger) -> None:
    from generator.validate import read_capped

    fifo = ledger.root / "incidents" / "2024" / "late.yaml"
    os.mkfifo(fifo)
    with pytest.raises(OSError, match="not a regular file"):
        read_capped(fifo)


def test_a_linked_mkdocs_yml_is_not_read_by_new(ledger: Ledger) -> None:
    """`ledger new` reads mkdocs.yml's site_url for the schema comment: inside the repository
    only, and never a FIFO (which would hang it)."""
    (ledger.outside / "mkdocs.yml").write_text(f"site_url: https://{SECRET}.example/\n")
    (ledger.root / "mkdocs.yml").symlink_to(ledger.outside / "mkdocs.yml")
    done = ledger.run("new", "incident", "T", "--owner", "x", "--stdout")
    assert done.code == 0 and SECRET not in done.out
    assert "$schema=https://compliance-ledger.dev/schemas/v1/incident.schema.json" in done.out
    (ledger.root / "mkdocs.yml").unlink()
    os.mkfifo(ledger.root / "mkdocs.yml")
    done = ledger.spawn("new", "incident", "T", "--owner", "x", "--stdout", timeout=60)
    assert done.code == 0, done.err


SEEN: list[str] = []
RECORDING: list[bool] = []


def _audit(event: str, args: tuple[object, ...]) -> None:
    if RECORDING and event in ("open", "os.scandir", "os.listdir") and args:
        target = args[0]
        if isinstance(target, (str, bytes, os.PathLike)):
            SEEN.append(os.path.realpath(os.fsdecode(target)))


@pytest.fixture
def audited() -> list[str]:
    """Every file and folder opened meanwhile in this process, as real paths (audit hooks
    cannot be removed: the hook records only while a test asks it to)."""
    if not getattr(_audit, "installed", False):
        import sys

        sys.addaudithook(_audit)
        _audit.installed = True  # type: ignore[attr-defined]
    SEEN.clear()
    RECORDING.append(True)
    yield SEEN
    RECORDING.clear()


@pytest.mark.parametrize("top", ["incidents", "ledger"])
def test_nothing_outside_is_opened(ledger: Ledger, top: str, audited: list[str]) -> None:
    swap_for_link(ledger, top, ledger.outside)
    (ledger.root / "incidents" / "2024" / "leak.yaml").symlink_to(
        ledger.outside / "2024" / "leak.yaml"
    ) if top == "ledger" else None
    (ledger.root / "mkdocs.yml").symlink_to(ledger.outside / "policy.yaml")
    for argv in (["validate"], ["check", *AS_OF], ["new", "incident", "T", "--owner", "x",
                                                   "--stdout"], ["build", "--no-history", *AS_OF]):
        ledger.run(*argv)
    outside = os.path.realpath(ledger.outside)
    assert audited, "the hook saw nothing: it is not recording"
    assert [p for p in audited if p == outside or p.startswith(outside + os.sep)] == []


def test_a_device_node_inside_is_a_diagnostic(ledger: Ledger) -> None:
    import stat

    node = ledger.root / "incidents" / "2024" / "zero.yaml"
    try:
        os.mknod(node, stat.S_IFCHR | 0o600, os.makedev(1, 5))  # the numbers of /dev/zero
    except PermissionError:
        pytest.skip("making a device node needs CAP_MKNOD")
    done = ledger.spawn("validate", timeout=60)  # a read of /dev/zero would never end
    assert done.code == 1
    assert "incidents/2024/zero.yaml:1:1: LDG010 not a regular file (stray-file)" in done.out
