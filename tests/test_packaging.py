"""Packaging a distributor accepts: `python -m build` without deprecation warnings, an SPDX
license with its text, one version, both command names, `python -m generator`, and the tests'
case data in the sdist."""

from __future__ import annotations

import subprocess
import sys
import tarfile
import tomllib
import zipfile
from pathlib import Path

import pytest

import generator

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def dist(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    pytest.importorskip("build", reason="pip install build (part of the test extra)")
    out = tmp_path_factory.mktemp("dist")
    # no isolation: the test environment's setuptools (>=77, the test extra), no network
    done = subprocess.run(
        [
            sys.executable,
            "-W",
            "default",
            "-m",
            "build",
            "--no-isolation",
            "-o",
            str(out),
            str(REPO),
        ],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return out, done.stdout + done.stderr


def test_build_gives_no_deprecation_warning(dist: tuple[Path, str]) -> None:
    _, log = dist
    assert "deprecat" not in log.lower(), log
    assert "SetuptoolsWarning" not in log


def test_the_wheel_metadata(dist: tuple[Path, str]) -> None:
    (wheel,) = dist[0].glob("*.whl")
    with zipfile.ZipFile(wheel) as archive:
        info = f"compliance_ledger-{generator.__version__}.dist-info"
        meta = archive.read(f"{info}/METADATA").decode()
        entry_points = archive.read(f"{info}/entry_points.txt").decode()
        assert "Apache License" in archive.read(f"{info}/licenses/LICENSE").decode()
    assert f"Version: {generator.__version__}\n" in meta
    assert "License-Expression: Apache-2.0\n" in meta and "License-File: LICENSE\n" in meta
    assert "Project-URL: Repository, https://" in meta and "Classifier: " in meta
    assert "ledger = generator.cli:run" in entry_points
    assert "compliance-ledger = generator.cli:run" in entry_points


def test_the_sdist_carries_the_tests_and_their_data(dist: tuple[Path, str]) -> None:
    (sdist,) = dist[0].glob("*.tar.gz")
    with tarfile.open(sdist) as archive:
        names = {n.split("/", 1)[1] for n in archive.getnames() if "/" in n}
    for wanted in (
        "LICENSE",
        "tests/test_cases.py",
        "tests/data/sarif-schema-2.1.0.json",
        "incidents",
        "ledger/policy.yaml",
        "mkdocs.yml",
    ):
        assert wanted in names, wanted
    assert any(n.startswith("tests/cases/valid/") and n.endswith(".yaml") for n in names)
    assert any(n.startswith("tests/hostile/") for n in names)


def test_python_m_generator_runs_the_cli() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "generator", "--version"], capture_output=True, text=True
    )
    assert done.returncode == 0 and generator.__version__ in done.stdout, done.stderr


def test_the_version_is_written_once() -> None:
    config = tomllib.loads((REPO / "pyproject.toml").read_text("utf-8"))
    assert "version" not in config["project"] and config["project"]["dynamic"] == ["version"]
    assert config["tool"]["setuptools"]["dynamic"]["version"] == {"attr": "generator.__version__"}
