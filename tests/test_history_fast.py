"""The fast field history (event walk, worker processes) against the strict loader's.

`build.Strict` loads every version whole with the strict loader: the reference. The fast path
(`quick.read` in this process or in workers) must give the same facts for every version and
so the same history, on a generated repository, on hand-made versions the strict loader
refuses, on the project's corpora of odd YAML, and on random YAML.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest
from history_repo import Repo, incident, isolate, item, strict_history
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bench.gen_ledger import generate
from generator.history import PATHSPECS, History, git, quick, workers
from generator.history.build import build
from generator.history.fields import facts, facts_of
from generator.history.logparse import LOG_ARGS, parse

TESTS = Path(__file__).parent
EXAMPLES = int(os.environ.get("LEDGER_FUZZ_EXAMPLES", "300"))


def histories(root: Path, **options: int) -> tuple[History, History]:
    """(strict, fast) histories of the repository at `root`, built from the same log."""
    repo = git.open_repo(root)
    head = git.head(repo)
    assert head is not None
    with workers.Parser(repo, **options) as parser:
        parser.offer_tree(git.tree(repo, head, PATHSPECS))
        fast = build(parse(git.stream(repo, [*LOG_ARGS, head, "--", *PATHSPECS])), parser, head)
    return strict_history(repo, head), fast


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("generated") / "ledger"
    with pytest.MonkeyPatch.context() as patch:
        isolate(patch, out.parent / "home")
        generate(out, 50, git_commits=300)
    return out


def test_generated_repository_in_this_process(generated: Path) -> None:
    strict, fast = histories(generated)  # about 400 versions: below START_AT, no workers
    assert fast == strict
    assert sum(len(f.changes) for f in strict.files.values()) > 50
    assert sum(len(f.recorded) for f in strict.files.values()) > 50


def test_generated_repository_in_workers(generated: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    started: list[int] = []
    real = workers._Worker.__init__

    def counted(self: workers._Worker, root: Path) -> None:
        started.append(1)
        real(self, root)

    monkeypatch.setattr(workers._Worker, "__init__", counted)
    strict, fast = histories(generated, start_at=1, workers=2)
    assert len(started) == 2
    assert fast == strict


# started as workers.COMMAND + [package folder, ledger root]: the root is "$2"
CUT_SHORT = f'"{sys.executable}" -m generator.history.worker "$2" | head -c 100000'


@pytest.mark.parametrize("command", [["false"], ["sh", "-c", CUT_SHORT, "sh"]])
def test_a_worker_that_fails_costs_only_time(generated: Path, monkeypatch: pytest.MonkeyPatch,
                                             command: list[str]) -> None:
    """A worker that dies at once, or stops mid-answer: this process parses the rest."""
    monkeypatch.setattr(workers, "COMMAND", command)
    strict, fast = histories(generated, start_at=1, workers=2)
    assert fast == strict


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Repo:
    isolate(monkeypatch, tmp_path / "home")
    return Repo(tmp_path / "ledger")


# versions the strict loader refuses, or that the event walk must hand to it
REFUSED = {
    "duplicate key": "status: open\nstatus: closed\n",
    "duplicate key in an item": "action_items:\n  - {id: a, due: 2024-07-02, due: 2024-07-09}\n",
    "duplicate key deep down": "timeline:\n  - {at: x, event: y, event: z}\n",
    "number as key": "1: x\nstatus: open\n",
    "boolean as key": "true: x\n",
    "null key": "~: x\n",
    "collection as key": "? [a]\n: x\n",
    "alias": "a: &x 1\nb: *x\n",
    "anchor alone": "status: &s open\n",
    "tag": "status: !!str open\n",
    "python tag": "status: !!python/object:os.system open\n",
    "long integer": "n: " + "9" * 120 + "\n",
    "lone surrogate": 'summary: "\\ud800"\n',
    "deep nesting": "a: " + "[" * 70 + "]" * 70 + "\n",
    "list on top": "- status: open\n",
    "scalar on top": "open\n",
    "empty": "",
    "comment only": "# nothing\n",
    "two documents": "status: open\n---\nstatus: closed\n",
    "bad syntax": "status: [open\n",
    "control character": "status: op\x07en\n",
    "not UTF-8": b"status: \xff\n",
    "byte order mark": "\ufeffstatus: open\n",
    "numbers and nulls": "status: 1\ntimezone: ~\naction_items:\n  - {id: 7, due: 2024-07-01}\n",
    "mapping where a list is": "action_items: {id: a}\nupdates: text\n",
    "empty strings": "status: ''\naction_items:\n  - {id: a, due: '', status: ''}\n",
    "quoted keys": "'status': open\n\"action_items\":\n  - {\"id\": a, 'due': 2024-07-03}\n",
    "block scalar": "status: |\n  open\n",
    "merge key": "<<: {status: open}\n",
    "yaml directive": "%YAML 1.1\n---\nstatus: open\n",
}


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_odd_versions_between_valid_ones(repo: Repo, name: str) -> None:
    text = REFUSED[name]
    repo.write("incidents/x.yaml", incident(items=item("a", "2024-07-01")))
    repo.commit("first", "2024-05-01T10:00:00Z")
    odd = text if isinstance(text, bytes) else text.encode("utf-8", "surrogatepass")
    (repo.path / "incidents/x.yaml").write_bytes(odd)
    repo.commit("odd", "2024-05-02T10:00:00Z")
    repo.write("incidents/x.yaml", incident(status="closed", items=item("a", "2024-07-05")))
    repo.commit("last", "2024-05-03T10:00:00Z")
    strict, fast = histories(repo.path)
    assert fast == strict
    assert quick_facts("incidents/x.yaml", odd) == facts("incidents/x.yaml", odd)


def quick_facts(path: str, raw: bytes) -> object:
    slim = quick.read(raw)
    kind = "contact" if path.startswith("ledger/contacts/") else "incident"
    return None if slim is None else facts_of(kind, slim)


def corpus() -> list[Path]:
    found = [p for p in TESTS.rglob("*") if p.is_file() and p.suffix in (".yaml", ".yml")]
    found += [p for p in (TESTS / "fuzz-corpus").iterdir() if p.is_file()]
    for folder in ("incidents", "ledger"):  # the example ledger
        found += (TESTS.parent / folder).rglob("*.yaml")
    return sorted(set(found))


@pytest.mark.parametrize("kind_path", ["incidents/x.yaml", "ledger/contacts/x.yaml"])
def test_corpora_of_odd_yaml(kind_path: str) -> None:
    files = corpus()
    assert len(files) > 300
    for path in files:
        raw = path.read_bytes()
        assert quick_facts(kind_path, raw) == facts(kind_path, raw), path


KEYS = ["status", "timezone", "action_items", "updates", "questions", "owners", "id", "due",
        "completed", "at", "answered", "owner", "until", "title"]
PIECES = st.sampled_from([
    *KEYS, *(k + ": " for k in KEYS), "\n", "  ", "- ", "-", ":", ", ", "[", "]", "{", "}",
    "2024-07-01", "2024-07-01T10:00Z", "+08:00", "'", '"', "&x ", "*x", "!!str ", "!t ", "~",
    "null", "true", "12", "0x1F", "9" * 101, "\\ud800", "\\n", "#", "---\n", "|\n", ">-\n",
    "? ", "\t", "\ufeff", "\x07", "é", "<<: ", "%YAML 1.1\n",
])  # fmt: skip


@settings(max_examples=EXAMPLES, derandomize=True, deadline=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(PIECES, max_size=80).map("".join))
def test_random_yaml(text: str) -> None:
    raw = text.encode("utf-8", "surrogatepass")
    for path in ("incidents/x.yaml", "ledger/contacts/x.yaml"):
        assert quick_facts(path, raw) == facts(path, raw)
