"""The example ledgers under tests/cases/: every invalid one exits 1 with exactly its diagnostics."""

from __future__ import annotations

import copy
import functools
from collections.abc import Callable
from pathlib import Path

import fastjsonschema
import jsonschema
import pytest

from casefiles import case_dirs, compare, expected_lines, run_validate
from generator import schema
from generator.discover import classify
from generator.load import Document, load_bytes

VALID = case_dirs("valid")
INVALID = case_dirs("invalid")


def test_the_corpus_is_large_enough() -> None:
    assert len(INVALID) >= 40
    assert all((case / "expected.txt").exists() for case in INVALID)


@pytest.mark.parametrize("case", VALID, ids=[c.name for c in VALID])
def test_valid_case_exits_0(case: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, found, err = run_validate(case, capsys)
    compare(case, found)  # only warnings, if any
    assert code == 0, found
    assert "internal error" not in err


@pytest.mark.parametrize("case", INVALID, ids=[c.name for c in INVALID])
def test_invalid_case_exits_1_with_its_diagnostics(case: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, found, err = run_validate(case, capsys)
    compare(case, found)
    assert code == 1
    assert found, "an invalid case must say what is wrong"
    assert "internal error" not in err


@pytest.mark.parametrize("case", INVALID, ids=[c.name for c in INVALID])
def test_text_report_names_each_position(case: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from generator.cli import main

    capsys.readouterr()
    assert main(["validate", "--root", str(case), "--format", "text"]) == 1
    out = capsys.readouterr().out
    for line in expected_lines(case):
        where, code = line.rsplit(" ", 1)
        assert f"{where}: {code} " in out


def _documents(case: Path) -> list[tuple[str, Document]]:
    paths = [p.relative_to(case).as_posix() for p in case.rglob("*") if p.is_file()]
    records, _ = classify(p for p in paths if p.startswith(("incidents/", "ledger/")))
    docs = []
    for record in records:
        loaded = load_bytes(record.path, (case / record.path).read_bytes())
        if isinstance(loaded, Document):
            docs.append((record.kind, loaded))
    return docs


ALL_DOCUMENTS = [
    pytest.param(kind, doc, id=f"{case.parent.name}/{case.name}/{doc.path}")
    for case in VALID + INVALID
    for kind, doc in _documents(case)
]


@functools.cache
def _fast(kind: str) -> Callable[[object], object]:
    # compiled from a copy: fastjsonschema rewrites `$ref`s in the schema it is given
    return fastjsonschema.compile(copy.deepcopy(schema.schema(kind)))  # type: ignore[no-any-return]


@pytest.mark.parametrize(("kind", "doc"), ALL_DOCUMENTS)
def test_jsonschema_and_fastjsonschema_agree(kind: str, doc: Document) -> None:
    full = jsonschema.Draft202012Validator(schema.schema(kind)).is_valid(doc.data)
    try:
        _fast(kind)(doc.data)
    except fastjsonschema.JsonSchemaValueException:
        assert not full
    else:
        assert full


@pytest.mark.parametrize(("kind", "doc"), ALL_DOCUMENTS)
def test_the_fast_gate_agrees_with_jsonschema(kind: str, doc: Document) -> None:
    # validate trusts jsonschema-rs's yes; a yes that jsonschema would refuse loses errors
    full = jsonschema.Draft202012Validator(schema.schema(kind)).is_valid(doc.data)
    assert schema.is_valid(kind, doc.data) is full


def test_every_code_is_documented() -> None:
    from generator import codes

    doc = (Path(__file__).resolve().parent.parent / "docs" / "format.md").read_text("utf-8")
    for problem in vars(codes).values():
        if isinstance(problem, codes.Problem):
            assert f"| {problem.code} | {problem.name} |" in doc, problem
