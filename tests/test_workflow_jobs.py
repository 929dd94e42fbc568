"""A fresh `ledger init` repository, its package spec pointed at a local build of this project:
every workflow job's steps run to their expected outcome (tests/workflow_runner.py plays the
runner, a fake GitHub API answers on localhost), and `pre-commit run --all-files` passes.

Offline: the project's wheel is built once per session (`pip wheel --no-deps`); pip installs it
with no index, and finds the dependencies already present (PYTHONPATH to a folder holding
everything of the test environment but this project).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import yaml
from test_tracking import REPO as GITHUB_REPO
from test_tracking import FakeGitHub, fake  # noqa: F401  (fake: the fixture)
from workflow_runner import Runner, write_event

from generator import init

PROJECT = Path(__file__).resolve().parent.parent
OURS = ("compliance_ledger", "__editable__", "generator", "pip", "_distutils_hack")

pytestmark = pytest.mark.skipif(
    os.name == "nt" or shutil.which("bash") is None or shutil.which("git") is None,
    reason="the ledger workflows run on ubuntu-latest: bash, git and symlinks are needed",
)


@pytest.fixture(scope="session")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """This project, built once: what `ledger init --package` points at."""
    out = tmp_path_factory.mktemp("wheelhouse")
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(out),
            str(PROJECT),
        ],
        capture_output=True,
        text=True,
        env={**os.environ, "PIP_NO_INDEX": "1"},
    )
    assert done.returncode == 0, done.stderr
    (found,) = out.glob("compliance_ledger-*.whl")
    return found


@pytest.fixture(scope="session")
def deps(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The test environment's packages without this project (and without pip's own tools)."""
    folder = tmp_path_factory.mktemp("deps")
    for entry in Path(sysconfig.get_paths()["purelib"]).iterdir():
        if not entry.name.startswith(OURS) and entry.suffix != ".pth":
            (folder / entry.name).symlink_to(entry)
    return folder


def base_env(tmp: Path, wheel: Path, deps: Path, api: str) -> dict[str, str]:
    home = tmp / "home"
    home.mkdir(exist_ok=True)
    return {
        "PATH": os.pathsep.join(["/usr/local/bin", "/usr/bin", "/bin"]),
        "HOME": str(home),
        "LANG": "C.UTF-8",
        "CI": "true",
        "GITHUB_ACTIONS": "true",
        "GITHUB_REPOSITORY": GITHUB_REPO,
        "GITHUB_API_URL": api,
        "PIP_NO_INDEX": "1",
        "PIP_FIND_LINKS": str(wheel.parent),
        "PIP_CONFIG_FILE": os.devnull,
        "PIP_DISABLE_PIP_VERSION_CHECK": "1",
        "PYTHONPATH": str(deps),
        "GIT_CONFIG_GLOBAL": str(home / "gitconfig"),
        "PRE_COMMIT_HOME": str(tmp / "pre-commit-home"),
        "VIRTUALENV_OVERRIDE_APP_DATA": str(tmp / "virtualenv"),
    }


def git(root: Path, *args: str) -> str:
    done = subprocess.run(
        [
            "git",
            "-C",
            str(root),
            "-c",
            "user.name=CA",
            "-c",
            "user.email=pki@example.org",
            "-c",
            "commit.gpgsign=false",
            *args,
        ],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


INCIDENT = """\
title: {title}
status: open
owner: PKI team
summary: A certificate was issued with a wrong extension.
opened: {opened}
timeline:
  - {{at: {opened}, event: Reported.}}
"""


@pytest.fixture
def ledger(tmp_path: Path, wheel: Path) -> Path:
    """`ledger init` with the local build as the package; one commit on main."""
    root = tmp_path / "ledger"
    init.init(root, package=f"compliance-ledger @ {wheel.as_uri()}")
    git(root, "checkout", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "ledger init")
    return root


def pr_event(root: Path, base: str, number: int = 7) -> dict[str, object]:
    return {
        "number": number,
        "pull_request": {
            "number": number,
            "base": {"sha": base, "ref": "main"},
            "head": {"sha": git(root, "rev-parse", "HEAD"), "repo": {"full_name": GITHUB_REPO}},
        },
    }


def outcome(results: dict[str, list[tuple[str, str]]], job: str) -> dict[str, str]:
    return dict(results[job])


Results = dict[str, list[tuple[str, str]]]
Play = Callable[[str, str, dict[str, object]], tuple[Runner, Results, str]]


@pytest.fixture
def api(fake: FakeGitHub) -> FakeGitHub:  # noqa: F811
    """The fake GitHub API the steps talk to (test_tracking's)."""
    return fake


@pytest.fixture
def play(
    ledger: Path,
    tmp_path: Path,
    wheel: Path,
    deps: Path,
    api: FakeGitHub,
) -> Play:
    """Run one workflow of the ledger repository at its HEAD: (runner, results, log)."""

    def run_it(
        workflow: str, event_name: str, event: dict[str, object]
    ) -> tuple[Runner, Results, str]:
        scratch = Path(tempfile.mkdtemp(dir=tmp_path, prefix="runner-"))
        env = base_env(tmp_path, wheel, deps, api.base)
        env["GITHUB_EVENT_PATH"] = str(write_event(scratch, event))
        run = Runner(ledger, scratch, event, git(ledger, "rev-parse", "HEAD"), env)
        results = run.run_workflow(workflow, event_name)
        return run, results, "\n".join(run.log)

    return run_it


def test_pull_request_jobs_run_and_comment(ledger: Path, play: Play, api: FakeGitHub) -> None:
    base = git(ledger, "rev-parse", "HEAD")
    git(ledger, "checkout", "-q", "-b", "new-incident")
    (ledger / "incidents" / "2026").mkdir(parents=True)
    (ledger / "incidents" / "2026" / "wrong-extension.yaml").write_text(
        INCIDENT.format(title="Wrong extension", opened="2020-01-06T09:00:00Z")
    )
    git(ledger, "add", "-A")
    git(ledger, "commit", "-qm", "Record the wrong-extension incident")
    run, results, log = play("ledger-pr.yml", "pull_request", pr_event(ledger, base))
    check = outcome(results, "check")
    assert check["Install the ledger tool (pinned in requirements.txt)"] == "success", log
    # the incident is years late: check fails, and the later steps still run
    assert check["Validate records"] == "success", log
    assert check["Check deadlines"] == "failure", log
    assert check["Build the site"] == check["Compliance delta"] == "success", log
    assert "::error file=incidents/2026/wrong-extension.yaml" in log
    summary = run.summaries["check/Check deadlines"]
    assert "| **total** |" in summary and "wrong-extension" in summary
    findings = json.loads(
        (run.scratch / "artifacts/ledger-findings/ledger-findings.json").read_text()
    )
    assert findings and all(f["path"].startswith("incidents/") for f in findings)
    comment = outcome(results, "comment")
    assert set(comment.values()) == {"success"}, log
    (posted,) = api.comments[7]
    assert "compliance-ledger:pr-delta" in posted["body"] and "Wrong extension" in posted["body"]


def test_the_comment_job_installs_what_the_base_branch_pins(
    ledger: Path, play: Play, api: FakeGitHub
) -> None:
    """A pull request that changes requirements.txt does not change what the job holding the
    write token installs; and without a checkout (the old workflow) it cannot install at all."""
    base = git(ledger, "rev-parse", "HEAD")
    git(ledger, "checkout", "-q", "-b", "evil")
    (ledger / "requirements.txt").write_text("evil-package==6.6.6\n")
    git(ledger, "commit", "-qam", "Install something else")
    _, results, log = play("ledger-pr.yml", "pull_request", pr_event(ledger, base))
    assert outcome(results, "check")["Install the ledger tool (pinned in requirements.txt)"] == (
        "failure"
    )
    assert outcome(results, "comment")["Install the ledger tool (pinned in requirements.txt)"] == (
        "success"
    ), log

    workflow = ledger / ".github" / "workflows" / "ledger-pr.yml"
    data = yaml.safe_load(workflow.read_text())
    data["jobs"]["comment"]["steps"] = [
        s for s in data["jobs"]["comment"]["steps"] if "checkout" not in str(s.get("uses"))
    ]
    workflow.write_text(yaml.safe_dump(data))
    git(ledger, "commit", "-qam", "The comment job of the first version: no checkout")
    _, results, _ = play("ledger-pr.yml", "pull_request", pr_event(ledger, base))
    assert outcome(results, "comment")["Install the ledger tool (pinned in requirements.txt)"] == (
        "failure"
    )


def test_daily_jobs_track_the_issue_and_republish(
    ledger: Path, play: Play, api: FakeGitHub
) -> None:
    (ledger / "incidents" / "late.yaml").write_text(
        INCIDENT.format(title="Late one", opened="2020-01-06T09:00:00Z")
    )
    git(ledger, "add", "-A")
    git(ledger, "commit", "-qm", "A late incident")
    run, results, log = play("ledger-schedule.yml", "schedule", {"schedule": "17 6 * * *"})
    overdue = outcome(results, "overdue")
    assert overdue["Check deadlines"] == "success", log  # exit 1 is kept for the last step
    assert overdue["Open, update or close the tracking issue"] == "success", log
    assert overdue["Fail the run while anything is overdue"] == "failure", log
    (issue,) = api.issues
    assert issue["state"] == "open" and "late.yaml" in issue["body"]
    assert results["keepalive"] == []  # opt-in: skipped unless LEDGER_KEEPALIVE is true
    build = outcome(results, "publish/build")
    assert set(build.values()) == {"success"}, log
    assert (run.pages[0] / "incidents").is_dir()
    assert set(outcome(results, "publish/deploy").values()) == {"success"}


def test_publish_builds_the_site(ledger: Path, play: Play, api: FakeGitHub) -> None:
    run, results, log = play("ledger-publish.yml", "push", {"ref": "refs/heads/main"})
    assert set(outcome(results, "build").values()) == {"success"}, log
    assert (run.pages[0] / "index.html").is_file()


def pre_commit(root: Path, env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    path = os.pathsep.join([str(Path(sys.executable).parent), env["PATH"]])
    return subprocess.run(
        [sys.executable, "-m", "pre_commit", "run", "--all-files", "--color", "never", *args],
        cwd=root,
        env={**env, "PATH": path},
        capture_output=True,
        text=True,
        timeout=900,
    )


def test_pre_commit_passes_in_a_fresh_repository(
    ledger: Path, tmp_path: Path, wheel: Path, deps: Path
) -> None:
    env = base_env(tmp_path, wheel, deps, "http://127.0.0.1:9")
    env.pop("GITHUB_ACTIONS")
    # pre-commit installs a `repo: local` hook as a small package of its own: offline, it is
    # built with the setuptools found on PYTHONPATH instead of one fetched from an index
    env["PIP_NO_BUILD_ISOLATION"] = "0"
    done = pre_commit(ledger, env)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "ledger validate" in done.stdout and "Passed" in done.stdout
    assert "ledger check" not in done.stdout  # it runs at pre-push
    pushed = pre_commit(ledger, env, "--hook-stage", "pre-push")
    assert pushed.returncode == 0, pushed.stdout + pushed.stderr
    assert "ledger check (deadlines)" in pushed.stdout
    # and the hooks are not no-ops: a broken record fails validate
    (ledger / "incidents" / "broken.yaml").write_text("title: no status\n")
    git(ledger, "add", "-A")
    assert pre_commit(ledger, env).returncode == 1


@pytest.fixture(autouse=True)
def _no_stray_env(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    yield
