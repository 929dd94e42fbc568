"""The validators generated into the package are current and agree with a fresh compile."""

from __future__ import annotations

import copy
import importlib
from pathlib import Path

import fastjsonschema
import pytest

from generator import fastschema, schema
from generator.load import load_bytes

ROOT = Path(__file__).resolve().parent.parent
CASES = sorted((ROOT / "tests" / "cases").rglob("*.yaml")) + sorted((ROOT / "incidents").rglob("*.yaml"))


@pytest.mark.parametrize("kind", fastschema.KINDS)
def test_generated_module_matches_its_schema(kind: str) -> None:
    module = importlib.import_module(f"generator._validators.{fastschema.module_name(kind)}")
    assert module.SCHEMA_SHA256 == fastschema.digest(kind), (
        f"{kind}.schema.json changed: run `python -m generator.fastschema` and commit the result"
    )
    assert fastschema.validator(kind, schema.schema(kind)) is module.VALIDATE


def _kind(path: Path) -> str:
    text = path.as_posix()
    if "/contacts/" in text:
        return "contact"
    if "/problem-reports/" in text:
        return "problem-report"
    return "policy" if path.stem == "policy" else "incident"


def _verdict(check: object, data: object) -> bool:
    try:
        check(data)  # type: ignore[operator]
    except fastjsonschema.JsonSchemaValueException:
        return False
    return True


def test_generated_and_fresh_validators_agree_on_every_case_file() -> None:
    fresh = {k: fastjsonschema.compile(copy.deepcopy(schema.schema(k))) for k in fastschema.KINDS}
    compared = 0
    for path in CASES:
        doc = load_bytes(path.name, path.read_bytes())
        if not hasattr(doc, "data"):
            continue
        kind = _kind(path)
        generated = fastschema.validator(kind, schema.schema(kind))
        assert _verdict(generated, doc.data) == _verdict(fresh[kind], doc.data), path
        compared += 1
    assert compared > 50
