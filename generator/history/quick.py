"""The audited keys of a record version from libyaml's event stream, without building the data.

The strict loader composes every node, resolves every scalar in Python and constructs the
whole document: about 2 ms a version, and a long history holds tens of thousands of
versions. Field history needs a handful of values and one bit: does the version load?

`read` walks the events once. It keeps only what `fields` reads (the top-level keys in
KEEP_TOP, the mappings in their lists, and those mappings' keys in KEEP_ITEM) and checks on
the way what the strict loader refuses after parsing: duplicate keys, keys that are not
text, integers that are too long, lone surrogates, nesting too deep. libyaml itself refuses
bad syntax and control characters. Whatever the walk is not sure of (an anchor, an alias, a
tag, a second document, a top level that is not a mapping, any parse error) goes to the
strict loader (`load.parse`), so the answer is always the strict loader's.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

import yaml

from generator.diagnostics import Diagnostic
from generator.load import (
    _SURROGATE,
    LIBYAML,
    MAX_DEPTH,
    MAX_DIGITS,
    _CParser,
    _Resolver,
    decode,
    parse,
)

KEEP_TOP = frozenset(
    {
        "status",
        "timezone",
        "action_items",
        "updates",
        "questions",
        "owners",
        "next_update",
        "opened",
        "aware",
        # dated facts whose recording `recorded-late` compares with their claimed dates
        "reports",
        "closure",
        "promises",
        "notifications",
        "verifications",
        "acknowledged",
        "preliminary_report",
        "preliminary_report_subscriber",
        "revoked",
        "cleared",
    }
)
KEEP_ITEM = frozenset(
    {
        "id",
        "due",
        "status",
        "completed",
        "at",
        "answered",
        "owner",
        "until",
        "kind",
        "posted",
        "kept",
        "what",
        "to",
        "on",
        "from",
        "registry_updated",
    }
)
_STR = "tag:yaml.org,2002:str"
_INT = "tag:yaml.org,2002:int"
_RESOLVERS: dict[Any, list[tuple[str, Any]]] = _Resolver.yaml_implicit_resolvers
_WILDCARD = tuple(_RESOLVERS.get(None, ()))


Slim = dict[str, Any]  # the kept keys of a record: text values, None for any other value


class _Unsure(Exception):
    """The event walk met something only the strict loader may judge."""


def read(raw: bytes) -> Slim | None:
    """The kept keys of one record version; None when the strict loader refuses the version.

    `fields.facts_of(kind, read(raw))` equals `fields.facts(path, raw)` for a record at `path`.
    """
    text = decode("", raw)
    if isinstance(text, Diagnostic):
        return None
    try:
        return _document(text) if LIBYAML else _strict(text)
    except (_Unsure, yaml.YAMLError, ValueError, RecursionError):
        return _strict(text)


def _strict(text: str) -> Slim | None:
    doc = parse("", text)
    return None if isinstance(doc, Diagnostic) else slim(doc.data)


def slim(data: dict[str, Any]) -> Slim:
    """A loaded record cut to what `fields` reads, in the shape the event walk builds."""
    return {key: _slim_value(value, True) for key, value in data.items() if key in KEEP_TOP}


def _slim_value(value: Any, items: bool) -> Any:
    if isinstance(value, str):
        return value
    if items and isinstance(value, dict):  # a top-level mapping (the closure summary)
        return {k: _slim_value(v, False) for k, v in value.items() if k in KEEP_ITEM}
    if items and isinstance(value, list):
        return [
            {k: _slim_value(v, False) for k, v in x.items() if k in KEEP_ITEM}
            for x in value
            if isinstance(x, dict)
        ]
    return None


def _document(text: str) -> Slim:
    parser: Any = _CParser(text)
    try:
        next_event = parser.get_event
        _expect(next_event(), yaml.StreamStartEvent)
        _expect(next_event(), yaml.DocumentStartEvent)
        _expect(next_event(), yaml.MappingStartEvent)
        data = _mapping(next_event, 1, KEEP_TOP)
        _expect(next_event(), yaml.DocumentEndEvent)
        _expect(next_event(), yaml.StreamEndEvent)
        return data
    finally:
        parser.dispose()


def _expect(event: Any, kind: type[yaml.Event]) -> None:
    if type(event) is not kind or getattr(event, "tag", None) or getattr(event, "anchor", None):
        raise _Unsure


# The walk below runs a few hundred times per version: classes are compared by identity and
# only kept values and keys are typed (resolved), the rest only checked.
_SCALAR = yaml.ScalarEvent
_MAP, _MAP_END = yaml.MappingStartEvent, yaml.MappingEndEvent
_SEQ, _SEQ_END = yaml.SequenceStartEvent, yaml.SequenceEndEvent
_NOTHING: frozenset[str] = frozenset()
NextEvent = Callable[[], Any]


def _mapping(next_event: NextEvent, depth: int, keep: frozenset[str]) -> Slim:
    """A mapping's kept keys; every key is checked (text, not repeated)."""
    out: Slim = {}
    seen: set[str] = set()
    while (event := next_event()).__class__ is not _MAP_END:
        if event.__class__ is not _SCALAR:
            raise _Unsure  # a collection as a key, or an alias
        key = _scalar(event, True)
        if key is None or key in seen:
            raise _Unsure  # a key that is not text, or a duplicate: the strict loader words it
        seen.add(key)
        event = next_event()
        if key in keep:
            out[key] = _value(next_event, event, depth, keep is KEEP_TOP)
        elif event.__class__ is _SCALAR:
            _scalar(event, False)
        else:
            _value(next_event, event, depth, False)
    return out


def _value(next_event: NextEvent, event: Any, depth: int, items: bool) -> Any:
    """A kept scalar as text (None if not text); for a kept list (`items`) its mappings' keys."""
    kind = event.__class__
    if kind is _SCALAR:
        return _scalar(event, True)
    if kind is not _MAP and kind is not _SEQ:
        raise _Unsure  # an alias
    if event.tag is not None or event.anchor is not None or depth >= MAX_DEPTH:
        raise _Unsure  # a tag, an anchor, or nested too deep
    if kind is _MAP:
        kept = _mapping(next_event, depth + 1, KEEP_ITEM if items else _NOTHING)
        return kept if items else None
    return _sequence(next_event, depth + 1, items)


def _sequence(next_event: NextEvent, depth: int, items: bool) -> list[Slim] | None:
    out: list[Slim] = []
    while (event := next_event()).__class__ is not _SEQ_END:
        if event.__class__ is _SCALAR:
            _scalar(event, False)
        elif items and event.__class__ is _MAP and event.tag is None and event.anchor is None:
            if depth >= MAX_DEPTH:
                raise _Unsure
            out.append(_mapping(next_event, depth + 1, KEEP_ITEM))
        else:
            _value(next_event, event, depth, False)
    return out if items else None


def _scalar(event: Any, typed: bool) -> str | None:
    """Checks a scalar as the strict loader would; `typed`: its value if text, else None."""
    if event.tag is not None or event.anchor is not None:
        raise _Unsure
    value: str = event.value
    if event.implicit[0]:  # plain: typed by the resolver
        if typed or len(value) > MAX_DIGITS:
            tag = _resolve(value)
            if tag == _INT and len(value) > MAX_DIGITS:
                raise _Unsure
            return value if tag == _STR else None
        return value
    if event.style == '"' and _SURROGATE.search(value):
        raise _Unsure  # only a "\ud800" escape can make a lone surrogate
    return value  # quoted or block: always text


@functools.lru_cache(maxsize=4096)  # keys and statuses repeat in every version
def _resolve(value: str) -> str:
    """The tag the strict loader's resolver gives a plain scalar (BaseResolver.resolve's lookup)."""
    for tag, pattern in (*_RESOLVERS.get(value[0] if value else "", ()), *_WILDCARD):
        if pattern.match(value):
            return str(tag)
    return _STR
