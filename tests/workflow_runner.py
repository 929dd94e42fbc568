"""A small stand-in for a GitHub Actions runner: runs a workflow job's steps for real.

`run:` steps run in bash (`bash --noprofile --norc -eo pipefail`, as on ubuntu-latest) in a
clean environment: a fresh virtual environment as `actions/setup-python` gives, the job's and
step's `env:` with `${{ … }}` resolved from a fake event, GITHUB_EVENT_PATH, GITHUB_OUTPUT,
GITHUB_STEP_SUMMARY, and GITHUB_API_URL pointing at a fake API on localhost. The actions the
ledger workflows use are played by small functions (checkout = a clone; artifacts = folders).
pip installs offline: the package itself from a local wheel (PIP_FIND_LINKS, no index), its
dependencies from the test environment (PYTHONPATH), so a step that cannot install fails.

Only what the ledger workflows use is supported; anything else fails loudly (`Unsupported`),
so a new construct in a workflow must be taught here before the test passes.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

EXPRESSION = re.compile(r"\$\{\{\s*(.*?)\s*\}\}")


class Unsupported(Exception):
    """The workflow uses something this runner does not play."""


@dataclass
class Runner:
    repo: Path  # the repository the workflows belong to (its .github/workflows)
    scratch: Path  # workspaces, artifacts, temp
    event: dict[str, Any]
    sha: str  # the commit the run is for (GITHUB_SHA)
    base_env: dict[str, str]  # PIP_*, PYTHONPATH, GITHUB_API_URL, HOME …
    repository: str = "example-ca/ledger"
    token: str = "test-token"
    variables: dict[str, str] = field(default_factory=dict)
    log: list[str] = field(default_factory=list)
    summaries: dict[str, str] = field(default_factory=dict)  # "job/step" → summary text
    pages: list[Path] = field(default_factory=list)

    def run_workflow(self, name: str, event_name: str) -> dict[str, list[tuple[str, str]]]:
        """Every job of the workflow, in `needs` order: job → [(step, outcome)]."""
        workflow = load(self.repo / ".github" / "workflows" / name)
        results: dict[str, list[tuple[str, str]]] = {}
        outcomes: dict[str, str] = {}
        for job_id, job in ordered(workflow["jobs"]):
            needs = job.get("needs", [])
            needs = [needs] if isinstance(needs, str) else needs
            ctx = self.context(workflow, job, {}, event_name)
            condition = job.get("if", "${{ success() }}")
            failed = any(outcomes[n] != "success" for n in needs)
            if not self.truth(condition, ctx, failed=failed):
                results[job_id], outcomes[job_id] = [], "skipped"
                continue
            if "uses" in job:
                called = job["uses"].removeprefix("./.github/workflows/")
                inner = self.run_workflow(called, event_name)
                results.update({f"{job_id}/{k}": v for k, v in inner.items()})
                worst = [o for _, o in (s for v in inner.values() for s in v)]
                outcomes[job_id] = "failure" if "failure" in worst else "success"
                continue
            results[job_id] = self.run_job(workflow, job_id, job, event_name)
            worst = [o for _, o in results[job_id]]
            outcomes[job_id] = "failure" if "failure" in worst else "success"
        return results

    def run_job(
        self, workflow: dict[str, Any], job_id: str, job: dict[str, Any], event_name: str
    ) -> list[tuple[str, str]]:
        workspace = self.scratch / "work" / job_id
        temp = self.scratch / "temp" / job_id
        for folder in (workspace, temp):
            shutil.rmtree(folder, ignore_errors=True)
            folder.mkdir(parents=True)
        env = {**self.base_env, "RUNNER_TEMP": str(temp), "GITHUB_WORKSPACE": str(workspace)}
        steps: dict[str, dict[str, Any]] = {}
        out: list[tuple[str, str]] = []
        failed = False
        for number, step in enumerate(job["steps"]):
            ctx = self.context(workflow, job, steps, event_name, temp)
            name = step.get("name") or step.get("uses") or f"step {number}"
            if not self.truth(step.get("if", "${{ success() }}"), ctx, failed=failed):
                out.append((name, "skipped"))
                continue
            files = {
                k: temp / f"{k.lower()}-{number}" for k in ("GITHUB_OUTPUT", "GITHUB_STEP_SUMMARY")
            }
            for path in files.values():
                path.write_text("")
            step_env = {
                **env,
                **{k: str(v) for k, v in workflow.get("env", {}).items()},
                **{k: str(v) for k, v in job.get("env", {}).items()},
                **{k: self.resolve(str(v), ctx) for k, v in step.get("env", {}).items()},
                **{k: str(v) for k, v in files.items()},
            }
            if "uses" in step:
                ok = self.action(step, ctx, workspace, env)
            else:
                ok = self.shell(str(step["run"]), workspace, step_env, name)
            steps[step.get("id", f"_{number}")] = {"outputs": outputs(files["GITHUB_OUTPUT"])}
            self.summaries[f"{job_id}/{name}"] = files["GITHUB_STEP_SUMMARY"].read_text("utf-8")
            out.append((name, "success" if ok else "failure"))
            failed = failed or not ok
        return out

    # -- the actions -------------------------------------------------------------------------

    def action(
        self, step: dict[str, Any], ctx: dict[str, Any], work: Path, env: dict[str, str]
    ) -> bool:
        uses = str(step["uses"]).split("@")[0]
        given = {k: self.resolve(str(v), ctx) for k, v in (step.get("with") or {}).items()}
        if uses == "actions/checkout":
            ref = given.get("ref") or self.sha
            subprocess.run(["git", "clone", "-q", str(self.repo), str(work)], check=True)
            subprocess.run(["git", "-C", str(work), "checkout", "-q", ref], check=True)
            return True
        if uses == "actions/setup-python":
            venv = self.scratch / "python" / f"{id(step)}"
            subprocess.run([sys.executable, "-m", "venv", "--clear", str(venv)], check=True)
            bin_dir = venv / ("Scripts" if os.name == "nt" else "bin")
            env["PATH"] = f"{bin_dir}{os.pathsep}{env['PATH']}"
            return True
        if uses == "actions/upload-artifact":
            source = work / given["path"]
            if not source.exists():
                return given.get("if-no-files-found") == "ignore"
            target = self.scratch / "artifacts" / given["name"]
            target.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / source.name)
            return True
        if uses == "actions/download-artifact":
            source = self.scratch / "artifacts" / given["name"]
            if not source.is_dir():
                return False
            shutil.copytree(source, Path(given.get("path") or work), dirs_exist_ok=True)
            return True
        if uses == "actions/upload-pages-artifact":
            site = work / given["path"]
            self.pages.append(site)
            return (site / "index.html").is_file()
        if uses == "actions/deploy-pages":
            return bool(self.pages)
        raise Unsupported(f"action {uses}")

    def shell(self, script: str, work: Path, env: dict[str, str], name: str) -> bool:
        path = Path(env["RUNNER_TEMP"]) / "step.sh"
        path.write_text(script, encoding="utf-8")
        bash = shutil.which("bash") or "bash"
        done = subprocess.run(
            [bash, "--noprofile", "--norc", "-eo", "pipefail", str(path)],
            cwd=work,
            env=env,
            capture_output=True,
            text=True,
            timeout=600,
        )
        self.log.append(f"## {name} (exit {done.returncode})\n{done.stdout}{done.stderr}")
        return done.returncode == 0

    # -- expressions -------------------------------------------------------------------------

    def context(
        self,
        workflow: dict[str, Any],
        job: dict[str, Any],
        steps: dict[str, Any],
        event_name: str,
        temp: Path | None = None,
    ) -> dict[str, Any]:
        return {
            "github": {
                "event": self.event,
                "event_name": event_name,
                "repository": self.repository,
                "sha": self.sha,
                "workflow_ref": f"{self.repository}/.github/workflows/x.yml@refs/heads/main",
            },
            "secrets": {"GITHUB_TOKEN": self.token},
            "vars": self.variables,
            "steps": steps,
            "runner": {"temp": str(temp or self.scratch), "os": "Linux"},
        }

    def resolve(self, text: str, ctx: dict[str, Any]) -> str:
        return EXPRESSION.sub(lambda m: str(self.value(m.group(1), ctx, failed=False)), text)

    def truth(self, condition: str | bool, ctx: dict[str, Any], *, failed: bool) -> bool:
        if isinstance(condition, bool):
            return condition
        match = EXPRESSION.fullmatch(condition.strip())
        expr = match.group(1) if match else condition.strip()
        value = self.value(expr, ctx, failed=failed)
        if expr.startswith(("!cancelled()", "always()")) or "failure()" in expr:
            return bool(value)
        return bool(value) and not failed  # an implicit success() &&

    def value(self, expr: str, ctx: dict[str, Any], *, failed: bool) -> Any:
        """The expressions the ledger workflows use: &&, ==, !, a few functions, paths."""
        expr = expr.strip()
        if "&&" in expr:
            return all(self.value(part, ctx, failed=failed) for part in expr.split("&&"))
        if "==" in expr:
            left, right = expr.split("==", 1)
            return self.value(left, ctx, failed=failed) == self.value(right, ctx, failed=failed)
        functions = {"success()": not failed, "failure()": failed, "cancelled()": False}
        if expr in functions:
            return functions[expr]
        if expr.startswith("!"):
            return not self.value(expr[1:], ctx, failed=failed)
        if re.fullmatch(r"'[^']*'", expr):
            return expr[1:-1]
        if re.fullmatch(r"[A-Za-z_][\w.-]*", expr):
            found: Any = ctx
            for part in expr.split("."):
                found = found.get(part, "") if isinstance(found, Mapping) else ""
            return found
        raise Unsupported(f"expression {expr!r}")


def load(path: Path) -> dict[str, Any]:
    data = yaml.safe_load(path.read_text("utf-8"))
    assert isinstance(data, dict)
    return data


def ordered(jobs: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    """Jobs so that each comes after what it needs (the runner here runs them one by one)."""
    done: list[str] = []
    while len(done) < len(jobs):
        for name, job in jobs.items():
            needs = job.get("needs", [])
            needs = [needs] if isinstance(needs, str) else needs
            if name not in done and all(n in done for n in needs):
                done.append(name)
    return [(name, jobs[name]) for name in done]


def outputs(path: Path) -> dict[str, str]:
    found = {}
    for line in path.read_text("utf-8").splitlines():
        key, sep, value = line.partition("=")
        if sep:
            found[key] = value
    return found


def write_event(scratch: Path, event: dict[str, Any]) -> Path:
    path = scratch / "event.json"
    path.write_text(json.dumps(event), encoding="utf-8")
    return path
