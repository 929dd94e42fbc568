"""Fuzzing through the CLI (issue 7, item 1): any input ends in exit 0, 1 or 2, never a crash.

Valid records are mutated field by field (a value replaced, a key dropped, a key added), and
random YAML and random bytes are written as records; `ledger validate` and `ledger check` run
on each. The seed is fixed and the number of examples bounded; `LEDGER_FUZZ_EXAMPLES=20000`
runs a long session. An input that fails is saved to tests/fuzz-corpus/, which
`test_corpus_replays` runs every time.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.cli import main

EXAMPLES = int(os.environ.get("LEDGER_FUZZ_EXAMPLES", "60"))
SETTINGS = settings(max_examples=EXAMPLES, derandomize=True, deadline=None, database=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
TESTS = Path(__file__).resolve().parent
CORPUS = TESTS / "fuzz-corpus"
PROJECT = TESTS.parent
# record files to mutate, each as (path in the ledger, its data)
SEEDS = [
    (p.relative_to(PROJECT).as_posix(), yaml.safe_load(p.read_text("utf-8")))
    for p in sorted([*PROJECT.glob("incidents/**/*.yaml"), *PROJECT.glob("ledger/**/*.yaml")])
]
Path_ = tuple[str | int, ...]

SPECIAL = st.sampled_from([
    "", " ", "no", "yes", "2024-02-30", "2024-13-01", "0000-01-01", "2024-03-04T24:00", "2024-03-04T08:00",
    "2024-03-04T08:00+14:01", "2024-03-04 08:00 +08", "UTC+15", "localtime", "../etc/passwd", "CEST",
    "Mars/Base", "javascript:alert(1)", "https://x", "<script>alert(1)</script>", "a\u202eb", "\x1b[31m",
    "cfca-cpr-response", "cfca-rc-mailbox", "closed", "complete", "x" * 300,
])  # fmt: skip
SCALARS = st.one_of(SPECIAL, st.text(max_size=20), st.integers(), st.floats(), st.booleans(), st.none())
VALUES = st.recursive(SCALARS, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=8), inner, max_size=4)), max_leaves=8)


def paths(data: Any, at: Path_ = ()) -> Iterator[Path_]:
    """Every path into `data` that leads to a value."""
    if at:
        yield at
    if isinstance(data, dict):
        for key, value in data.items():
            yield from paths(value, (*at, key))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            yield from paths(value, (*at, i))


def mutate(data: Any, path: Path_, how: str, value: Any) -> Any:
    *parents, last = path
    target = data
    for step in parents:
        target = target[step]
    if how == "replace":
        target[last] = value
    elif how == "drop":
        del target[last]
    elif isinstance(target, dict):
        target[f"{last}_extra"] = value
    else:
        target.append(value)
    return data


def run(files: dict[str, bytes]) -> None:
    """The ledger = the example ledger with `files` written over it; validate and check it."""
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        for top in ("incidents", "ledger"):
            shutil.copytree(PROJECT / top, root / top)
        for rel, raw in files.items():
            (root / rel).write_bytes(raw)
        for argv in (["validate", "--root", tmp], ["check", "--root", tmp, "--as-of", "2025-06-01"]):
            out, err = io.StringIO(), io.StringIO()
            with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
                try:
                    code = main(argv)
                except BaseException:
                    _keep(files)
                    raise
            if code not in (0, 1, 2) or "internal error" in err.getvalue():
                _keep(files)
            assert code in (0, 1, 2), err.getvalue()
            assert "internal error" not in err.getvalue()
            assert code == 0 or out.getvalue() or err.getvalue(), "a failure must say why"


def _keep(files: dict[str, bytes]) -> None:
    for rel, raw in files.items():
        name = hashlib.sha256(rel.encode() + raw).hexdigest()[:16]
        CORPUS.mkdir(exist_ok=True)
        (CORPUS / f"{name}.{rel.replace('/', '__')}").write_bytes(raw)


@SETTINGS
@given(st.data())
def test_mutated_records(data: st.DataObject) -> None:
    rel, record = data.draw(st.sampled_from(SEEDS))
    record = yaml.safe_load(yaml.safe_dump(record))  # a fresh copy, dates as the dumper writes them
    path = data.draw(st.sampled_from(list(paths(record))))
    how = data.draw(st.sampled_from(["replace", "drop", "add"]))
    changed = mutate(record, path, how, data.draw(VALUES))
    run({rel: yaml.safe_dump(changed, allow_unicode=True).encode("utf-8", "surrogatepass")})


TOKENS = st.sampled_from([
    "title", "status", "opened", "timeline", "action_items", "owners", "channel", ":", ": ", "- ", "\n", "  ",
    "[", "]", "{", "}", ",", "&a ", "*a", "!!python/object:os.system ", "'", '"', "#", "---\n", "? ", "|\n",
    "2024-02-30", "2024-03-04T08:00Z", "open", "closed", "yes", "~", "<<", "\ufeff", "\u202e", "\r\n", "\x00",
])  # fmt: skip


@SETTINGS
@given(st.lists(TOKENS, max_size=50).map("".join))
def test_random_yaml(text: str) -> None:
    run({"incidents/2024/cfca-cpr-response.yaml": text.encode("utf-8", "surrogatepass")})


@SETTINGS
@given(st.binary(max_size=1000))
def test_random_bytes(raw: bytes) -> None:
    run({"ledger/contacts/cfca-rc-mailbox.yaml": raw})


def test_corpus_replays() -> None:
    files = sorted(p for p in CORPUS.iterdir() if p.name != "README.md")
    assert files, "the corpus keeps every input that once failed"
    for path in files:
        rel = path.name.split(".", 1)[1].replace("__", "/")
        run({rel: path.read_bytes()})
