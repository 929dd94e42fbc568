"""What a new ledger repository installs the tool from: this very copy, pinned.

`ledger init` writes the spec into requirements.txt (the workflows) and the pre-commit config.
The default is derived from how this copy was installed (PEP 610's direct_url.json):

- from a package index (no direct_url.json): `compliance-ledger==<version>`;
- from a VCS URL (`pip install git+https://…@ref`): that URL pinned to the exact commit;
- from an archive URL (https): that URL, with its hash when pip recorded one;
- from a local git checkout with no uncommitted changes: the project's repository URL
  (the `Repository` URL of the package metadata) pinned to the checkout's HEAD commit.

Anything else (a local wheel file, a checkout with uncommitted changes, no git) cannot be
installed by a CI runner, so `init` asks for `--package` instead of guessing.
"""

from __future__ import annotations

import json
import subprocess
from importlib import metadata
from pathlib import Path
from urllib.parse import unquote, urlsplit

from generator.errors import LedgerError

DIST = "compliance-ledger"
_FIX = (
    "pass --package SPEC, e.g. --package 'compliance-ledger @ git+https://github.com/"
    "OWNER/compliance-ledger@COMMIT' or a release: --package 'compliance-ledger==X.Y.Z'"
)


def default_spec() -> str:
    # installed ones (with an INSTALLER record) first: a source tree's *.egg-info on sys.path
    # (the current folder) is metadata, not an install
    found = sorted(metadata.distributions(name=DIST), key=lambda d: not d.read_text("INSTALLER"))
    if not found:
        raise LedgerError("compliance-ledger is not installed as a package", _FIX)
    dist = found[0]
    text = dist.read_text("direct_url.json")
    if text is None:
        return f"{DIST}=={dist.version}"
    try:
        direct = json.loads(text)
        url = str(direct["url"])
    except (ValueError, KeyError, TypeError):
        raise LedgerError(
            "this copy's install record (direct_url.json) is unreadable", _FIX
        ) from None
    return from_direct_url(direct, url, repository(dist))


def repository(dist: metadata.Distribution) -> str | None:
    for entry in dist.metadata.get_all("Project-URL") or []:
        label, _, url = entry.partition(",")
        if label.strip().lower() in ("repository", "source"):
            return str(url.strip())
    return None


def from_direct_url(direct: dict[str, object], url: str, repo: str | None) -> str:
    vcs = direct.get("vcs_info")
    if isinstance(vcs, dict) and vcs.get("vcs") == "git" and vcs.get("commit_id"):
        return f"{DIST} @ git+{url}@{vcs['commit_id']}"
    archive = direct.get("archive_info")
    if isinstance(archive, dict) and url.startswith("https://"):
        digest = archive.get("hash")
        return f"{DIST} @ {url}" + (f"#{digest}" if digest else "")
    if isinstance(direct.get("dir_info"), dict) and url.startswith("file://"):
        return from_checkout(Path(unquote(urlsplit(url).path)), repo)
    raise LedgerError(
        f"this copy of compliance-ledger was installed from {url}, which a CI runner cannot reach",
        _FIX,
    )


def from_checkout(folder: Path, repo: str | None) -> str:
    """A local source tree: its commit, if it is a clean git checkout of the project."""
    if repo is None:
        raise LedgerError("the package metadata names no Repository URL", _FIX)
    try:
        head = _git(folder, "rev-parse", "--verify", "HEAD")
        dirty = _git(folder, "status", "--porcelain", "--untracked-files=no")
    except (OSError, subprocess.CalledProcessError):
        raise LedgerError(
            f"this copy runs from {folder}, which is not a git checkout", _FIX
        ) from None
    if dirty:
        raise LedgerError(
            f"this copy runs from {folder}, which has uncommitted changes: no commit holds "
            "the code being run",
            "commit them, or " + _FIX,
        )
    return f"{DIST} @ git+{repo}@{head}"


def _git(folder: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", "-C", str(folder), *args], capture_output=True, text=True, check=True
    )
    return done.stdout.strip()
