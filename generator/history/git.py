"""The thin layer over git: GitPython runs the git binary, this module says what to run.

Every git process the history features start goes through `execute`, so there is one place
that knows how git is called (and one place a test can count the calls). Histories are read
with one `git log` pass and blob contents with one pipelined `git cat-file --batch`, never
one process per file: per-file calls cost hours on a repository of 10,000 records.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from subprocess import PIPE
from typing import IO, Any

from generator.errors import LedgerError
from generator.history import logparse
from generator.load import MAX_BYTES

SHALLOW_FIX = (
    "fetch the whole history: run `git fetch --unshallow`, or set `fetch-depth: 0` on "
    "actions/checkout in the workflow"
)
DAMAGED_FIX = (
    "the repository may be damaged: run `git fsck` and repair it, or clone it again "
    "(`ledger build --no-history` builds without the history)"
)


class Damaged(LedgerError):
    """git cannot read the repository (a broken HEAD, ref or object): never "no history"."""

    def __init__(self, root: Path, detail: str) -> None:
        lines = [line for line in detail.strip().splitlines() if line.strip()]
        super().__init__(
            f"git cannot read the repository at {root} "
            f"({lines[-1].strip() if lines else 'no reason given'})",
            DAMAGED_FIX,
        )


class NotARepository(LedgerError):
    """The ledger is not inside a git work tree: history features say so, the rest works."""


@dataclass(frozen=True, slots=True)
class Repo:
    """A ledger root inside a git work tree: `git` runs commands with the root as its cwd."""

    root: Path
    git: Any  # git.Git bound to `root`: output paths of log --relative / ls-tree are root-relative
    git_dir: Path


def _gitpython() -> Any:
    try:
        import git
    except ImportError as exc:  # GitPython refuses to import when it cannot find the binary
        raise LedgerError(
            f"the git program cannot be run ({str(exc).splitlines()[0]})",
            "install git and make sure it is on PATH (or set GIT_PYTHON_GIT_EXECUTABLE)",
        ) from None
    return git


def open_repo(root: Path) -> Repo:
    """The git repository holding `root`; NotARepository if there is none."""
    git = _gitpython()
    root = root.resolve()
    try:
        repo = git.Repo(root, search_parent_directories=True)
    except (git.InvalidGitRepositoryError, git.NoSuchPathError):
        _damaged_dot_git(root)
        raise NotARepository(
            f"{root} is not inside a git repository, so it has no history",
            "run `git init` and commit the ledger, or use the commands that need no history",
        ) from None
    with repo:  # GitPython keeps cat-file children per Repo: close them now
        git_dir = Path(repo.git_dir)
    return Repo(root, git.Git(str(root)), git_dir)


def _damaged_dot_git(root: Path) -> None:
    """A `.git` that GitPython refuses (an emptied HEAD) is damage, not "no repository"."""
    for folder in (root, *root.parents):
        if (folder / ".git").exists():
            raise Damaged(folder, f"{folder / '.git'} is not a valid git directory")


def execute(repo: Repo, args: list[str], **kwargs: Any) -> Any:
    """Run `git ARGS` in the ledger root (the one door to the git binary)."""
    git = _gitpython()
    try:
        return repo.git.execute(["git", *args], **kwargs)
    except git.GitCommandNotFound:
        raise LedgerError(
            "the git program cannot be run", "install git and make sure it is on PATH"
        ) from None
    except git.GitCommandError as exc:
        raise Damaged(repo.root, str(exc.stderr)) from None


def check_readable(repo: Repo) -> None:
    """Damaged when HEAD's branch exists but names no readable commit (called on failures only).

    An unborn branch (a new repository) has no ref file; a ref file that does not resolve,
    or a commit object git cannot unpack, is damage.
    """
    sha = try_text(repo, ["rev-parse", "--verify", "--quiet", "HEAD"])
    if sha is None:
        # read HEAD itself: `git symbolic-ref` fails too when the branch's ref is broken
        head_text = (repo.git_dir / "HEAD").read_text(errors="replace").strip()
        ref = head_text.removeprefix("ref:").strip() if head_text.startswith("ref:") else ""
        if ref and (repo.git_dir / ref).is_file():
            raise Damaged(repo.root, f"the branch {ref} does not name a valid commit")
        return
    status, _, err = execute(
        repo, ["cat-file", "-t", sha.strip()], with_exceptions=False, with_extended_output=True
    )
    if status != 0:
        raise Damaged(repo.root, str(err))


def text(repo: Repo, args: list[str]) -> str:
    out: str = execute(repo, args)
    return out


def try_text(repo: Repo, args: list[str]) -> str | None:
    """Output of a command that may fail (an unborn HEAD, an unknown commit): None if it did."""
    status, out, _ = execute(repo, args, with_exceptions=False, with_extended_output=True)
    return str(out) if status == 0 else None


def is_shallow(repo: Repo) -> bool:
    return text(repo, ["rev-parse", "--is-shallow-repository"]).strip() == "true"


def require_full(repo: Repo) -> None:
    """LedgerError when the clone is shallow: its history would make every record look new."""
    if is_shallow(repo):
        raise LedgerError(
            f"the repository at {repo.root} is a shallow clone: its history is cut off, so every "
            "record would look created by its oldest fetched commit",
            SHALLOW_FIX,
        )


def head(repo: Repo) -> str | None:
    """The HEAD commit, or None in a repository without commits."""
    out = try_text(repo, ["rev-parse", "--verify", "--quiet", "HEAD^{commit}"])
    if not out:
        check_readable(repo)
    return out.strip() if out else None


def resolve(repo: Repo, commit: str) -> str:
    """A commit name → its full sha, or a LedgerError that says how to get it."""
    name = f"{commit}^{{commit}}"
    out = try_text(repo, ["rev-parse", "--verify", "--quiet", "--end-of-options", name])
    if out:
        return out.strip()
    check_readable(repo)
    fix = SHALLOW_FIX if is_shallow(repo) else "name a commit, branch or tag that exists"
    raise LedgerError(f"there is no commit {commit!r} in this repository", fix)


def stream(repo: Repo, args: list[str], chunk: int = 1 << 20) -> Iterator[bytes]:
    """Stdout of `git ARGS` in chunks, as it is produced; a failure raises at the end."""
    proc = execute(repo, args, as_process=True)
    out: IO[bytes] = proc.proc.stdout
    while data := out.read(chunk):
        yield data
    try:
        proc.wait()  # GitPython raises GitCommandError with git's stderr on a non-zero exit
    except _gitpython().GitCommandError as exc:
        raise Damaged(repo.root, str(exc.stderr)) from None


def blobs(repo: Repo, shas: Iterable[str]) -> Iterator[tuple[str, bytes]]:
    """(sha, content) for each blob, through one `git cat-file --batch`.

    A writer thread feeds the names while this generator reads the answers, so git never
    waits for a round trip (and neither side can block the other on a full pipe).
    """
    names = list(shas)
    if not names:
        return
    proc = execute(repo, ["cat-file", "--batch"], as_process=True, istream=PIPE)
    feeder = threading.Thread(target=_feed, args=(proc.proc.stdin, names), daemon=True)
    feeder.start()
    out: IO[bytes] = proc.proc.stdout
    for _ in names:
        yield _answer(out)
    feeder.join()
    proc.wait()


def _answer(out: IO[bytes]) -> tuple[str, bytes]:
    """One object of `cat-file --batch` output: (sha, content)."""
    header = out.readline().split()
    if len(header) != 3:  # "<sha> missing": a blob a partial clone has not fetched
        return header[0].decode(), b""
    size = int(header[2])
    # like a work-tree file, a blob is kept only up to one byte past the limit (enough for the
    # loader to call it too large); the rest is read past, never held in memory
    data = out.read(min(size, MAX_BYTES + 1))
    left = size - len(data)
    while left > 0 and (chunk := out.read(min(left, 1 << 20))):
        left -= len(chunk)
    out.read(1)
    return header[0].decode(), data


class Batch:
    """One long-lived `git cat-file --batch`, asked a few blobs at a time (a worker's reader).

    Each request is small (CHUNK names, a few KB), so it fits the pipe whole: writing it
    cannot block while git waits for its answers to be read.
    """

    def __init__(self, repo: Repo) -> None:
        self.proc = execute(repo, ["cat-file", "--batch"], as_process=True, istream=PIPE)

    def read(self, names: list[str]) -> list[tuple[str, bytes]]:
        stdin: IO[bytes] = self.proc.proc.stdin
        stdin.write("".join(name + "\n" for name in names).encode())
        stdin.flush()
        return [_answer(self.proc.proc.stdout) for _ in names]

    def close(self) -> None:
        self.proc.proc.stdin.close()
        self.proc.wait()


def _feed(stdin: IO[bytes], names: list[str]) -> None:
    stdin.write("".join(name + "\n" for name in names).encode())
    stdin.close()


def tree(repo: Repo, sha: str, paths: list[str]) -> dict[str, str]:
    """Path (relative to the ledger root) → blob sha, for the files under `paths` in a commit."""
    out = text(repo, ["ls-tree", "-r", "-z", sha, "--", *paths])
    listing: dict[str, str] = {}
    for entry in out.split("\0"):
        meta, _, path = entry.partition("\t")
        parts = meta.split()
        if len(parts) == 3 and parts[1] == "blob" and parts[0] != "120000":
            listing[path] = parts[2]  # symbolic links are skipped: they hold a target, not a record
    return listing


def commit_time(repo: Repo, sha: str) -> int:
    """The committer date of a commit, in seconds since the epoch."""
    return logparse.seconds(text(repo, ["show", "-s", "--format=%ct", sha]).strip())
