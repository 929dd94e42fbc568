"""The ledger exactly as it was at a commit, read from git objects without a checkout.

The commit's tree listing goes through the same `classify` as a work tree, and its blobs
through the same `validate_files`, so `validate --at C` gives the verdict a checkout of C would.
"""

from __future__ import annotations

from pathlib import Path

from generator.discover import classify
from generator.errors import LedgerError
from generator.history import git
from generator.history.git import Repo, open_repo
from generator.validate import Result, validate_files


def ledger_at(root: Path, commit: str) -> Result:
    """Validate the ledger under `root` as committed in `commit` (a sha, branch or tag)."""
    repo = open_repo(root)
    return ledger_in(repo, git.resolve(repo, commit), commit)


def ledger_in(repo: Repo, sha: str, name: str, *, required: bool = True) -> Result:
    """The ledger in commit `sha`; without `required`, a commit without one is an empty ledger."""
    listing = git.tree(repo, sha, ["incidents", "ledger"])
    if not listing and required:
        raise LedgerError(
            f"commit {name!r} has no ledger: neither incidents/ nor ledger/ exists in it",
            "name a commit made after the ledger was added (see `git log -- incidents ledger`)",
        )
    files, problems = classify(listing)
    wanted = sorted({listing[f.path] for f in files})
    contents = dict(git.blobs(repo, wanted))
    return validate_files(files, lambda f: contents[listing[f.path]], problems)
