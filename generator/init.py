"""`ledger init DIR`: a new ledger repository that passes `ledger check` at once.

It holds the record folders, a policy listing every rule's defaults, mkdocs.yml (the tool's
own, with the site name changed), the three GitHub workflows, requirements.txt pinning the
tool they install (see package_spec), a Dependabot config, a pre-commit config using the
ledger hooks, and a README. Existing files are never overwritten: a target that already holds
anything but files this command writes (and `.git/`) is refused.
"""

from __future__ import annotations

import functools
import re
import shutil
import subprocess
from collections.abc import Callable
from importlib import resources
from pathlib import Path

from packaging.requirements import InvalidRequirement, Requirement

from generator import package_spec
from generator.authoring import write_new
from generator.errors import LedgerError

WORKFLOWS = ("ledger-pr.yml", "ledger-schedule.yml", "ledger-publish.yml")


def scaffold_text(name: str) -> str:
    return resources.files("generator.scaffold").joinpath(name).read_text("utf-8")


def requirements(package: str) -> str:
    return (
        "# The ledger tool the workflows in .github/workflows/ install, pinned to one commit or\n"
        "# release (`ledger init --package`). Dependabot proposes updates; keep the pin in\n"
        "# .pre-commit-config.yaml the same.\n"
        f"{package}\n"
    )


# the compliance calendar's folders (docs/calendar.md)
CALENDAR_READMES: dict[str, Callable[[], str]] = {
    f"ledger/{folder}/README.md": functools.partial(str, text)
    for folder, text in (
        ("audits", "# Audit lines\n\nOne YAML file per audit line: `ledger new audit tls-br`.\n"),
        ("documents", "# Policy documents\n\nOne YAML file per CP, CPS or self-assessment: "
         '`ledger new document cp-cps "Title"`.\n'),
        ("certificates", "# CA certificates\n\nOne YAML file per CA certificate: "
         "`ledger new certificate`, or `ledger import ccadb`.\n"),
        ("requests", "# Program requests\n\nOne YAML file per root-program request: "
         "`ledger new request`.\n"),
    )
}  # fmt: skip


def files(site_name: str, package: str) -> dict[str, Callable[[], str]]:
    """Every file `init` writes, by relative path (built lazily)."""
    out: dict[str, Callable[[], str]] = {
        "README.md": lambda: scaffold_text("README.md").replace("{site_name}", site_name),
        "incidents/README.md": lambda: (
            '# Incidents\n\nOne YAML file per incident: `ledger new incident "Title"`.\n'
        ),
        "ledger/contacts/README.md": lambda: (
            "# Contacts\n\nOne YAML file per contact: `ledger new contact --address …`.\n"
        ),
        "ledger/problem-reports/README.md": lambda: (
            "# Problem reports\n\nOne YAML file per report: `ledger new problem-report`.\n"
        ),
        **CALENDAR_READMES,
        "ledger/policy.yaml": policy,
        "mkdocs.yml": lambda: re.sub(
            r"^site_name:.*$",
            f"site_name: {site_name}",
            scaffold_text("mkdocs.yml"),
            count=1,
            flags=re.MULTILINE,
        ),
        ".pre-commit-config.yaml": lambda: scaffold_text("pre-commit-config.yaml").replace(
            "{package}", package.replace('"', '\\"')
        ),
        "requirements.txt": lambda: requirements(package),
        ".github/dependabot.yml": lambda: scaffold_text("dependabot.yml"),
        ".gitignore": lambda: (
            "/site/\n/.ledger-cache/\n/.compliance-ledger.lock\n.ledger_build.lock\n"
        ),
        # MkDocs needs docs_dir to exist before `ledger build` fills it; its content is generated
        "site-docs/.gitignore": lambda: scaffold_text("site-docs/gitignore"),
        "site-docs/README.md": lambda: scaffold_text("site-docs/README.md"),
    }
    for name in WORKFLOWS:
        out[f".github/workflows/{name}"] = lambda name=name: scaffold_text(f"workflows/{name}")  # type: ignore[misc]
    return out


def policy() -> str:
    from generator.rules import all_rules  # the registry is large: load it only here

    lines = [
        "# Deadlines and rule settings in force. Every key is optional: a rule not named under",
        "# `rules:` keeps its default. `ledger rules` describes each one.",
        "schema_version: 1",
        "timezone: UTC",
        "rules: {}",
        "#",
        "# The defaults, to copy under `rules:` and change:",
    ]
    for rule in all_rules():
        settings = {"severity": rule.severity, **dict(rule.options)}
        lines.append(f"#   {rule.name}: {{{', '.join(f'{k}: {v}' for k, v in settings.items())}}}")
    return "\n".join(lines) + "\n"


def init(
    target: Path,
    *,
    site_name: str = "Compliance ledger",
    package: str | None = None,
    git: bool = True,
) -> list[Path]:
    """Create the ledger repository in `target`; returns the files written."""
    planned = files(site_name, _checked(package) if package else package_spec.default_spec())
    _refuse_foreign(target, set(planned))
    written = []
    for rel, make in planned.items():
        path = target / rel
        if not path.exists():
            write_new(path, make())
            written.append(path)
    if git and shutil.which("git") and not (target / ".git").exists():
        subprocess.run(["git", "init", "-q", str(target)], check=True)
    return written


def _checked(package: str) -> str:
    """One requirement (or a path or URL pip installs), on one line: it goes into
    requirements.txt and a YAML string."""
    try:
        Requirement(package)
    except InvalidRequirement as exc:
        if package.strip() and not re.search(r"\s|^#|\"", package):
            return package  # a path or URL: pip reads those too
        raise LedgerError(
            f"--package {package!r} is not a pip requirement ({exc})",
            "pass e.g. 'compliance-ledger==X.Y.Z', 'compliance-ledger @ git+https://…@COMMIT' "
            "or 'compliance-ledger @ file:///path/to/compliance_ledger-X.Y.Z-py3-none-any.whl'",
        ) from None
    return package


def _refuse_foreign(target: Path, planned: set[str]) -> None:
    if target.exists() and not target.is_dir():
        raise LedgerError(f"{target} is a file", "pass a new or empty directory")
    if not target.exists():
        return
    foreign = sorted(
        rel
        for rel in (p.relative_to(target).as_posix() for p in target.rglob("*") if p.is_file())
        if rel not in planned and not rel.startswith(".git/")
    )
    if foreign:
        shown = ", ".join(foreign[:5]) + (" …" if len(foreign) > 5 else "")
        raise LedgerError(
            f"{target} is not empty ({shown})",
            "pass a new or empty directory; "
            "`ledger init` only adds files a ledger repository lacks",
        )
