"""Dates, instants and zones of a record that failed the schema, parsed all the same.

A record with schema errors is not built into the model, yet its impossible dates belong in
the same run's report, not in the next one after the schema errors are fixed. This walks the
record alongside its schema and parses each value the schema declares a date, instant, when or
zone. A value of the wrong form is skipped: the schema has already said so.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from datetime import UTC, tzinfo
from functools import cache
from typing import Any

from generator import schema
from generator.construct import parse_at
from generator.diagnostics import Diagnostic
from generator.load import Document
from generator.values import parse_date, parse_instant, parse_when, parse_zone

Path = tuple[str | int, ...]
VALUE_DEFS = ("date", "instant", "when", "zone")
_BRANCHES = ("anyOf", "oneOf", "allOf")


def scan_values(kind: str, doc: Document) -> list[Diagnostic]:
    """A diagnostic for every date, instant or zone in `doc` that is well formed but not real."""
    found = dict(_typed_values(kind, schema.schema(kind), doc.data, ()))
    zone: tzinfo | None = None
    out: list[Diagnostic] = []
    if found.pop(("timezone",), None) == "zone":
        zone = parse_at(doc, ("timezone",), parse_zone, out) or UTC  # a bad zone is blamed once
    parsers: dict[str, Callable[[str], object]] = {
        "date": parse_date,
        "zone": parse_zone,
        "instant": lambda text: parse_instant(text, zone),
        "when": lambda text: parse_when(text, zone, zone or UTC),
    }
    for path, name in sorted(found.items(), key=lambda item: [str(p) for p in item[0]]):
        parse_at(doc, path, parsers[name], out)
    return out


def _typed_values(kind: str, sub: Any, data: Any, path: Path) -> Iterator[tuple[Path, str]]:
    """(path, def name) for each value of `data` that `sub` declares a date, instant, when, zone."""
    if not isinstance(sub, dict):
        return
    ref = sub.get("$ref", "")
    name = ref.removeprefix("#/$defs/")
    if name in VALUE_DEFS:
        if isinstance(data, str) and _well_formed(kind, name, data):
            yield path, name
        return
    if ref.startswith("#/"):
        target: Any = schema.schema(kind)
        for part in ref[2:].split("/"):
            target = target[part]
        yield from _typed_values(kind, target, data, path)
    if isinstance(data, dict):
        props = sub.get("properties", {})
        for key, value in data.items():
            if key in props:
                yield from _typed_values(kind, props[key], value, (*path, key))
    elif isinstance(data, list) and "items" in sub:
        for i, value in enumerate(data):
            yield from _typed_values(kind, sub["items"], value, (*path, i))
    for key in _BRANCHES:
        for branch in sub.get(key, ()):
            yield from _typed_values(kind, branch, data, path)


def _well_formed(kind: str, name: str, text: str) -> bool:
    pattern = _pattern(kind, name)
    return bool(text) if pattern is None else pattern.search(text) is not None


@cache
def _pattern(kind: str, name: str) -> re.Pattern[str] | None:
    source = schema.schema(kind)["$defs"][name].get("pattern")
    return None if source is None else re.compile(source)
