"""The default of `ledger init --package`: this very copy, pinned, or a clear error."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from generator import package_spec
from generator.cli import main
from generator.errors import LedgerError

REPO_URL = "https://github.com/example/compliance-ledger"
SHA = "0123456789abcdef0123456789abcdef01234567"


def git(folder: Path, *args: str) -> str:
    done = subprocess.run(["git", "-C", str(folder), *args], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


@pytest.fixture
def checkout(tmp_path: Path) -> Path:
    folder = tmp_path / "src"
    folder.mkdir()
    git(folder, "init", "-q")
    (folder / "pyproject.toml").write_text("[project]\nname = 'x'\n")
    git(folder, "add", "-A")
    git(folder, "-c", "user.name=T", "-c", "user.email=t@example.org", "commit", "-qm", "x")
    return folder


def test_a_vcs_install_is_pinned_to_its_commit() -> None:
    direct = {
        "url": REPO_URL,
        "vcs_info": {"vcs": "git", "commit_id": SHA, "requested_revision": "main"},
    }
    spec = package_spec.from_direct_url(direct, REPO_URL, None)
    assert spec == f"compliance-ledger @ git+{REPO_URL}@{SHA}"


def test_an_https_archive_keeps_its_hash() -> None:
    url = "https://example.org/compliance_ledger-1.0-py3-none-any.whl"
    direct = {"url": url, "archive_info": {"hash": "sha256=abc"}}
    assert (
        package_spec.from_direct_url(direct, url, None) == f"compliance-ledger @ {url}#sha256=abc"
    )


def test_a_clean_checkout_is_the_repository_at_its_head(checkout: Path) -> None:
    direct = {"url": checkout.as_uri(), "dir_info": {"editable": True}}
    spec = package_spec.from_direct_url(direct, checkout.as_uri(), REPO_URL)
    assert spec == f"compliance-ledger @ git+{REPO_URL}@{git(checkout, 'rev-parse', 'HEAD')}"


def test_uncommitted_changes_have_no_commit_to_pin(checkout: Path) -> None:
    (checkout / "pyproject.toml").write_text("changed\n")
    with pytest.raises(LedgerError, match="uncommitted changes") as raised:
        package_spec.from_checkout(checkout, REPO_URL)
    assert "--package" in raised.value.fix


@pytest.mark.parametrize(
    "direct",
    [
        {"url": "file:///tmp/compliance_ledger-1.0-py3-none-any.whl", "archive_info": {}},
        {"url": "file:///nowhere/at/all", "dir_info": {}},
    ],
)
def test_what_a_runner_cannot_reach_asks_for_package(direct: dict[str, object]) -> None:
    with pytest.raises(LedgerError) as raised:
        package_spec.from_direct_url(direct, str(direct["url"]), REPO_URL)
    assert "--package" in raised.value.fix


def test_the_repository_url_comes_from_the_package_metadata() -> None:
    from importlib import metadata

    dist = metadata.distribution("compliance-ledger")
    assert package_spec.repository(dist) == "https://github.com/compliance-ledger/compliance-ledger"


def test_init_without_package_says_what_to_do_when_it_cannot_pin(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    def unreachable() -> str:
        return package_spec.from_direct_url(
            {"url": "file:///x.whl", "archive_info": {}}, "file:///x.whl", REPO_URL
        )

    monkeypatch.setattr(package_spec, "default_spec", unreachable)
    assert main(["init", str(tmp_path / "r"), "--no-git"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: this copy of compliance-ledger was installed from file:///x.whl")
    assert "--package" in err and not (tmp_path / "r").exists()
