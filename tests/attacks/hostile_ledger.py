"""A copy of the example ledger with hostile text in every field the format lets a person write.

Every string value of every record kind (incident, contact, problem report) is replaced by
`PAYLOAD` (or `ONE_LINE` where the format wants one line) whenever the record schema still
accepts it; ids, dates, enums and addresses with a pattern stay as they are. An incident sits
in a folder with a hostile name, an action item's due date is hostile in an old commit only,
and the commits carry hostile subjects and author names. Every live path sets
`window.__pwned`, so a page where it appears outside text has let script through.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from collections.abc import Iterator
from importlib import resources
from pathlib import Path
from typing import Any

import jsonschema
import yaml

REPO = Path(__file__).resolve().parents[2]
MARK = "__pwned"
ONE_LINE = (
    f"<script>window.{MARK}=1</script><img src=x onerror=window.{MARK}=2>"
    f'<svg onload=window.{MARK}=3> " onmouseover="window.{MARK}=4" '
    f"[a](javascript:window.{MARK}=5) [b](&#106;avascript:window.{MARK}=6) "
    f"[c](java\tscript:window.{MARK}=7) [d](data:text/html,<script>{MARK}</script>) "
    f"[e](vbscript:{MARK}) [f]( JaVaScRiPt:window.{MARK}=8) <javascript:window.{MARK}=9> "
    f'{{: onclick="window.{MARK}=10" }} ![p](http://outside.invalid/{MARK}.png) '
    '=HYPERLINK("http://outside.invalid") \x1b[2J\x1b]0;title\x07 \u202egnp.exe \x9b31m'
)
PAYLOAD = (
    "+" + ONE_LINE + "\n\n"
    f"- item\n\n    [r]: javascript:window.{MARK}=11\n\n    see [r]\n\n"
    f"!!! note\n    [s]: javascript:window.{MARK}=12\n\n    see [s]\n\n"
    f"> [t]: javascript:window.{MARK}=13\n> [t]\n\n"
    f"[u]:\n  javascript:window.{MARK}=14\n\n[u]\n\n"
    f'<a href="javascript:window.{MARK}=15">raw</a>\r\nX-INJECTED:1\rDESCRIPTION:x\n'
)
FOLDER = f"2024`<img src=x onerror=window.{MARK}=20>`"
OLD_DUE = f"2024-04-20<script>window.{MARK}=21</script>"
SUBJECT = f"Fix <script>window.{MARK}=22</script> \x1b[31mred\x1b[0m \u202eevil"
AUTHOR = f'Mallory &amp; "javascript:window.{MARK}=23" \u202eX'
RAW_AUTHOR = f"<script>window.{MARK}=24</script> \x1b[2J"
KINDS = {"incidents": "incident", "contacts": "contact", "problem-reports": "problem-report"}


class _Loader(yaml.SafeLoader):
    """Dates stay text and `on` stays a key, as the record schemas see them (YAML 1.2)."""


_Loader.yaml_implicit_resolvers = {
    first: [(t, r) for t, r in resolvers if t.rsplit(":", 1)[1] not in ("timestamp", "bool")]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
for _first in "tTfF":
    _Loader.add_implicit_resolver(
        "tag:yaml.org,2002:bool", re.compile("^(?:true|True|TRUE|false|False|FALSE)$"), [_first]
    )


def _schema(kind: str) -> Any:
    text = resources.files("generator.schemas").joinpath(f"{kind}.schema.json").read_text()
    return jsonschema.Draft202012Validator(json.loads(text))


def _leaves(node: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    items = node.items() if isinstance(node, dict) else enumerate(node)
    for key, value in items:
        if isinstance(value, str):
            yield (*path, key)
        elif isinstance(value, dict | list):
            yield from _leaves(value, (*path, key))


def _set(node: Any, path: tuple[Any, ...], value: Any) -> None:
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = value


def poison(data: dict[str, Any], kind: str) -> list[str]:
    """Put hostile text in every string field the schema accepts it in; the fields changed."""
    validator, changed = _schema(kind), []
    for path in list(_leaves(data)):
        if path[-1] == "timezone":  # a zone name is checked against the zone database
            continue
        for candidate in (PAYLOAD, ONE_LINE):
            old = _get(data, path)
            _set(data, path, candidate)
            if validator.is_valid(data):
                changed.append("/".join(map(str, path)))
                break
            _set(data, path, old)
    return changed


def _get(node: Any, path: tuple[Any, ...]) -> Any:
    for key in path:
        node = node[key]
    return node


# optional free-text fields the example ledger does not use, added before poisoning so every
# field the format lets a person write is reached
FILL: dict[str, dict[str, Any]] = {
    "contact": {"verifications": [{"on": "2025-04-01", "by": "CPR team", "note": "Checked."}]},
    "problem-report": {"cleared": "2024-03-19 16:30", "no_revocation": "Nothing to revoke."},
}


def write_poisoned(source: Path, target: Path, kind: str, **extra: Any) -> list[str]:
    data = yaml.load(source.read_text(), Loader=_Loader)  # a SafeLoader
    for key, value in FILL.get(kind, {}).items():
        data.setdefault(key, value)
    changed = poison(data, kind)
    for path, value in extra.items():
        _set(data, tuple(int(p) if p.isdigit() else p for p in path.split("__")), value)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(yaml.safe_dump(data, allow_unicode=False, sort_keys=False, width=1000))
    return [f"{kind}:{c}" for c in changed]


def _git(root: Path, *args: str, author: str = "Test", stdin: bytes | None = None) -> str:
    env = {
        "GIT_AUTHOR_DATE": "2024-06-01T12:00:00+00:00",
        "GIT_COMMITTER_DATE": "2024-06-01T12:00:00+00:00",
        "GIT_AUTHOR_NAME": author,
        "GIT_AUTHOR_EMAIL": "m@example.org",
        "GIT_COMMITTER_NAME": "Test",
        "GIT_COMMITTER_EMAIL": "t@example.org",
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(root),
    }
    done = subprocess.run(
        ["git", *args], cwd=root, env=env, check=True, capture_output=True, input=stdin
    )
    return done.stdout.decode().strip()


def build_ledger(root: Path) -> list[str]:
    """The hostile ledger at `root`, as a git repository of three commits; the fields changed."""
    incident = REPO / "incidents" / "2024" / "cfca-cpr-response.yaml"
    target = root / "incidents" / FOLDER / "cfca-cpr-response.yaml"
    shutil.copytree(REPO / "ledger", root / "ledger")
    # the first commit: an action item's due date that only this old commit carries
    write_poisoned(incident, target, "incident", action_items__0__due=OLD_DUE)
    _git(root, "init", "-q", "-b", "main")
    _git(root, "add", "-A")
    _git(root, "commit", "-q", "-m", SUBJECT, author=AUTHOR)
    changed = write_poisoned(incident, target, "incident")
    for folder, kind in (("contacts", "contact"), ("problem-reports", "problem-report")):
        for path in sorted((root / "ledger" / folder).glob("*.yaml")):
            changed += write_poisoned(path, path, kind)
    _git(root, "add", "-A")
    _git(root, "commit", "-q", "-m", SUBJECT, author=AUTHOR)
    _raw_commit(root)
    return changed


def _raw_commit(root: Path) -> None:
    """A commit whose author name holds what `git commit` refuses: written as a raw object."""
    tree, parent = _git(root, "write-tree"), _git(root, "rev-parse", "HEAD")
    person = f"{RAW_AUTHOR} <m@example.org> 1717243300 +0000"
    body = f"tree {tree}\nparent {parent}\nauthor {person}\ncommitter {person}\n\n{SUBJECT}\n"
    sha = _git(root, "hash-object", "-t", "commit", "-w", "--stdin", stdin=body.encode())
    _git(root, "update-ref", "HEAD", sha)
